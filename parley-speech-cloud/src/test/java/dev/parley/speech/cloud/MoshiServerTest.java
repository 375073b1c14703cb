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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.s2s.LiveSpeechToSpeech;
import dev.parley.core.s2s.SpeechToSpeech;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.tool.ToolEffect;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Moshi-style server through Parley's session, against a loopback fake that speaks the protocol
 * with the same libopus. The function-call half of the contract does not apply: the protocol has no
 * function calls, and the adapter refuses tools.
 */
class MoshiServerTest extends SpeechToSpeechHarness {
  static MoshiServer model(FakeSpeechServer server) {
    return new MoshiServer(URI.create(server.uri() + "/api/chat"), Duration.ofSeconds(5));
  }

  /**
   * The caller talks for {@code voicedMillis}, then is silent for {@code silentMillis}, in real
   * time as a phone line delivers it: a full-duplex server steps only as audio comes in, and
   * Parley's barge-in rules time the overlap on the media clock.
   */
  static void talk(LiveSpeechToSpeech call, int voicedMillis, int silentMillis)
      throws InterruptedException {
    Pacer pacer = new Pacer(MediaClock.system());
    long next = MediaClock.system().nanos();
    short[] frame = new short[320];
    for (int ms = 0; ms < voicedMillis + silentMillis; ms += 20) {
      boolean voiced = ms < voicedMillis;
      for (int i = 0; i < frame.length; i++) {
        frame[i] =
            voiced ? (short) (4000 * Math.sin((ms * 16 + i) * 2 * Math.PI * 180 / 16_000)) : 0;
      }
      pacer.awaitUntil(next);
      call.offer(frame, 0, frame.length);
      next += 20_000_000L;
    }
  }

  @Test
  void aTurnIsAnsweredInTheModelsVoiceWithItsWordsAndTheCascadedEvents() throws Exception {
    FakeMoshi moshi =
        new FakeMoshi(List.of(new FakeReply.Say("Hello there, how can I help?", 1200)));
    try (FakeSpeechServer server = moshi.listen()) {
      LiveSpeechToSpeech call = start(model(server), List.of());
      talk(call, 1000, 2500);
      events.await(e -> e instanceof SessionEvent.AgentSpeechEnded);
      call.hangUp("done");
      assertThat(call.awaitEnd(Duration.ofSeconds(5))).isTrue();

      SessionEvent.AgentSpeechEnded ended =
          events.all.stream()
              .filter(SessionEvent.AgentSpeechEnded.class::isInstance)
              .map(SessionEvent.AgentSpeechEnded.class::cast)
              .findFirst()
              .orElseThrow();
      assertThat(ended.text()).isEqualTo("Hello there, how can I help?");
      assertThat(ended.interrupted()).isFalse();
      assertThat(events.all).anyMatch(SessionEvent.UserTurnEnded.class::isInstance);
      assertThat(events.all).anyMatch(SessionEvent.LatencyBreakdown.class::isInstance);
      // 1.2 s of answer reached the ear, 20 ms at a time (the cut keeps 300 ms of its tail).
      assertThat(frames.get()).isBetween(55, 90);
      assertThat(moshi.audioMessages.get()).isGreaterThan(100);
      assertThat(moshi.damagedPages()).isZero();
    }
  }

  @Test
  void speechOverTheAnswerInterruptsAndTheRestIsNeverPlayed() throws Exception {
    FakeMoshi moshi =
        new FakeMoshi(List.of(new FakeReply.Say("Let me read you all six options now.", 4000)));
    try (FakeSpeechServer server = moshi.listen()) {
      LiveSpeechToSpeech call = start(model(server), List.of());
      talk(call, 1000, 1000); // the answer starts 300 ms into the silence
      assertThat(events.all).anyMatch(SessionEvent.AgentSpeechStarted.class::isInstance);
      talk(call, 2000, 600); // longer than a backchannel: a real interruption
      events.await(SessionEvent.AgentInterrupted.class::isInstance);
      call.hangUp("done");
      call.awaitEnd(Duration.ofSeconds(5));

      assertThat(moshi.answersYielded.get()).isEqualTo(1);
      assertThat(frames.get()).isLessThan(150); // far from the 4 s answer's 200 frames
    }
  }

  @Test
  void toolsAndDelegationAreRefusedWithAReason() throws Exception {
    FakeMoshi moshi = new FakeMoshi(List.of());
    try (FakeSpeechServer server = moshi.listen()) {
      CountingTool book = new CountingTool("book_flight", ToolEffect.SIDE_EFFECTING);
      assertThatThrownBy(
              () ->
                  model(server)
                      .open(new SpeechToSpeech.Setup("", List.of(book.spec())), event -> {}))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("no function calls");
      SpeechToSpeech.Connection connection =
          model(server).open(new SpeechToSpeech.Setup("", List.of()), event -> {});
      try {
        assertThatThrownBy(() -> connection.say("hello"))
            .isInstanceOf(ProviderException.class)
            .hasMessageContaining("cannot be told what to say");
      } finally {
        connection.close();
      }
    }
  }

  @Test
  void aServerThatIsNotThereIsUnavailable() {
    MoshiServer model =
        new MoshiServer(URI.create("ws://127.0.0.1:9/api/chat"), Duration.ofSeconds(2));
    assertThatThrownBy(() -> model.open(new SpeechToSpeech.Setup("", List.of()), event -> {}))
        .isInstanceOf(ProviderException.class)
        .satisfies(
            e ->
                assertThat(((ProviderException) e).kind())
                    .isEqualTo(ProviderException.Kind.UNAVAILABLE));
  }
}
