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

import static dev.parley.core.audio.WavBytes.chunk;
import static dev.parley.core.audio.WavBytes.chunkDeclaring;
import static dev.parley.core.audio.WavBytes.concat;
import static dev.parley.core.audio.WavBytes.fmt;
import static dev.parley.core.audio.WavBytes.pcm16;
import static dev.parley.core.audio.WavBytes.riff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.parley.core.audio.AudioFormat.Encoding;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavTest {
  /** Interleaved PCM16 with a different sine per channel and both extremes, so mix-ups show. */
  private static short[] testAudio(int channels, int frames) {
    short[] samples = new short[channels * frames];
    for (int f = 0; f < frames; f++) {
      for (int c = 0; c < channels; c++) {
        samples[f * channels + c] =
            (short) Math.round(30_000 * Math.sin(2 * Math.PI * (300 + 500 * c) * f / 16_000.0));
      }
    }
    samples[0] = Short.MIN_VALUE;
    samples[samples.length - 1] = Short.MAX_VALUE;
    return samples;
  }

  private static float[] scaled(short[] pcm) {
    float[] out = new float[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      out[i] = pcm[i] / 32768f;
    }
    return out;
  }

  private static void assertFailsWith(byte[] bytes, String message) {
    assertThatThrownBy(() -> WavReader.read(bytes))
        .isInstanceOf(WavFormatException.class)
        .hasMessage(message);
  }

  @Nested
  class RoundTrips {
    @ParameterizedTest(name = "{0} channel(s)")
    @CsvSource({"1", "2"})
    void pcm16ComesBackExactly(int channels, @TempDir Path dir) throws IOException {
      short[] pcm = testAudio(channels, 1601);
      Path file = dir.resolve("pcm16.wav");
      WavWriter.writePcm16(file, 16_000, channels, pcm);

      AudioClip clip = WavReader.read(file);
      assertThat(clip.sampleRate()).isEqualTo(16_000);
      assertThat(clip.channels()).isEqualTo(channels);
      assertThat(clip.frames()).isEqualTo(1601);
      assertThat(clip.samples()).containsExactly(scaled(pcm));
      assertThat(Files.size(file)).isEqualTo(44 + 2L * pcm.length);
    }

    @ParameterizedTest(name = "{0} channel(s)")
    @CsvSource({"1", "2"})
    void float32ComesBackExactly(int channels, @TempDir Path dir) throws IOException {
      float[] samples = Signals.sineFloat(48_000, 997, 1.25, 960 * channels);
      samples[1] = Float.MIN_VALUE;
      Path file = dir.resolve("float.wav");
      WavWriter.writeFloat32(file, 48_000, channels, samples);

      AudioClip clip = WavReader.read(file);
      assertThat(clip.sampleRate()).isEqualTo(48_000);
      assertThat(clip.channels()).isEqualTo(channels);
      assertThat(clip.samples()).containsExactly(samples);
    }

    @ParameterizedTest(name = "{0} channel(s)")
    @CsvSource({"1", "2"})
    void muLawComesBackAsItsG711Levels(int channels, @TempDir Path dir) throws IOException {
      short[] pcm = testAudio(channels, 801);
      Path file = dir.resolve("mulaw.wav");
      WavWriter.writeMuLaw(file, 8000, channels, pcm);

      AudioClip clip = WavReader.read(file);
      assertThat(clip.sampleRate()).isEqualTo(8000);
      assertThat(clip.channels()).isEqualTo(channels);
      float[] expected = new float[pcm.length];
      for (int i = 0; i < pcm.length; i++) {
        expected[i] = G711.decodeMuLaw(G711.encodeMuLaw(pcm[i])) / 32768f;
      }
      assertThat(clip.samples()).containsExactly(expected);
    }

    @ParameterizedTest(name = "{0} channel(s)")
    @CsvSource({"1", "2"})
    void aLawComesBackAsItsG711Levels(int channels) throws IOException {
      short[] pcm = testAudio(channels, 800);
      byte[] bytes = WavWriter.toBytes(new AudioFormat(8000, channels, Encoding.ALAW), pcm);

      AudioClip clip = WavReader.read(bytes);
      float[] expected = new float[pcm.length];
      for (int i = 0; i < pcm.length; i++) {
        expected[i] = G711.decodeALaw(G711.encodeALaw(pcm[i])) / 32768f;
      }
      assertThat(clip.samples()).containsExactly(expected);
    }

    @Test
    void inMemoryBytesMatchTheFileAndReadFromAStream(@TempDir Path dir) throws IOException {
      short[] pcm = testAudio(2, 500);
      Path file = dir.resolve("same.wav");
      WavWriter.writePcm16(file, 24_000, 2, pcm);
      byte[] bytes = WavWriter.toBytes(AudioFormat.pcm16(24_000, 2), pcm);

      assertThat(bytes).isEqualTo(Files.readAllBytes(file));
      assertThat(WavReader.read(new ByteArrayInputStream(bytes))).isEqualTo(WavReader.read(file));
    }
  }

  @Nested
  class Streaming {
    @Test
    void closePatchesTheSizesOfAFileWrittenFrameByFrame(@TempDir Path dir) throws IOException {
      Path file = dir.resolve("call.wav");
      short[] frame = Signals.sine(16_000, 440, 0.5, AudioFormat.FRAME_SAMPLES);
      try (WavWriter writer = WavWriter.create(file, AudioFormat.SESSION)) {
        for (int i = 0; i < 100; i++) {
          writer.write(frame, 0, frame.length);
        }
        writer.write(new float[] {0.5f, -1.5f}, 0, 2);
        assertThat(writer.framesWritten()).isEqualTo(32_002);
        assertThat(writer.format()).isEqualTo(AudioFormat.SESSION);
      }

      byte[] bytes = Files.readAllBytes(file);
      assertThat(WavBytes.readLe32(bytes, 4)).isEqualTo(bytes.length - 8);
      assertThat(WavBytes.readLe32(bytes, 40)).isEqualTo(64_004);
      AudioClip clip = WavReader.read(bytes);
      assertThat(clip.frames()).isEqualTo(32_002);
      assertThat(clip.samples()[32_000]).isEqualTo(0.5f);
      assertThat(clip.samples()[32_001]).as("clipped").isEqualTo(-1f);
      assertThat(clip.durationMillis()).isEqualTo(2000);
    }

    @Test
    void anOddDataChunkIsPaddedAndTheFactChunkCountsFrames(@TempDir Path dir) throws IOException {
      Path file = dir.resolve("odd.wav");
      try (WavWriter writer = WavWriter.create(file, new AudioFormat(8000, 1, Encoding.MULAW))) {
        writer.write(new short[] {1000, -1000, 5}, 0, 3);
      }

      byte[] bytes = Files.readAllBytes(file);
      // 58-byte header: RIFF, 18-byte fmt, fact, data header; then 3 data bytes and a pad.
      assertThat(bytes).hasSize(58 + 3 + 1);
      assertThat(WavBytes.readLe32(bytes, 4)).isEqualTo(bytes.length - 8);
      assertThat(new String(bytes, 38, 4, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("fact");
      assertThat(WavBytes.readLe32(bytes, 46)).isEqualTo(3);
      assertThat(WavBytes.readLe32(bytes, 54)).isEqualTo(3);
      assertThat(WavReader.read(bytes).frames()).isEqualTo(3);
    }

    @Test
    void aRecordingCutOffBeforeCloseStaysReadable(@TempDir Path dir) throws IOException {
      Path file = dir.resolve("crashed.wav");
      short[] pcm = testAudio(1, 3200);
      try (WavWriter writer = WavWriter.create(file, AudioFormat.SESSION)) {
        writer.write(pcm, 0, pcm.length);
        writer.flush();

        // As if the process died here: the header still says "unknown size".
        byte[] snapshot = Files.readAllBytes(file);
        assertThat(WavBytes.readLe32(snapshot, 40)).isEqualTo(0xFFFF_FFFF);
        assertThat(WavReader.read(snapshot).samples()).containsExactly(scaled(pcm));
      }
    }

    @Test
    void refusesWhatItCannotWrite(@TempDir Path dir) throws IOException {
      assertThatThrownBy(() -> WavWriter.create(dir.resolve("x.wav"), AudioFormat.pcm16(8000, 3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("WavWriter writes mono or stereo, not 3 channels");
      assertThat(dir.resolve("x.wav")).doesNotExist();

      WavWriter writer = WavWriter.create(dir.resolve("y.wav"), AudioFormat.pcm16(8000, 2));
      assertThatThrownBy(() -> writer.write(new short[3], 0, 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("3 samples do not fill whole blocks of 2 channels");
      writer.close();
      writer.close();
      assertThatThrownBy(() -> writer.write(new short[2], 0, 2))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("WavWriter is closed");
    }
  }

  @Nested
  class Chunks {
    private final byte[] monoFmt = fmt(1, 1, 16_000, 16);
    private final byte[] data = chunk("data", pcm16((short) 100, (short) -200, (short) 300));
    private final float[] expected = {100 / 32768f, -200 / 32768f, 300 / 32768f};

    @Test
    void aListChunkBeforeTheDataIsSkipped() throws IOException {
      byte[] list =
          chunk(
              "LIST",
              concat(WavBytes.ascii("INFOISFT"), WavBytes.le32(6), WavBytes.ascii("Lavf\0\0")));
      assertThat(WavReader.read(riff(monoFmt, list, data)).samples()).containsExactly(expected);
    }

    @Test
    void oddSizedChunksAreSkippedWithTheirPadByte() throws IOException {
      byte[] odd = chunk("junk", new byte[] {1, 2, 3});
      byte[] fact = chunk("fact", WavBytes.le32(3));
      assertThat(odd).hasSize(8 + 3 + 1);
      assertThat(WavReader.read(riff(odd, monoFmt, odd, fact, data)).samples())
          .containsExactly(expected);
    }

    @Test
    void aMissingPadByteIsTolerated() throws IOException {
      byte[] unpadded = chunkDeclaring("junk", 3, new byte[] {1, 2, 3});
      assertThat(WavReader.read(riff(monoFmt, unpadded, data)).samples()).containsExactly(expected);
    }

    @Test
    void dataMayComeBeforeFmt() throws IOException {
      assertThat(WavReader.read(riff(data, monoFmt)).samples()).containsExactly(expected);
    }

    @Test
    void bytesAfterTheAudioThatAreNotAChunkAreIgnored() throws IOException {
      byte[] tag = chunkDeclaring("id3 ", 5000, new byte[10]);
      assertThat(WavReader.read(riff(monoFmt, data, tag)).samples()).containsExactly(expected);
    }

    @Test
    void aDataChunkOfUnknownSizeRunsToTheEndOfTheFile() throws IOException {
      byte[] samples = pcm16((short) 100, (short) -200, (short) 300);
      assertThat(
              WavReader.read(riff(monoFmt, chunkDeclaring("data", 0xFFFF_FFFFL, samples)))
                  .samples())
          .containsExactly(expected);
      assertThat(WavReader.read(riff(monoFmt, chunkDeclaring("data", 0, samples))).samples())
          .containsExactly(expected);
    }

    @Test
    void aTrailingPartialBlockIsDropped() throws IOException {
      byte[] stereoFmt = fmt(1, 2, 16_000, 16);
      byte[] samples = pcm16((short) 1, (short) 2, (short) 3);
      AudioClip clip = WavReader.read(riff(stereoFmt, chunk("data", samples)));
      assertThat(clip.frames()).isOne();
      assertThat(clip.samples()).containsExactly(1 / 32768f, 2 / 32768f);
    }

    @Test
    void extensibleFormatsUnwrapToTheirSubformat() throws IOException {
      byte[] pcm = riff(WavBytes.extensibleFmt(2, 16_000, 16, WavBytes.subformat(1)), data.clone());
      // Three samples do not fill two stereo blocks: one block survives.
      assertThat(WavReader.read(pcm).samples()).containsExactly(expected[0], expected[1]);

      byte[] floats =
          concat(
              WavBytes.le32(Float.floatToIntBits(0.25f)),
              WavBytes.le32(Float.floatToIntBits(-0.75f)));
      byte[] floatFile =
          riff(WavBytes.extensibleFmt(1, 44_100, 32, WavBytes.subformat(3)), chunk("data", floats));
      AudioClip clip = WavReader.read(floatFile);
      assertThat(clip.sampleRate()).isEqualTo(44_100);
      assertThat(clip.samples()).containsExactly(0.25f, -0.75f);

      byte[] muLaw =
          riff(
              WavBytes.extensibleFmt(1, 8000, 8, WavBytes.subformat(7)),
              chunk("data", new byte[] {(byte) 0x80, (byte) 0xFF}));
      assertThat(WavReader.read(muLaw).samples()).containsExactly(32124 / 32768f, 0f);
    }

    @Test
    void readsUpToEightChannels() throws IOException {
      short[] block = {1, 2, 3, 4, 5, 6, 7, 8};
      AudioClip clip = WavReader.read(riff(fmt(1, 8, 48_000, 16), chunk("data", pcm16(block))));
      assertThat(clip.channels()).isEqualTo(8);
      assertThat(clip.frames()).isOne();
      assertThat(clip.mono()).containsExactly(4.5f / 32768f);
    }
  }

  @Nested
  class Errors {
    private final byte[] monoFmt = fmt(1, 1, 16_000, 16);
    private final byte[] data = chunk("data", pcm16((short) 1, (short) 2));

    @Test
    void bytesWithoutARiffWaveHeaderAreNotAWavFile() {
      assertFailsWith(new byte[0], "not a WAV file (no RIFF/WAVE header)");
      assertFailsWith(
          WavBytes.ascii("ID3\u0004\0\0\0\0\0\0\0\0\0\0"), "not a WAV file (no RIFF/WAVE header)");
      assertFailsWith(
          concat(WavBytes.ascii("RIFF"), WavBytes.le32(4), WavBytes.ascii("AVI ")),
          "not a WAV file (no RIFF/WAVE header)");
      assertFailsWith(
          concat(WavBytes.ascii("RIFX"), WavBytes.le32(4), WavBytes.ascii("WAVE")),
          "unsupported WAV container: big-endian RIFX");
      assertFailsWith(
          concat(WavBytes.ascii("RF64"), WavBytes.le32(-1), WavBytes.ascii("WAVE")),
          "unsupported WAV container: RF64");
    }

    @Test
    void aDataChunkLongerThanTheFileIsReadAsFarAsItGoesWithOneWarning(@TempDir Path dir)
        throws IOException {
      short[] pcm = testAudio(1, 500);
      Path file = dir.resolve("cut.wav");
      Files.write(file, riff(monoFmt, chunkDeclaring("data", 88_200, pcm16(pcm))));
      java.util.List<String> warnings = new java.util.ArrayList<>();

      AudioClip clip = WavReader.read(file, warnings::add);

      assertThat(clip.samples()).containsExactly(scaled(pcm));
      assertThat(warnings)
          .containsExactly(
              file + ": data chunk declares 88200 bytes but the file holds 1000; reading the 1000");
    }

    @Test
    void anOverDeclaredDataChunkEndingInAPartialSampleDropsOnlyThePartialSample()
        throws WavFormatException {
      byte[] body = concat(pcm16((short) 100, (short) -200, (short) 300), new byte[] {7});
      java.util.List<String> warnings = new java.util.ArrayList<>();

      AudioClip clip =
          WavReader.read(riff(monoFmt, chunkDeclaring("data", 4000, body)), "x.wav", warnings::add);

      assertThat(clip.frames()).isEqualTo(3);
      assertThat(warnings)
          .containsExactly(
              "x.wav: data chunk declares 4000 bytes but the file holds 7; reading the 7");
    }

    @Test
    void anOverDeclaredDataChunkWithNothingInItIsStillAnError() {
      assertFailsWith(
          riff(monoFmt, chunkDeclaring("data", 4000, new byte[0])),
          "WAV has no audio (empty data chunk)");
    }

    @Test
    void aHeaderCutBeforeTheAudioStaysAnError() {
      byte[] whole = riff(monoFmt, chunk("data", pcm16(testAudio(1, 100))));
      java.util.List<String> warnings = new java.util.ArrayList<>();
      assertThatThrownBy(
              () -> WavReader.read(java.util.Arrays.copyOf(whole, 30), "x.wav", warnings::add))
          .isInstanceOf(WavFormatException.class)
          .hasMessage("truncated WAV: fmt chunk declares 16 bytes but 10 remain");
      assertThat(warnings).isEmpty();
    }

    @Test
    void anyChunkLongerThanTheFileBeforeTheAudioIsTruncated() {
      assertFailsWith(
          riff(monoFmt, chunkDeclaring("LIST", 100, new byte[20])),
          "truncated WAV: LIST chunk declares 100 bytes but 20 remain");
      assertFailsWith(
          riff(chunkDeclaring("fmt ", 16, new byte[10])),
          "truncated WAV: fmt chunk declares 16 bytes but 10 remain");
    }

    @Test
    void unsupportedEncodingsAreNamed() {
      assertFailsWith(riff(fmt(1, 1, 48_000, 24), data), "unsupported WAV encoding: 24-bit PCM");
      assertFailsWith(riff(fmt(1, 1, 8000, 8), data), "unsupported WAV encoding: 8-bit PCM");
      assertFailsWith(riff(fmt(3, 1, 48_000, 64), data), "unsupported WAV encoding: 64-bit float");
      assertFailsWith(
          riff(fmt(0x55, 2, 44_100, 0), data), "unsupported WAV encoding: format tag 0x0055 (MP3)");
      assertFailsWith(
          riff(fmt(0x11, 1, 8000, 4), data),
          "unsupported WAV encoding: format tag 0x0011 (IMA ADPCM)");
      assertFailsWith(
          riff(fmt(0x1234, 1, 8000, 8), data), "unsupported WAV encoding: format tag 0x1234");
      assertFailsWith(
          riff(WavBytes.extensibleFmt(1, 16_000, 16, "000102030405060708090a0b0c0d0e0f"), data),
          "unsupported WAV encoding: extensible subformat {03020100-0504-0706-0809-0a0b0c0d0e0f}");
    }

    @Test
    void impossibleLayoutsAreNamed() {
      assertFailsWith(
          riff(fmt(1, 9, 16_000, 16), data),
          "unsupported WAV channel count: 9 (Parley reads 1 to 8)");
      assertFailsWith(
          riff(fmt(1, 0, 16_000, 16), data),
          "unsupported WAV channel count: 0 (Parley reads 1 to 8)");
      assertFailsWith(riff(fmt(1, 1, 0, 16), data), "unsupported WAV sample rate: 0 Hz");
      assertFailsWith(
          riff(chunk("fmt ", new byte[14]), data),
          "malformed WAV: fmt chunk has 14 bytes, needs at least 16");
    }

    @Test
    void missingPiecesAreNamed() {
      assertFailsWith(riff(data), "WAV has no fmt chunk");
      assertFailsWith(riff(monoFmt), "WAV has no data chunk");
      assertFailsWith(
          riff(monoFmt, chunk("data", new byte[0])), "WAV has no audio (empty data chunk)");
      // An empty data chunk followed by another chunk is empty, not "size unknown".
      assertFailsWith(
          riff(monoFmt, chunk("data", new byte[0]), chunk("LIST", new byte[12])),
          "WAV has no audio (empty data chunk)");
    }

    @Test
    void aMalformedFileIsAnIoExceptionAndAMissingOneToo(@TempDir Path dir) {
      assertThatThrownBy(() -> WavReader.read(riff(data))).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> WavReader.read(dir.resolve("absent.wav")))
          .isInstanceOf(NoSuchFileException.class);
    }
  }

  @Nested
  class Clips {
    @Test
    void sessionRateMonoAudioComesBackAsItWas() {
      short[] pcm = testAudio(1, 3200);
      assertThat(AudioClip.ofPcm16(16_000, 1, pcm).toSessionAudio()).isEqualTo(pcm);
    }

    @Test
    void stereoAt48KilohertzIsAveragedAndResampledTo16() {
      int frames = 48_000 / 2;
      short[] sine = Signals.sine(48_000, 1000, 0.5, frames);
      short[] stereo = new short[2 * frames];
      for (int f = 0; f < frames; f++) {
        stereo[2 * f] = sine[f];
        stereo[2 * f + 1] = sine[f];
      }
      short[] session = AudioClip.ofPcm16(48_000, 2, stereo).toSessionAudio();

      assertThat(session).hasSize(frames / 3);
      Signals.ToneFit fit =
          Signals.fit(Signals.toFloat(session), 400, session.length - 400, 1000, 16_000);
      assertThat(fit.amplitude()).isCloseTo(0.5 * 32767, within(20.0));
      assertThat(fit.phaseRadians()).isCloseTo(0, within(0.01));
    }

    @Test
    void oppositeChannelsCancel() {
      short[] stereo = new short[2 * 1600];
      for (int f = 0; f < 1600; f++) {
        stereo[2 * f] = (short) (f * 7);
        stereo[2 * f + 1] = (short) (-f * 7);
      }
      assertThat(AudioClip.ofPcm16(8000, 2, stereo).toSessionAudio())
          .hasSize(3200)
          .containsOnly((short) 0);
    }

    @Test
    void aClipKnowsItsLength() {
      AudioClip clip = new AudioClip(44_100, 2, new float[2 * 44_100 * 3 / 2]);
      assertThat(clip.frames()).isEqualTo(66_150);
      assertThat(clip.durationMillis()).isEqualTo(1500);
      assertThat(clip.toString()).isEqualTo("AudioClip[44100 Hz, 2 ch, 66150 frames]");
    }

    @Test
    void clipsCompareBySamples() {
      AudioClip a = new AudioClip(8000, 1, new float[] {0.5f, -0.5f});
      AudioClip b = new AudioClip(8000, 1, new float[] {0.5f, -0.5f});
      assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
      assertThat(a).isNotEqualTo(new AudioClip(8000, 1, new float[] {0.5f, 0.5f}));
      assertThat(a).isNotEqualTo(new AudioClip(16_000, 1, new float[] {0.5f, -0.5f}));
    }

    @Test
    void rejectsSamplesThatDoNotFillWholeBlocks() {
      assertThatThrownBy(() -> new AudioClip(8000, 2, new float[3]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("3 samples do not fill whole blocks of 2 channels");
      assertThatThrownBy(() -> new AudioClip(8000, 0, new float[0]))
          .hasMessage("channel count must be 1 to 8, not 0");
    }
  }
}
