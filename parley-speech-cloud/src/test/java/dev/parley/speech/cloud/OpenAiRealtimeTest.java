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
import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.s2s.LiveSpeechToSpeech;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolSpec;
import dev.parley.core.turn.BargeInPolicy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * OpenAI Realtime through Parley's speech-to-speech session, against a loopback fake of the
 * protocol: the contract every speech-to-speech adapter must meet.
 */
class OpenAiRealtimeTest {
  private static final String KEY = "rt-key";

  /** A tool that counts its runs and remembers their arguments. */
  static final class CountingTool implements Tool {
    final String name;
    final ToolEffect effect;
    final List<String> runs = new CopyOnWriteArrayList<>();

    CountingTool(String name, ToolEffect effect) {
      this.name = name;
      this.effect = effect;
    }

    @Override
    public ToolSpec spec() {
      return new ToolSpec(
          name,
          name,
          "{\"type\":\"object\",\"properties\":{\"to\":{\"type\":\"string\"}}}",
          effect,
          Duration.ofSeconds(5));
    }

    @Override
    public String invoke(String argumentsJson, ToolContext context) {
      runs.add(argumentsJson);
      return "{\"ok\":true,\"args\":" + argumentsJson + "}";
    }
  }

  /** Events as they happen, with a way to wait for one. */
  static final class Events implements java.util.function.Consumer<SessionEvent> {
    final List<SessionEvent> all = new CopyOnWriteArrayList<>();

    @Override
    public synchronized void accept(SessionEvent event) {
      all.add(event);
      notifyAll();
    }

    synchronized void await(Predicate<SessionEvent> wanted) throws InterruptedException {
      long deadline = 10_000;
      while (all.stream().noneMatch(wanted)) {
        long before = deadline;
        wait(200);
        deadline = before - 200;
        if (deadline <= 0) {
          throw new AssertionError("never happened; events: " + all);
        }
      }
    }
  }

  final Events events = new Events();
  final AtomicInteger frames = new AtomicInteger();
  final AudioOutput output =
      new AudioOutput() {
        @Override
        public void play(long atNanos, short[] samples, int offset, int length) {
          frames.incrementAndGet();
        }

        @Override
        public void clear() {}
      };

  static void speak(LiveSpeechToSpeech call, int voicedMillis) {
    short[] frame = new short[320];
    for (int ms = 0; ms < voicedMillis + 400; ms += 20) {
      boolean voiced = ms < voicedMillis;
      for (int i = 0; i < frame.length; i++) {
        frame[i] =
            voiced ? (short) (4000 * Math.sin((ms * 16 + i) * 2 * Math.PI * 180 / 16_000)) : 0;
      }
      call.offer(frame, 0, frame.length);
    }
  }

  LiveSpeechToSpeech start(FakeSpeechServer fake, List<Tool> tools) {
    OpenAiRealtime model =
        new OpenAiRealtime(
            Recorded.endpoint(fake.uri(), KEY, new Recorded.Sleeps()), "gpt-realtime", "alloy");
    return LiveSpeechToSpeech.start(
        "test",
        MediaClock.system(),
        model,
        "You are a travel desk.",
        tools,
        BargeInPolicy.Settings.defaults(),
        events,
        output);
  }

  static <T> void eventually(java.util.function.Supplier<T> value, Predicate<T> ok)
      throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    for (int i = 0; i < 100 && !ok.test(value.get()); i++) {
      never.await(100, TimeUnit.MILLISECONDS);
    }
    assertThat(ok.test(value.get())).as("condition on %s", value.get()).isTrue();
  }

  @Test
  void speechAndAFunctionCallDeliveredTwiceAreAnsweredAndRunOnce() throws Exception {
    FakeRealtime realtime =
        new FakeRealtime(
            List.of("find me flights to Boston"),
            List.of(
                List.of(
                    new FakeRealtime.Part.Say("Let me check.", 600),
                    new FakeRealtime.Part.Call("call_1", "search_flights", "{\"to\":\"Boston\"}")),
                List.of(new FakeRealtime.Part.Say("There are three flights.", 800))));
    CountingTool search = new CountingTool("search_flights", ToolEffect.READ_ONLY);
    try (FakeSpeechServer fake =
        FakeSpeechServer.websocket("Authorization", "Bearer " + KEY, h -> realtime)) {
      LiveSpeechToSpeech call = start(fake, List.of(search));
      speak(call, 1000);
      events.await(
          e -> e instanceof SessionEvent.AgentSpeechEnded ended && ended.text().contains("three"));
      call.hangUp("done");
      assertThat(call.awaitEnd(Duration.ofSeconds(5))).isTrue();

      assertThat(search.runs).containsExactly("{\"to\":\"Boston\"}");
      assertThat(realtime.of("conversation.item.create")).hasSize(1);
      assertThat(realtime.of("response.create")).hasSize(2);
      JsonNode session = realtime.of("session.update").getFirst().path("session");
      assertThat(
              session
                  .path("audio")
                  .path("input")
                  .path("turn_detection")
                  .path("create_response")
                  .asBoolean(true))
          .isFalse();
      assertThat(session.path("tools").get(0).path("name").asText()).isEqualTo("search_flights");
      assertThat(events.all)
          .filteredOn(SessionEvent.LatencyBreakdown.class::isInstance)
          .isNotEmpty();
    }
  }

  @Test
  void aBookingSpokenOverByACorrectionIsNeverCommittedAndTheHeardAudioIsTruncated()
      throws Exception {
    FakeRealtime realtime =
        new FakeRealtime(
            List.of("book the flight to New York", "no actually make that Boston"),
            List.of(
                List.of(
                    new FakeRealtime.Part.Say(
                        "Booking New York for you now, one moment please.", 3000),
                    new FakeRealtime.Part.Call("call_ny", "book_flight", "{\"to\":\"New York\"}")),
                List.of(
                    new FakeRealtime.Part.Call("call_bos", "book_flight", "{\"to\":\"Boston\"}"),
                    new FakeRealtime.Part.Say("Booked Boston.", 600)),
                List.of(new FakeRealtime.Part.Say("You're all set.", 400))));
    CountingTool book = new CountingTool("book_flight", ToolEffect.SIDE_EFFECTING);
    try (FakeSpeechServer fake =
        FakeSpeechServer.websocket("Authorization", "Bearer " + KEY, h -> realtime)) {
      LiveSpeechToSpeech call = start(fake, List.of(book));
      speak(call, 1000);
      events.await(e -> e instanceof SessionEvent.AgentSpeechStarted);
      eventually(frames::get, n -> n >= 25); // the caller hears half a second of the confirmation
      speak(call, 900);
      events.await(SessionEvent.AgentInterrupted.class::isInstance);
      eventually(() -> book.runs, runs -> runs.contains("{\"to\":\"Boston\"}"));
      call.hangUp("done");
      call.awaitEnd(Duration.ofSeconds(5));

      assertThat(book.runs).containsExactly("{\"to\":\"Boston\"}");
      JsonNode truncate = realtime.of("conversation.item.truncate").getFirst();
      long heardMillis = truncate.path("audio_end_ms").asLong();
      assertThat(heardMillis).isBetween(200L, 2900L);
      assertThat(realtime.of("conversation.item.create"))
          .anySatisfy(
              m -> assertThat(m.path("item").path("call_id").asText()).isEqualTo("call_ny"));
    }
  }
}
