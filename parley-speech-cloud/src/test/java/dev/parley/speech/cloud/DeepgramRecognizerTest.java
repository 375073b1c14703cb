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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Options;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeepgramRecognizerTest {
  private static final String KEY = "dg-test-key";

  /** Deepgram's documented Results message for the words said, as its live API sends them. */
  static String results(boolean isFinal, boolean fromFinalize, String... words) {
    StringBuilder list = new StringBuilder();
    StringBuilder transcript = new StringBuilder();
    for (int i = 0; i < words.length; i++) {
      double start = 0.3 + 0.3 * i;
      list.append(i == 0 ? "" : ",")
          .append(
              Recorded.format(
                  "{\"word\":\"%s\",\"start\":%.2f,\"end\":%.2f,\"confidence\":0.98,\"punctuated_word\":\"%s\"}",
                  words[i], start, start + 0.25, words[i]));
      transcript.append(i == 0 ? "" : " ").append(words[i]);
    }
    return Recorded.format(
        ("{\"type\":\"Results\",\"channel_index\":[0,1],\"duration\":1.0,\"start\":0.0,"
            + "\"is_final\":%s,\"speech_final\":%s,\"from_finalize\":%s,\"channel\":{\"alternatives\":"
            + "[{\"transcript\":\"%s\",\"confidence\":0.98,\"words\":[%s]}]}}"),
        isFinal,
        isFinal,
        fromFinalize,
        transcript,
        list);
  }

  /** Nova: an interim after half a second of audio, the words as final on Finalize. */
  static FakeSpeechServer.Script nova(AtomicInteger bytes, String... words) {
    return new FakeSpeechServer.Script() {
      boolean interimSent;

      @Override
      public void binary(org.eclipse.jetty.websocket.api.Session session, byte[] data) {
        if (bytes.addAndGet(data.length) >= 16_000 && !interimSent) {
          interimSent = true;
          FakeSpeechServer.send(session, results(false, false, words[0]));
        }
      }

      @Override
      public void text(org.eclipse.jetty.websocket.api.Session session, String text) {
        if (text.contains("\"Finalize\"")) {
          FakeSpeechServer.send(session, results(true, true, words));
        } else if (text.contains("\"CloseStream\"")) {
          session.close(1000, "bye", org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
      }
    };
  }

  @Test
  void novaStreamsAudioAndReportsTheFinalWordsOnFlush() throws Exception {
    AtomicInteger bytes = new AtomicInteger();
    try (FakeSpeechServer fake =
        FakeSpeechServer.websocket(
            "Authorization", "Token " + KEY, h -> nova(bytes, "book", "Boston"))) {
      var recognizer =
          new DeepgramRecognizer(
              Recorded.endpoint(fake.uri(), KEY, new Recorded.Sleeps()), "nova-3");
      Recorded.Words heard = new Recorded.Words();
      try (SpeechRecognizer.Stream stream =
          recognizer.open(new Options(List.of("Boston", "window seat"), "en-US"), heard)) {
        short[] audio = Recorded.speech(1000);
        for (int i = 0; i < audio.length; i += 320) {
          stream.push(audio, i, 320);
        }
        stream.flush();
      }

      assertThat(heard.lastFinalText()).isEqualTo("book Boston");
      assertThat(heard.finals.getLast().get(1).startMillis()).isEqualTo(600);
      assertThat(heard.partials).contains("book Boston");
      assertThat(bytes.get()).isEqualTo(32_000);
      FakeSpeechServer.Handshake handshake = fake.handshakes().getFirst();
      assertThat(handshake.path()).isEqualTo("/v1/listen");
      assertThat(handshake.param("model")).isEqualTo("nova-3");
      assertThat(handshake.param("encoding")).isEqualTo("linear16");
      assertThat(handshake.param("sample_rate")).isEqualTo("16000");
      assertThat(handshake.query().get("keyterm")).containsExactly("Boston", "window seat");
    }
  }

  @Test
  void aRefusedKeyIsFatalAndNotRetried() {
    try (FakeSpeechServer fake =
        FakeSpeechServer.websocket(
            "Authorization", "Token " + KEY, h -> nova(new AtomicInteger()))) {
      Recorded.Sleeps sleeps = new Recorded.Sleeps();
      var recognizer =
          new DeepgramRecognizer(Recorded.endpoint(fake.uri(), "wrong", sleeps), "nova-3");

      assertThatThrownBy(() -> recognizer.open(Options.defaults(), new Recorded.Words()))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ProviderException.Kind.FATAL);
                assertThat(e.getMessage()).contains("401").doesNotContain("wrong");
              });
      assertThat(fake.handshakes()).hasSize(1);
      assertThat(sleeps.waits).isEmpty();
    }
  }

  @Test
  void anUnreachableServiceIsRetriedWithBackoffThenUnavailable() throws Exception {
    URI closed;
    try (var socket = new java.net.ServerSocket(0)) {
      closed = URI.create("ws://127.0.0.1:" + socket.getLocalPort());
    }
    Recorded.Sleeps sleeps = new Recorded.Sleeps();
    var recognizer = new DeepgramRecognizer(Recorded.endpoint(closed, KEY, sleeps), "nova-3");

    assertThatThrownBy(() -> recognizer.open(Options.defaults(), new Recorded.Words()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE));
    assertThat(sleeps.waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void fluxTurnEventsReachTheSessionAsEvidenceAndEndTheUtterance() throws Exception {
    FakeSpeechServer.Script flux =
        new FakeSpeechServer.Script() {
          int bytes;

          @Override
          public void opened(org.eclipse.jetty.websocket.api.Session session) {
            FakeSpeechServer.send(
                session, "{\"type\":\"Connected\",\"request_id\":\"r1\",\"sequence_id\":0}");
          }

          @Override
          public void binary(org.eclipse.jetty.websocket.api.Session session, byte[] data) {
            int before = bytes;
            bytes += data.length;
            if (before < 16_000 && bytes >= 16_000) {
              FakeSpeechServer.send(session, turn("Update", "i need a", 0.1, 0.5));
            }
            if (before < 32_000 && bytes >= 32_000) {
              FakeSpeechServer.send(session, turn("EagerEndOfTurn", "i need a taxi", 0.55, 1.0));
              FakeSpeechServer.send(session, turn("EndOfTurn", "i need a taxi", 0.91, 1.0));
            }
          }

          @Override
          public void text(org.eclipse.jetty.websocket.api.Session session, String text) {}
        };
    try (FakeSpeechServer fake =
        FakeSpeechServer.websocket("Authorization", "Token " + KEY, h -> flux)) {
      var recognizer =
          new DeepgramRecognizer(
              Recorded.endpoint(fake.uri(), KEY, new Recorded.Sleeps()), "flux-general-en");
      Recorded.Words heard = new Recorded.Words();
      try (SpeechRecognizer.Stream stream = recognizer.open(Options.defaults(), heard)) {
        short[] audio = Recorded.speech(1000);
        for (int i = 0; i < audio.length; i += 320) {
          stream.push(audio, i, 320);
        }
        stream.flush();
      }

      assertThat(fake.handshakes().getFirst().path()).isEqualTo("/v2/listen");
      assertThat(heard.endOfTurn).containsExactly(0.55, 0.91);
      assertThat(heard.lastFinalText()).isEqualTo("i need a taxi");
      assertThat(heard.finals.getLast().getLast().endMillis()).isEqualTo(1000);
    }
  }

  static String turn(String event, String transcript, double confidence, double end) {
    return Recorded.format(
        ("{\"type\":\"TurnInfo\",\"event\":\"%s\",\"turn_index\":0,\"audio_window_start\":0.0,"
            + "\"audio_window_end\":%.1f,\"transcript\":\"%s\",\"words\":[],"
            + "\"end_of_turn_confidence\":%.2f}"),
        event,
        end,
        transcript,
        confidence);
  }
}
