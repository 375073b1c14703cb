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

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.s2s.SpeechToSpeech;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gemini Live against its loopback fake: the speech-to-speech contract. */
class GeminiLiveTest extends SpeechToSpeechContract {
  private static final String KEY = "gemini-key";

  /** The fake of the test running (a new test instance per test). */
  private FakeGeminiLive live = new FakeGeminiLive(List.of(), List.of());

  @Override
  Fake fake(List<String> transcripts, List<List<FakeReply>> responses) {
    FakeGeminiLive live = new FakeGeminiLive(transcripts, responses);
    this.live = live;
    FakeSpeechServer server = live.listen(KEY);
    GeminiLive model =
        new GeminiLive(
            Recorded.endpoint(server.uri(), KEY, new Recorded.Sleeps()),
            "gemini-live-2.5-flash-preview",
            "Puck");
    return new Fake() {
      @Override
      public SpeechToSpeech model() {
        return model;
      }

      @Override
      public int functionResults() {
        int n = 0;
        for (JsonNode message : live.of("toolResponse")) {
          n += message.path("toolResponse").path("functionResponses").size();
        }
        return n;
      }

      @Override
      public int answerRequests() {
        return live.realtime("activityEnd").size() + live.of("toolResponse").size();
      }

      @Override
      public List<String> declaredTools() {
        List<String> names = new ArrayList<>();
        for (JsonNode declaration : setup().path("tools").path(0).path("functionDeclarations")) {
          names.add(declaration.path("name").asText());
        }
        return names;
      }

      @Override
      public boolean leavesTurnsToParley() {
        return setup()
            .path("realtimeInputConfig")
            .path("automaticActivityDetection")
            .path("disabled")
            .asBoolean(false);
      }

      private JsonNode setup() {
        return live.of("setup").getFirst().path("setup");
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  @Override
  void assertToldWhatWasHeard(Fake fake) {
    List<String> notes =
        live.of("clientContent").stream()
            .filter(m -> !m.path("clientContent").path("turnComplete").asBoolean(true))
            .map(m -> m.path("clientContent").path("turns").path(0).path("parts").path(0))
            .map(part -> part.path("text").asText())
            .toList();
    assertThat(notes)
        .anySatisfy(
            note ->
                assertThat(note)
                    .contains("They heard only: \"Booking")
                    .doesNotContain("moment please"));
    // The New York call was cancelled by the service when the caller spoke: no toolResponse for
    // it (the fake would close the connection), its outcome told as a note.
    assertThat(notes).anySatisfy(note -> assertThat(note).contains("call_ny").contains("not run"));
    assertThat(live.of("setup").getFirst().path("setup").path("model").asText())
        .isEqualTo("models/gemini-live-2.5-flash-preview");
  }

  /** Caller silence, fed as fast as the loop takes it. */
  static void silence(dev.parley.core.s2s.LiveSpeechToSpeech call, int millis) {
    short[] frame = new short[320];
    for (int ms = 0; ms < millis; ms += 20) {
      call.offer(frame, 0, frame.length);
    }
  }

  @Test
  void aBackchannelWhileGeminiIsStillGeneratingDoesNotCutTheAnswerShort() throws Exception {
    FakeGeminiLive paced =
        new FakeGeminiLive(
                List.of("what are my options", "mhm"),
                List.of(
                    List.of(
                        new FakeReply.Say(
                            "There are three flights, at seven, at noon and after midnight.",
                            3000))))
            .paced();
    this.live = paced;
    try (FakeSpeechServer server = paced.listen(KEY)) {
      GeminiLive model =
          new GeminiLive(
              Recorded.endpoint(server.uri(), KEY, new Recorded.Sleeps()), "gemini-live", "Puck");
      dev.parley.core.s2s.LiveSpeechToSpeech call = start(model, List.of());
      speak(call, 1000);
      events.await(e -> e instanceof dev.parley.core.event.SessionEvent.AgentSpeechStarted);
      speak(call, 300); // "mhm" while the answer is still being generated
      silence(call, 4000);
      events.await(
          e ->
              e instanceof dev.parley.core.event.SessionEvent.AgentSpeechEnded ended
                  && ended.text().contains("midnight"));
      call.hangUp("done");
      call.awaitEnd(java.time.Duration.ofSeconds(5));

      assertThat(paced.interruptedGenerations()).isZero();
      assertThat(events.all)
          .noneMatch(dev.parley.core.event.SessionEvent.AgentInterrupted.class::isInstance)
          .anyMatch(dev.parley.core.event.SessionEvent.AgentResumed.class::isInstance);
      // The held "mhm" reached Gemini once its answer was generated, in its own activity.
      assertThat(paced.realtime("activityStart")).hasSize(2);
    }
  }
}
