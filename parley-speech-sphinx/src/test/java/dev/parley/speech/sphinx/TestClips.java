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
package dev.parley.speech.sphinx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real recordings of Debian's {@code pocketsphinx-testdata} that come with what was said: five
 * LibriVox sentences read from "Sense and Sensibility", five people naming playing cards, and the
 * "go forward ten meters" command. The package's other raw files have no transcript and are left
 * out.
 */
final class TestClips {
  static final Path DATA = Path.of("/usr/share/pocketsphinx/test/data");

  private static final Pattern TRANSCRIPT_LINE = Pattern.compile("^(.*)\\(([^)]+)\\)\\s*$");

  private TestClips() {}

  /** One recording: 16 kHz mono samples and what was said. */
  record Clip(String id, short[] samples, String transcript) {
    long durationMillis() {
      return samples.length * 1000L / 16_000;
    }
  }

  static List<Clip> librivox() {
    return read(DATA.resolve("librivox"), "transcription");
  }

  static List<Clip> cards() {
    return read(DATA.resolve("cards"), "cards.transcription");
  }

  /**
   * The command the PocketSphinx test suite decodes against {@code goforward.gram}, whose first
   * rule is exactly this sentence; headerless 16 kHz PCM16.
   */
  static Clip goForward() {
    try {
      ByteBuffer bytes =
          ByteBuffer.wrap(Files.readAllBytes(DATA.resolve("goforward.raw")))
              .order(ByteOrder.LITTLE_ENDIAN);
      short[] samples = new short[bytes.limit() / 2];
      bytes.asShortBuffer().get(samples);
      return new Clip("goforward", samples, "go forward ten meters");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Clip> all() {
    List<Clip> clips = new ArrayList<>(librivox());
    clips.addAll(cards());
    clips.add(goForward());
    return clips;
  }

  private static List<Clip> read(Path directory, String transcripts) {
    List<Clip> clips = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(directory.resolve(transcripts))) {
        Matcher m = TRANSCRIPT_LINE.matcher(line.trim());
        if (!m.matches()) {
          continue;
        }
        String id = m.group(2);
        String text = String.join(" ", WordErrorRate.words(m.group(1)));
        clips.add(new Clip(id, wav(directory.resolve(id + ".wav")), text));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return clips;
  }

  /**
   * Reads a PCM16 WAV file as 16 kHz mono, averaging channels and resampling linearly if the file
   * is in another format (the test data is all 16 kHz mono).
   */
  static short[] wav(Path file) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.getInt(0) != 0x46464952 || bytes.getInt(8) != 0x45564157) {
      throw new IOException(file + " is not a RIFF/WAVE file");
    }
    int channels = 1;
    int rate = 16_000;
    int bits = 16;
    int position = 12;
    while (position + 8 <= bytes.limit()) {
      int id = bytes.getInt(position);
      int size = bytes.getInt(position + 4);
      int body = position + 8;
      if (id == 0x20746d66) { // "fmt "
        channels = bytes.getShort(body + 2);
        rate = bytes.getInt(body + 4);
        bits = bytes.getShort(body + 14);
      } else if (id == 0x61746164) { // "data"
        if (bits != 16) {
          throw new IOException(file + " is not 16-bit PCM");
        }
        int frames = Math.min(size, bytes.limit() - body) / (2 * channels);
        short[] mono = new short[frames];
        for (int i = 0; i < frames; i++) {
          int sum = 0;
          for (int c = 0; c < channels; c++) {
            sum += bytes.getShort(body + 2 * (i * channels + c));
          }
          mono[i] = (short) (sum / channels);
        }
        return rate == 16_000 ? mono : resample(mono, rate, 16_000);
      }
      position = body + size + (size & 1);
    }
    throw new IOException(file + " has no data chunk");
  }

  static short[] resample(short[] input, int fromRate, int toRate) {
    int length = (int) ((long) input.length * toRate / fromRate);
    short[] output = new short[length];
    for (int i = 0; i < length; i++) {
      double source = (double) i * fromRate / toRate;
      int left = (int) source;
      int right = Math.min(left + 1, input.length - 1);
      double fraction = source - left;
      output[i] = (short) Math.round(input[left] * (1 - fraction) + input[right] * fraction);
    }
    return output;
  }
}
