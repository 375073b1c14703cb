/*
 * Copyright 2026 The Parley authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.parley.core.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads RIFF WAVE files into {@link AudioClip}s.
 *
 * <p>Stateless and thread-safe. Reads 16-bit PCM, 32-bit IEEE float, 8-bit μ-law and A-law, plain
 * or inside {@code WAVE_FORMAT_EXTENSIBLE}, with 1 to {@value AudioFormat#MAX_CHANNELS} channels.
 * Chunks other than {@code fmt } and {@code data} (LIST, fact, cue and the like) are skipped,
 * honouring the pad byte after an odd-sized chunk, and may come in any order.
 *
 * <p>A recording cut off while it was being written is accepted: a data chunk declaring 0 or
 * 0xFFFFFFFF bytes and running to the end of the file (the sizes a streaming writer leaves until it
 * can patch them) takes the rest of the file, and a trailing partial block is dropped. A data chunk
 * declaring more bytes than the file holds (a cut download, a writer killed before it could patch
 * the size) is read as far as it goes, as sox and ffmpeg do, and one line saying so goes to the
 * caller's {@link Warnings}: a reader that drops audio without a word would hide a broken pipeline.
 * A header that cannot be parsed (no RIFF/WAVE, no fmt chunk, a fmt or other chunk before the audio
 * that runs past the end) stays an error. Every failure is a {@link WavFormatException} with a
 * one-line message.
 */
public final class WavReader {
  private static final int RIFF = fourCc("RIFF");
  private static final int RIFX = fourCc("RIFX");
  private static final int RF64 = fourCc("RF64");
  private static final int WAVE = fourCc("WAVE");
  private static final int FMT = fourCc("fmt ");
  private static final int DATA = fourCc("data");

  static final int TAG_PCM = 0x0001;
  static final int TAG_IEEE_FLOAT = 0x0003;
  static final int TAG_ALAW = 0x0006;
  static final int TAG_MULAW = 0x0007;
  static final int TAG_EXTENSIBLE = 0xFFFE;

  private static final long UNKNOWN_SIZE = 0xFFFF_FFFFL;
  private static final int CHUNK_HEADER_BYTES = 8;

  /** The last 14 bytes shared by the KSDATAFORMAT_SUBTYPE GUIDs of the classic format tags. */
  private static final byte[] SUBFORMAT_SUFFIX =
      HexFormat.of().parseHex("000000001000800000aa00389b71");

  private WavReader() {}

  /** Where a reader's one-line warnings go (standard error in the command-line tool). */
  @FunctionalInterface
  public interface Warnings {
    /** Ignores every warning, for callers that have nowhere to report one. */
    Warnings IGNORE = line -> {};

    /** Receives one warning line, without a trailing newline. */
    void warn(String line);
  }

  /**
   * Reads a WAV file.
   *
   * @throws WavFormatException if the file is not a WAV file Parley can read
   * @throws IOException if the file cannot be read
   */
  public static AudioClip read(Path path) throws IOException {
    return read(path, Warnings.IGNORE);
  }

  /**
   * Reads a WAV file, reporting a recoverable defect (a data chunk declaring more bytes than the
   * file holds) to {@code warnings} as one line that names the file and both sizes.
   *
   * @throws WavFormatException if the file is not a WAV file Parley can read
   * @throws IOException if the file cannot be read
   */
  public static AudioClip read(Path path, Warnings warnings) throws IOException {
    return read(Files.readAllBytes(path), path.toString(), warnings);
  }

  /**
   * Reads a WAV stream to its end; the caller closes the stream.
   *
   * @throws WavFormatException if the bytes are not a WAV file Parley can read
   * @throws IOException if the stream cannot be read
   */
  public static AudioClip read(InputStream in) throws IOException {
    return read(in.readAllBytes());
  }

  /**
   * Reads the WAV file held in {@code bytes}.
   *
   * @throws WavFormatException if the bytes are not a WAV file Parley can read
   */
  public static AudioClip read(byte[] bytes) throws WavFormatException {
    return read(bytes, "WAV", Warnings.IGNORE);
  }

