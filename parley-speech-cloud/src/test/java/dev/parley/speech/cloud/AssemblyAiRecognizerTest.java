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
package dev.parley.speech.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Options;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;

class AssemblyAiRecognizerTest {
  private static final String KEY = "aai-test-key";

  /**
   * Universal-Streaming v3: Begin, partial Turns as audio comes, the ended Turn on ForceEndpoint.
   */
  static FakeSpeechServer.Script universal(List<Integer> chunkBytes, String... words) {
    return new FakeSpeechServer.Script() {
      int bytes;

      @Override
      public void opened(Session session) {
        FakeSpeechServer.send(
            session, "{\"type\":\"Begin\",\"id\":\"s1\",\"expires_at\":1760000000}");
      }

      @Override
      public void binary(Session session, byte[] data) {
        chunkBytes.add(data.length);
        bytes += data.length;
        if (bytes >= 16_000 && bytes - data.length < 16_000) {
          FakeSpeechServer.send(session, turn(false, 0.2, words[0]));
        }
      }

      @Override
      public void text(Session session, String text) {
        if (text.contains("ForceEndpoint")) {
          FakeSpeechServer.send(session, turn(true, 0.93, words));
        } else if (text.contains("Terminate")) {
          FakeSpeechServer.send(session, "{\"type\":\"Termination\",\"audio_duration_seconds\":1}");
        }
      }
    };
  }

  static String turn(boolean end, double confidence, String... words) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      list.append(i == 0 ? "" : ",")
          .append(
              Recorded.format(
                  "{\"start\":%d,\"end\":%d,\"text\":\"%s\",\"confidence\":0.9,\"word_is_final\":true}",
                  200 + 300 * i, 450 + 300 * i, words[i]));
    }
    return Recorded.format(
        ("{\"type\":\"Turn\",\"turn_order\":0,\"turn_is_formatted\":false,\"end_of_turn\":%s,"
            + "\"transcript\":\"%s\",\"end_of_turn_confidence\":%.2f,\"words\":[%s]}"),
        end,
        String.join(" ", words),
        confidence,
        list);
  }

  @Test
  void audioGoesInServiceSizedChunksAndForceEndpointClosesTheTurn() throws Exception {
    List<Integer> chunks = new CopyOnWriteArrayList<>();
    try (FakeSpeechServer fake =
        FakeSpeechServer.websocket(
            "Authorization", KEY, h -> universal(chunks, "two", "tickets", "please"))) {
      var recognizer =
          new AssemblyAiRecognizer(Recorded.endpoint(fake.uri(), KEY, new Recorded.Sleeps()));
      Recorded.Words heard = new Recorded.Words();
      try (SpeechRecognizer.Stream stream =
          recognizer.open(new Options(List.of("Boston"), "en-US"), heard)) {
        short[] audio = Recorded.speech(1030);
        for (int i = 0; i < audio.length; i += 320) {
          stream.push(audio, i, Math.min(320, audio.length - i));
        }
        stream.flush();
      }

      assertThat(heard.lastFinalText()).isEqualTo("two tickets please");
      assertThat(heard.finals.getLast().getFirst().startMillis()).isEqualTo(200);
      assertThat(heard.endOfTurn).contains(0.93);
      assertThat(chunks).allSatisfy(n -> assertThat(n).isBetween(1600, 32_000)); // 50 ms to 1 s
      assertThat(chunks.stream().mapToInt(Integer::intValue).sum()).isGreaterThanOrEqualTo(32_960);
      FakeSpeechServer.Handshake handshake = fake.handshakes().getFirst();
      assertThat(handshake.path()).isEqualTo("/v3/ws");
      assertThat(handshake.param("encoding")).isEqualTo("pcm_s16le");
      assertThat(handshake.param("keyterms_prompt")).isEqualTo("[\"Boston\"]");
    }
  }
}
