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

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Writes a RIFF WAVE file incrementally, so a long call can be recorded as it happens.
 *
 * <p>Not thread-safe: one owner writes. Samples are encoded into one reused direct buffer, so
 * {@code write} itself allocates nothing. The header is written first with the sizes a streaming
 * writer conventionally leaves unknown (0xFFFFFFFF), which {@link WavReader} and common tools read
 * as "to the end of the file", so a recording cut off by a crash stays readable; {@link #close()}
 * patches the real sizes.
 *
 * <p>Writes PCM16, 32-bit float, μ-law and A-law, mono or stereo. Non-PCM encodings get the 18-byte
 * fmt chunk and the fact chunk the WAVE specification asks of them.
 */
public final class WavWriter implements Closeable {
  private static final int BUFFER_BYTES = 16 * 1024;

  /** The largest RIFF size the 32-bit field holds without reading as the unknown 0xFFFFFFFF. */
  private static final long MAX_RIFF_BYTES = 0xFFFF_FFFEL;

  private final SeekableByteChannel channel;
  private final AudioFormat format;
  private final ByteBuffer buffer;
  private final int headerBytes;
  private long dataBytes;
  private boolean closed;

  private WavWriter(SeekableByteChannel channel, AudioFormat format) {
    this.channel = channel;
    this.format = format;
    this.headerBytes = headerBytes(format);
    this.buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    putHeader(buffer, format, -1);
  }

  /**
   * Creates or truncates {@code path} and writes a WAV header for {@code format}.
   *
   * @throws IllegalArgumentException if the format has more than two channels
   * @throws IOException if the file cannot be opened or written
   */
  public static WavWriter create(Path path, AudioFormat format) throws IOException {
    checkWritable(format);
    SeekableByteChannel channel =
        Files.newByteChannel(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    try {
      WavWriter writer = new WavWriter(channel, format);
      writer.drain();
      return writer;
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Writes a whole PCM16 file in one go.
   *
   * @param interleaved samples, {@code channels} per block
   * @throws IllegalArgumentException if the format is invalid or not mono or stereo
   * @throws IOException if the file cannot be written
   */
  public static void writePcm16(Path path, int sampleRate, int channels, short[] interleaved)
      throws IOException {
    write(path, new AudioFormat(sampleRate, channels, AudioFormat.Encoding.PCM16), interleaved);
  }

  /**
   * Writes a whole μ-law file in one go, encoding the PCM16 samples with {@link G711}.
   *
   * @param interleaved samples, {@code channels} per block
   * @throws IllegalArgumentException if the format is invalid or not mono or stereo
   * @throws IOException if the file cannot be written
   */
  public static void writeMuLaw(Path path, int sampleRate, int channels, short[] interleaved)
      throws IOException {
    write(path, new AudioFormat(sampleRate, channels, AudioFormat.Encoding.MULAW), interleaved);
  }

  /**
   * Writes a whole 32-bit float file in one go.
   *
   * @param interleaved samples, {@code channels} per block, nominally in [-1, 1]
   * @throws IllegalArgumentException if the format is invalid or not mono or stereo
   * @throws IOException if the file cannot be written
   */
  public static void writeFloat32(Path path, int sampleRate, int channels, float[] interleaved)
      throws IOException {
    try (WavWriter writer =
        create(path, new AudioFormat(sampleRate, channels, AudioFormat.Encoding.FLOAT32))) {
      writer.write(interleaved, 0, interleaved.length);
    }
  }

  /**
   * Writes a whole file of interleaved PCM16 samples in one go, encoded as {@code format} says.
   *
   * @throws IllegalArgumentException if the format is not mono or stereo
   * @throws IOException if the file cannot be written
   */
  public static void write(Path path, AudioFormat format, short[] interleaved) throws IOException {
    try (WavWriter writer = create(path, format)) {
      writer.write(interleaved, 0, interleaved.length);
    }
  }

  /**
   * A whole WAV file in memory, for a peer that takes WAV bytes (an upload, a test fixture).
   *
   * @param interleaved PCM16 samples, {@code format.channels()} per block, encoded as {@code
   *     format} says
   * @throws IllegalArgumentException if the format is not mono or stereo or the samples do not fill
   *     whole blocks
   */
  public static byte[] toBytes(AudioFormat format, short[] interleaved) {
    checkWritable(format);
    checkBlocks(format, interleaved.length);
    long data = (long) interleaved.length * format.encoding().bytesPerSample();
    long total = headerBytes(format) + data + (data & 1);
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("WAV of " + total + " bytes does not fit an array");
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    putHeader(bytes, format, data);
    encode(bytes, format.encoding(), interleaved, 0, interleaved.length);
    return bytes.array();
  }

  /** The format being written. */
  public AudioFormat format() {
    return format;
  }

  /** The blocks (samples per channel) written so far. */
  public long framesWritten() {
    return dataBytes / format.blockBytes();
  }

  /**
   * Appends {@code len} interleaved PCM16 samples from {@code samples[off..]}.
   *
   * @throws IllegalArgumentException if {@code len} is not a whole number of blocks
   * @throws IllegalStateException if the writer is closed
   * @throws IOException if writing fails or the file would outgrow the 4 GiB WAV limit
   */
  public void write(short[] samples, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, samples.length);
    reserve(len);
    AudioFormat.Encoding encoding = format.encoding();
    int bytesPerSample = encoding.bytesPerSample();
    for (int i = off, end = off + len; i < end; ) {
      if (buffer.remaining() < bytesPerSample) {
        drain();
      }
      int n = Math.min(end - i, buffer.remaining() / bytesPerSample);
      encode(buffer, encoding, samples, i, n);
      i += n;
    }
    dataBytes += (long) len * bytesPerSample;
  }

  /**
   * Appends {@code len} interleaved float samples from {@code samples[off..]}, where 1.0 is PCM16
   * full scale; integer encodings round and clip.
   *
   * @throws IllegalArgumentException if {@code len} is not a whole number of blocks
   * @throws IllegalStateException if the writer is closed
   * @throws IOException if writing fails or the file would outgrow the 4 GiB WAV limit
   */
  public void write(float[] samples, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, samples.length);
    reserve(len);
    AudioFormat.Encoding encoding = format.encoding();
    int bytesPerSample = encoding.bytesPerSample();
    for (int i = off, end = off + len; i < end; i++) {
      if (buffer.remaining() < bytesPerSample) {
        drain();
      }
      float sample = samples[i];
      switch (encoding) {
        case FLOAT32 -> buffer.putFloat(sample);
        case PCM16 -> buffer.putShort(toPcm16(sample));
        case MULAW -> buffer.put(G711.encodeMuLaw(toPcm16(sample)));
        case ALAW -> buffer.put(G711.encodeALaw(toPcm16(sample)));
      }
    }
    dataBytes += (long) len * bytesPerSample;
  }

  /**
   * Writes buffered samples to the file, so that a crash loses nothing written before this call.
   * The sizes in the header stay unknown until {@link #close()}; readers take the data to the end
   * of the file meanwhile.
   *
   * @throws IllegalStateException if the writer is closed
   * @throws IOException if writing fails
   */
  public void flush() throws IOException {
    if (closed) {
      throw new IllegalStateException("WavWriter is closed");
    }
    drain();
  }

  /**
   * Writes what is buffered, patches the RIFF, fact and data sizes and closes the file. Further
   * calls do nothing.
   *
   * @throws IOException if writing or closing fails; the file is closed either way
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      if ((dataBytes & 1) != 0) {
        if (!buffer.hasRemaining()) {
          drain();
        }
        buffer.put((byte) 0);
      }
      drain();
      putHeader(buffer, format, dataBytes);
      buffer.flip();
      channel.position(0);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  private void reserve(int samples) throws IOException {
    if (closed) {
      throw new IllegalStateException("WavWriter is closed");
    }
    checkBlocks(format, samples);
    long after = dataBytes + (long) samples * format.encoding().bytesPerSample();
    if (headerBytes - 8 + after + (after & 1) > MAX_RIFF_BYTES) {
      throw new IOException("WAV data would exceed the 4 GiB limit; start a new file");
    }
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private static void encode(
      ByteBuffer out, AudioFormat.Encoding encoding, short[] samples, int off, int len) {
    int end = off + len;
    switch (encoding) {
      case PCM16 -> {
        for (int i = off; i < end; i++) {
          out.putShort(samples[i]);
        }
      }
      case FLOAT32 -> {
        for (int i = off; i < end; i++) {
          out.putFloat(samples[i] / 32768f);
        }
      }
      case MULAW -> {
        for (int i = off; i < end; i++) {
          out.put(G711.encodeMuLaw(samples[i]));
        }
      }
      case ALAW -> {
        for (int i = off; i < end; i++) {
          out.put(G711.encodeALaw(samples[i]));
        }
      }
    }
  }

  private static short toPcm16(float sample) {
    return (short) Math.clamp(Math.round(sample * 32768f), Short.MIN_VALUE, Short.MAX_VALUE);
  }

  private static void checkWritable(AudioFormat format) {
    if (format.channels() > 2) {
      throw new IllegalArgumentException(
          "WavWriter writes mono or stereo, not " + format.channels() + " channels");
    }
  }

  private static void checkBlocks(AudioFormat format, int samples) {
    if (samples % format.channels() != 0) {
      throw new IllegalArgumentException(
          samples + " samples do not fill whole blocks of " + format.channels() + " channels");
    }
  }

  private static boolean hasFact(AudioFormat format) {
    return format.encoding() != AudioFormat.Encoding.PCM16;
  }

  private static int fmtBytes(AudioFormat format) {
    return hasFact(format) ? 18 : 16;
  }

  private static int headerBytes(AudioFormat format) {
    return 12 + 8 + fmtBytes(format) + (hasFact(format) ? 12 : 0) + 8;
  }

  /** Puts the whole header; a negative {@code dataBytes} writes the sizes as unknown. */
  private static void putHeader(ByteBuffer out, AudioFormat format, long dataBytes) {
    int unknown = 0xFFFF_FFFF;
    int riffSize =
        dataBytes < 0 ? unknown : (int) (headerBytes(format) - 8 + dataBytes + (dataBytes & 1));
    int tag =
        switch (format.encoding()) {
          case PCM16 -> WavReader.TAG_PCM;
          case FLOAT32 -> WavReader.TAG_IEEE_FLOAT;
          case MULAW -> WavReader.TAG_MULAW;
          case ALAW -> WavReader.TAG_ALAW;
        };
    out.put(ascii("RIFF")).putInt(riffSize).put(ascii("WAVE"));
    out.put(ascii("fmt ")).putInt(fmtBytes(format));
    out.putShort((short) tag)
        .putShort((short) format.channels())
        .putInt(format.sampleRate())
        .putInt(format.bytesPerSecond())
        .putShort((short) format.blockBytes())
        .putShort((short) (8 * format.encoding().bytesPerSample()));
    if (hasFact(format)) {
      out.putShort((short) 0);
      long frames = dataBytes / format.blockBytes();
      out.put(ascii("fact")).putInt(4).putInt(dataBytes < 0 ? unknown : (int) frames);
    }
    out.put(ascii("data")).putInt(dataBytes < 0 ? unknown : (int) dataBytes);
  }

  private static byte[] ascii(String id) {
    return id.getBytes(StandardCharsets.US_ASCII);
  }
}
