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
package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.audio.AudioClip;
import dev.parley.core.audio.AudioFormat;
import dev.parley.core.audio.Resampler;
import dev.parley.core.audio.WavReader;
import dev.parley.core.audio.WavWriter;
import dev.parley.testing.ScriptedAudio;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConverseCommandTest {
  @TempDir Path tmp;

  /** Two user turns with a pause between them, as 16 kHz mono. */
  private static final ScriptedAudio CALL =
      ScriptedAudio.builder()
          .silence(400)
          .say("book a flight to Boston", 1600)
          .silence(3000)
          .say("next Friday please", 1200)
          .silence(500)
          .build();

  private record Run(int exitCode, String out, String err) {}

  /**
   * Runs the command line. Scripted audio is a buzz, not speech, so Silero rightly ignores it:
   * these runs use the energy VAD unless a test asks for another.
   */
  private static Run parley(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of(args));
    if (all.getFirst().equals("converse") && !all.contains("--vad")) {
      all.addAll(List.of("--vad", "energy"));
    }
    int code =
        Main.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private Path wav(String name, AudioFormat format, short[] mono16k) throws IOException {
    short[] resampled = Resampler.resample(mono16k, 16_000, format.sampleRate());
    short[] interleaved = new short[resampled.length * format.channels()];
    for (int i = 0; i < resampled.length; i++) {
      for (int c = 0; c < format.channels(); c++) {
        interleaved[i * format.channels() + c] = resampled[i];
      }
    }
    Path file = tmp.resolve(name);
    Files.write(file, WavWriter.toBytes(format, interleaved));
    return file;
  }

  private Path words() throws IOException {
    StringBuilder json = new StringBuilder("{\"words\":[");
    List<String> items = new ArrayList<>();
    for (var w : CALL.words()) {
      items.add(
          "{\"text\":\""
              + w.text()
              + "\",\"startMillis\":"
              + w.startMillis()
              + ",\"endMillis\":"
              + w.endMillis()
              + "}");
    }
    json.append(String.join(",", items)).append("]}");
    Path file = tmp.resolve("words.json");
    Files.writeString(file, json);
    return file;
  }

  private static JsonNode timeline(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("timeline.json").toFile());
  }

  @Nested
  class Formats {
    @ParameterizedTest
    @ValueSource(strings = {"mulaw8k", "pcm16k", "stereo44k", "float48k"})
    void aCallRunsFromEveryCommonRecordingFormat(String kind) throws IOException {
      AudioFormat format =
          switch (kind) {
            case "mulaw8k" -> new AudioFormat(8_000, 1, AudioFormat.Encoding.MULAW);
            case "pcm16k" -> new AudioFormat(16_000, 1, AudioFormat.Encoding.PCM16);
            case "stereo44k" -> new AudioFormat(44_100, 2, AudioFormat.Encoding.PCM16);
            default -> new AudioFormat(48_000, 1, AudioFormat.Encoding.FLOAT32);
          };
      Path in = wav(kind + ".wav", format, CALL.samples());
      Path out = tmp.resolve("out-" + kind);
      Run run =
          parley(
              "converse",
              "--user",
              in.toString(),
              "--transcript",
              words().toString(),
              "--out",
              out.toString());

      assertThat(run.exitCode()).as(run.err()).isZero();
      JsonNode timeline = timeline(out);
      assertThat(timeline.get("userAudioMillis").asLong()).isBetween(6690L, 6710L);
      List<String> turns = new ArrayList<>();
      for (JsonNode event : timeline.get("events")) {
        if (event.get("type").asText().equals("user_turn_end")) {
          turns.add(event.get("text").asText());
        }
      }
      assertThat(turns).containsExactly("book a flight to Boston", "next Friday please");

      AudioClip call = WavReader.read(out.resolve("call.wav"));
      assertThat(call.sampleRate()).isEqualTo(16_000);
      assertThat(call.channels()).isEqualTo(2);
      assertThat(call.durationMillis()).isEqualTo(6_700 + 5_000);
      assertThat(Files.readString(out.resolve("report.html"))).contains("<html");
      assertThat(Files.readAllLines(out.resolve("events.jsonl")))
          .hasSize(timeline.get("events").size());
    }

    @Test
    void theCallRecordingIsSampleAlignedWithTheUsersAudio() throws IOException {
      Path in = wav("user.wav", AudioFormat.SESSION, CALL.samples());
      Path out = tmp.resolve("out");
      assertThat(parley("converse", "--user", in.toString(), "--out", out.toString()).exitCode())
          .isZero();
      float[] stereo = WavReader.read(out.resolve("call.wav")).samples();
      short[] user = CALL.samples();
      for (int i = 0; i < user.length; i += 97) {
        assertThat(Math.round(stereo[2 * i] * 32768)).isEqualTo((int) user[i]);
      }
    }

    @Test
    void realTimeRunsTheSameCallOnTheWallClock() throws IOException {
      ScriptedAudio shortCall =
          ScriptedAudio.builder().silence(200).say("hello there", 800).silence(200).build();
      Path in = wav("short.wav", AudioFormat.SESSION, shortCall.samples());
      Path out = tmp.resolve("live");
      Run run =
          parley(
              "converse",
              "--user",
              in.toString(),
              "--real-time",
              // Past the judge's 3 s fallback: the recogniser's words for a scripted buzz may
              // read as unfinished, and this test is about the clock, not the words.
              "--tail-seconds",
              "4",
              "--tts",
              "placeholder",
              "--out",
              out.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      List<String> types = new ArrayList<>();
      for (JsonNode event : timeline(out).get("events")) {
        types.add(event.get("type").asText());
      }
      assertThat(types)
          .containsSubsequence(
              "user_speech_start", "user_speech_end", "user_turn_end", "agent_speech_start");
    }

    @Test
    void runningTwiceGivesAByteIdenticalTimeline() throws IOException {
      Path in = wav("user.wav", AudioFormat.SESSION, CALL.samples());
      Path words = words();
      parley(
          "converse",
          "--user",
          in.toString(),
          "--transcript",
          words.toString(),
          "--out",
          tmp.resolve("a").toString());
      parley(
          "converse",
          "--user",
          in.toString(),
          "--transcript",
          words.toString(),
          "--out",
          tmp.resolve("b").toString());
      assertThat(Files.readAllBytes(tmp.resolve("b/timeline.json")))
          .isEqualTo(Files.readAllBytes(tmp.resolve("a/timeline.json")));
      assertThat(Files.readAllBytes(tmp.resolve("b/call.wav")))
          .isEqualTo(Files.readAllBytes(tmp.resolve("a/call.wav")));
    }
  }

  @Nested
  class RealSpeech {
    @Test
    void sileroFindsTheSpeechInARealRecording() throws IOException {
      Path sample = Path.of("../samples/jfk.wav");
      Path out = tmp.resolve("jfk");
      Run run =
          parley(
              "converse", "--user", sample.toString(), "--vad", "silero", "--out", out.toString());
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.err()).doesNotContain("unavailable");
      JsonNode events = timeline(out).get("events");
      long firstSpeech = -1;
      long lastSpeechEnd = -1;
      for (JsonNode event : events) {
        String type = event.get("type").asText();
        if (type.equals("user_speech_start") && firstSpeech < 0) {
          firstSpeech = event.get("atMillis").asLong();
        }
        if (type.equals("user_speech_end")) {
          lastSpeechEnd = event.get("atMillis").asLong();
        }
      }
      // "And so my fellow Americans ... for your country." runs from about 0.3 s to 10.6 s.
      assertThat(firstSpeech).isBetween(150L, 600L);
      assertThat(lastSpeechEnd).isBetween(10_000L, 10_900L);
    }
  }

  @Nested
  class BadInput {
    private Run expectError(String... args) {
      Run run = parley(args);
      assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
      assertThat(run.err().strip())
          .doesNotContain("\n")
          .doesNotContain("Exception")
          .startsWith("parley: ");
      return run;
    }

    @Test
    void aMissingFileIsNamed() {
      Run run =
          expectError(
              "converse",
              "--user",
              tmp.resolve("nope.wav").toString(),
              "--out",
              tmp.resolve("o").toString());
      assertThat(run.err()).contains("no such file").contains("nope.wav");
    }

    @Test
    void aFileThatIsNotWavIsNamed() throws IOException {
      Path text = tmp.resolve("notes.wav");
      Files.writeString(text, "these are not the samples you are looking for");
      assertThat(
              expectError(
                      "converse", "--user", text.toString(), "--out", tmp.resolve("o").toString())
                  .err())
          .contains("not a WAV file");
    }

    @Test
    void aWavCutInItsAudioIsReadAsFarAsItGoesWithOneWarningLine() throws IOException {
      Path whole = wav("whole.wav", AudioFormat.SESSION, CALL.samples());
      byte[] bytes = Files.readAllBytes(whole);
      Path cut = tmp.resolve("cut.wav");
      Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
      int declared = bytes.length - 44;
      int held = bytes.length / 2 - 44;

      Run run = parley("vad", "--vad", "energy", cut.toString());

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.err())
          .isEqualTo(
              "parley: warning: "
                  + cut
                  + ": data chunk declares "
                  + declared
                  + " bytes but the file holds "
                  + held
                  + "; reading the "
                  + held
                  + System.lineSeparator());
      assertThat(run.out()).contains("\"segments\":[{");
    }

    @Test
    void aWavCutInItsHeaderIsStillABadInput() throws IOException {
      Path whole = wav("whole.wav", AudioFormat.SESSION, CALL.samples());
      Path cut = tmp.resolve("header.wav");
      Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(whole), 30));
      assertThat(
              expectError(
                      "converse", "--user", cut.toString(), "--out", tmp.resolve("o").toString())
                  .err())
          .contains("truncated WAV: fmt chunk");
    }

    @Test
    void anUnsupportedEncodingIsNamed() throws IOException {
      byte[] bytes = WavWriter.toBytes(AudioFormat.SESSION, new short[1600]);
      bytes[34] = 24; // bits per sample: 24-bit PCM
      Path odd = tmp.resolve("24bit.wav");
      Files.write(odd, bytes);
      assertThat(
              expectError(
                      "converse", "--user", odd.toString(), "--out", tmp.resolve("o").toString())
                  .err())
          .contains("unsupported");
    }

    @Test
    void anEmptyRecordingIsNamed() throws IOException {
      Path empty = tmp.resolve("empty.wav");
      Files.write(empty, WavWriter.toBytes(AudioFormat.SESSION, new short[0]));
      assertThat(
              expectError(
                      "converse", "--user", empty.toString(), "--out", tmp.resolve("o").toString())
                  .err())
          .containsAnyOf("empty", "no audio");
    }

    @Test
    void anUnwritableOutIsNamed() throws IOException {
      Path in = wav("user.wav", AudioFormat.SESSION, CALL.samples());
      Path file = tmp.resolve("a-file");
      Files.writeString(file, "x");
      assertThat(
              expectError(
                      "converse", "--user", in.toString(), "--out", file.resolve("sub").toString())
                  .err())
          .contains("--out");
    }

    @Test
    void aBadTranscriptIsNamed() throws IOException {
      Path in = wav("user.wav", AudioFormat.SESSION, CALL.samples());
      Path bad = tmp.resolve("bad.json");
      Files.writeString(bad, "{\"words\": [{\"text\": \"hi\"}]}");
      assertThat(
              expectError(
                      "converse",
                      "--user",
                      in.toString(),
                      "--transcript",
                      bad.toString(),
                      "--out",
                      tmp.resolve("o").toString())
                  .err())
          .contains("word 0");
    }

    @Test
    void aFailedRunLeavesEarlierResultsUntouched() throws IOException {
      Path in = wav("user.wav", AudioFormat.SESSION, CALL.samples());
      Path out = tmp.resolve("kept");
      assertThat(parley("converse", "--user", in.toString(), "--out", out.toString()).exitCode())
          .isZero();
      byte[] timeline = Files.readAllBytes(out.resolve("timeline.json"));
      byte[] call = Files.readAllBytes(out.resolve("call.wav"));

      Path text = tmp.resolve("junk.wav");
      Files.writeString(text, "junk", StandardCharsets.UTF_8);
      expectError("converse", "--user", text.toString(), "--out", out.toString());

      assertThat(Files.readAllBytes(out.resolve("timeline.json"))).isEqualTo(timeline);
      assertThat(Files.readAllBytes(out.resolve("call.wav"))).isEqualTo(call);
      try (var files = Files.list(out)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("call.wav", "timeline.json", "events.jsonl", "report.html");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--stt=whisper:MISSING/ggml-base.en.bin",
        "--stt=vosk:MISSING/vosk-model-en",
        "--tts=piper:MISSING/en_US-lessac-medium.onnx"
      })
  void aModelTheUserNamesButCannotBeLoadedIsAnErrorNamingIt(String option) throws IOException {
    Path in = wav("user.wav", AudioFormat.SESSION, CALL.samples());
    String named = option.replace("MISSING", tmp.resolve("missing").toString());
    Run run =
        parley("converse", "--user", in.toString(), named, "--out", tmp.resolve("o").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(tmp.resolve("missing").toString()).doesNotContain("Exception");
    assertThat(tmp.resolve("o/timeline.json")).doesNotExist();
  }

  @Test
  void anUnknownRecogniserIsAnErrorListingTheKnownOnes() throws IOException {
    Path in = wav("user.wav", AudioFormat.SESSION, CALL.samples());
    Run run =
        parley(
            "converse",
            "--user",
            in.toString(),
            "--stt",
            "kaldi",
            "--out",
            tmp.resolve("o").toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .contains("unknown --stt 'kaldi'")
        .contains("whisper:MODEL.bin")
        .contains("deepgram");
  }
}