  /**
   * Reads the WAV file held in {@code bytes}; {@code source} names it in warnings.
   *
   * @throws WavFormatException if the bytes are not a WAV file Parley can read
   */
  public static AudioClip read(byte[] bytes, String source, Warnings warnings)
      throws WavFormatException {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.length >= 12 && b.getInt(8) == WAVE) {
      if (b.getInt(0) == RIFX) {
        throw new WavFormatException("unsupported WAV container: big-endian RIFX");
      }
      if (b.getInt(0) == RF64) {
        throw new WavFormatException("unsupported WAV container: RF64");
      }
    }
    if (bytes.length < 12 || b.getInt(0) != RIFF || b.getInt(8) != WAVE) {
      throw new WavFormatException("not a WAV file (no RIFF/WAVE header)");
    }
    Fmt fmt = null;
    int dataStart = -1;
    int dataBytes = 0;
    int pos = 12;
    // The RIFF size is ignored: streaming writers leave it wrong, and the chunks say enough.
    while (bytes.length - pos >= CHUNK_HEADER_BYTES) {
      int id = b.getInt(pos);
      long size = Integer.toUnsignedLong(b.getInt(pos + 4));
      int body = pos + CHUNK_HEADER_BYTES;
      int remaining = bytes.length - body;
      if (id == DATA) {
        boolean first = dataStart < 0 || dataBytes == 0;
        if (size == UNKNOWN_SIZE || (size == 0 && remaining > 0 && !chunkAt(b, body))) {
          size = remaining;
        } else if (size > remaining) {
          if (first) {
            warnings.warn(
                source
                    + ": data chunk declares "
                    + size
                    + " bytes but the file holds "
                    + remaining
                    + "; reading the "
                    + remaining);
          }
          size = remaining;
        }
        if (first) {
          dataStart = body;
          dataBytes = (int) size;
        }
      } else if (size > remaining) {
        if (fmt != null && dataStart >= 0) {
          break; // Junk after the audio, such as a tag appended by another tool.
        }
        throw truncated(id, size, remaining);
      } else if (id == FMT) {
        fmt = parseFmt(b, body, (int) size);
      }
      long next = body + size;
      // Odd chunks are padded, but some writers forget the pad byte; follow whichever reading
      // finds the next chunk header.
      if ((size & 1) != 0 && !padMissing(b, next)) {
        next++;
      }
      if (next > bytes.length) {
        break;
      }
      pos = (int) next;
    }
    if (fmt == null) {
      throw new WavFormatException("WAV has no fmt chunk");
    }
    if (dataStart < 0) {
      throw new WavFormatException("WAV has no data chunk");
    }
    AudioFormat format = fmt.format();
    int frames = dataBytes / format.blockBytes();
    if (frames == 0) {
      throw new WavFormatException("WAV has no audio (empty data chunk)");
    }
    return new AudioClip(
        format.sampleRate(), format.channels(), decode(b, dataStart, frames, format));
  }

  private static float[] decode(ByteBuffer b, int start, int frames, AudioFormat format)
      throws WavFormatException {
    long count = (long) frames * format.channels();
    if (count > Integer.MAX_VALUE - 8) {
      throw new WavFormatException("WAV too long to hold in memory: " + count + " samples");
    }
    float[] samples = new float[(int) count];
    switch (format.encoding()) {
      case PCM16 -> {
        for (int i = 0; i < samples.length; i++) {
          samples[i] = b.getShort(start + 2 * i) / 32768f;
        }
      }
      case FLOAT32 -> {
        for (int i = 0; i < samples.length; i++) {
          samples[i] = b.getFloat(start + 4 * i);
        }
      }
      case MULAW -> {
        for (int i = 0; i < samples.length; i++) {
          samples[i] = G711.decodeMuLaw(b.get(start + i)) / 32768f;
        }
      }
      case ALAW -> {
        for (int i = 0; i < samples.length; i++) {
          samples[i] = G711.decodeALaw(b.get(start + i)) / 32768f;
        }
      }
    }
    return samples;
  }

  private static Fmt parseFmt(ByteBuffer b, int body, int size) throws WavFormatException {
    if (size < 16) {
      throw new WavFormatException(
          "malformed WAV: fmt chunk has " + size + " bytes, needs at least 16");
    }
    int tag = Short.toUnsignedInt(b.getShort(body));
    int channels = Short.toUnsignedInt(b.getShort(body + 2));
    long sampleRate = Integer.toUnsignedLong(b.getInt(body + 4));
    int bits = Short.toUnsignedInt(b.getShort(body + 14));
    if (tag == TAG_EXTENSIBLE) {
      if (size < 40) {
        throw new WavFormatException(
            "malformed WAV: extensible fmt chunk has " + size + " bytes, needs 40");
      }
      int guid = body + 24;
      for (int i = 0; i < SUBFORMAT_SUFFIX.length; i++) {
        if (b.get(guid + 2 + i) != SUBFORMAT_SUFFIX[i]) {
          throw new WavFormatException(
              "unsupported WAV encoding: extensible subformat " + guidText(b, guid));
        }
      }
      tag = Short.toUnsignedInt(b.getShort(guid));
    }
    return new Fmt(tag, channels, sampleRate, bits);
  }

  private static boolean padMissing(ByteBuffer b, long next) {
    return next < b.limit() && chunkAt(b, (int) next) && !chunkAt(b, (int) next + 1);
  }

  /** Whether a plausible chunk header (four printable ASCII bytes and a fitting size) is at pos. */
  private static boolean chunkAt(ByteBuffer b, int pos) {
    int remaining = b.limit() - pos;
    if (remaining < CHUNK_HEADER_BYTES) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      byte c = b.get(pos + i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return Integer.toUnsignedLong(b.getInt(pos + 4)) <= remaining - CHUNK_HEADER_BYTES;
  }

  private static WavFormatException truncated(int id, long declared, int remaining) {
    return new WavFormatException(
        "truncated WAV: "
            + chunkName(id)
            + " chunk declares "
            + declared
            + " bytes but "
            + remaining
            + " remain");
  }

  private static String chunkName(int id) {
    StringBuilder name = new StringBuilder(4);
    for (int i = 0; i < 4; i++) {
      int c = (id >>> (8 * i)) & 0xFF;
      if (c < 0x20 || c > 0x7E) {
        return String.format(Locale.ROOT, "0x%08X", Integer.reverseBytes(id));
      }
      name.append((char) c);
    }
    return name.toString().strip();
  }

  private static String guidText(ByteBuffer b, int pos) {
    // GUIDs store their first three fields little-endian and the last two as bytes.
    HexFormat hex = HexFormat.of();
    byte[] tail = new byte[8];
    b.get(pos + 8, tail);
    return String.format(
            Locale.ROOT,
            "{%08x-%04x-%04x-",
            b.getInt(pos),
            Short.toUnsignedInt(b.getShort(pos + 4)),
            Short.toUnsignedInt(b.getShort(pos + 6)))
        + hex.formatHex(tail, 0, 2)
        + "-"
        + hex.formatHex(tail, 2, 8)
        + "}";
  }

  private static int fourCc(String id) {
    return (id.charAt(0) & 0xFF)
        | (id.charAt(1) & 0xFF) << 8
        | (id.charAt(2) & 0xFF) << 16
        | (id.charAt(3) & 0xFF) << 24;
  }

  /** The fields of a fmt chunk that matter, with the extensible subformat already unwrapped. */
  private record Fmt(int tag, int channels, long sampleRate, int bits) {
    AudioFormat format() throws WavFormatException {
      AudioFormat.Encoding encoding =
          switch (tag) {
            case TAG_PCM -> bits == 16 ? AudioFormat.Encoding.PCM16 : null;
            case TAG_IEEE_FLOAT -> bits == 32 ? AudioFormat.Encoding.FLOAT32 : null;
            case TAG_MULAW -> bits == 8 ? AudioFormat.Encoding.MULAW : null;
            case TAG_ALAW -> bits == 8 ? AudioFormat.Encoding.ALAW : null;
            default -> null;
          };
      if (encoding == null) {
        throw new WavFormatException("unsupported WAV encoding: " + describe());
      }
      if (channels < 1 || channels > AudioFormat.MAX_CHANNELS) {
        throw new WavFormatException(
            "unsupported WAV channel count: "
                + channels
                + " (Parley reads 1 to "
                + AudioFormat.MAX_CHANNELS
                + ")");
      }
      if (sampleRate < 1 || sampleRate > AudioFormat.MAX_SAMPLE_RATE) {
        throw new WavFormatException("unsupported WAV sample rate: " + sampleRate + " Hz");
      }
      return new AudioFormat((int) sampleRate, channels, encoding);
    }

    private String describe() {
      return switch (tag) {
        case TAG_PCM -> bits + "-bit PCM";
        case TAG_IEEE_FLOAT -> bits + "-bit float";
        case TAG_MULAW -> bits + "-bit μ-law";
        case TAG_ALAW -> bits + "-bit A-law";
        default -> {
          String name = tagName(tag);
          String hex = String.format(Locale.ROOT, "format tag 0x%04X", tag);
          yield name == null ? hex : hex + " (" + name + ")";
        }
      };
    }

    private static @Nullable String tagName(int tag) {
      return switch (tag) {
        case 0x0002 -> "Microsoft ADPCM";
        case 0x0011 -> "IMA ADPCM";
        case 0x0031 -> "GSM 6.10";
        case 0x0050 -> "MPEG";
        case 0x0055 -> "MP3";
        case 0x00FF, 0x1610 -> "AAC";
        case 0x0161, 0x0162, 0x0163 -> "WMA";
        case 0x674F, 0x6750, 0x6751 -> "Vorbis";
        case 0xF1AC -> "FLAC";
        default -> null;
      };
    }
  }
}
