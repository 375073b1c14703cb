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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.s2s.LiveSpeechToSpeech;
import dev.parley.core.s2s.SpeechToSpeech;
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

/**
 * What a speech-to-speech adapter test needs to run a live call against a fake: a session on the
 * system clock, its events as they happen, the frames the caller heard, and a caller who speaks.
 */
abstract class SpeechToSpeechHarness {
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

  /** The caller speaks a tone for {@code voicedMillis}, then 400 ms of silence. */
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

  LiveSpeechToSpeech start(SpeechToSpeech model, List<Tool> tools) {
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
}
