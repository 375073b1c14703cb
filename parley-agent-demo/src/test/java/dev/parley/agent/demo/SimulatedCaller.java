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
package dev.parley.agent.demo;

import dev.parley.core.clock.ManualClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.session.VirtualSession;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.testing.FakeSynthesizer;
import dev.parley.testing.FakeVad;
import dev.parley.testing.ScriptedAudio;
import dev.parley.testing.Timeline;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A scripted caller that reacts to the agent: it speaks a line (scripted audio with time-aligned
 * words for an oracle recogniser), then waits for what the agent does — the end of its reply, an
 * eager end of turn, a tool call — before its next line, all on a manual clock. A fake for tests:
 * the session, turn-taking and tool runtime are the real ones; the VAD, recogniser and voice are
 * the harness's fakes.
 */
final class SimulatedCaller implements AutoCloseable {
  static final long MILLIS_PER_WORD = 300;
  private static final int FRAME = 320;
  private static final long FRAME_NANOS = 20_000_000L;
  private static final long MS = 1_000_000L;

  private final ManualClock clock = new ManualClock();
  private final List<SessionEvent> events = new ArrayList<>();
  private final List<SpeechRecognizer.Word> words = new ArrayList<>();
  private final VirtualSession session;
  private long frames;
  private int mark;

  SimulatedCaller(Agent agent, SessionConfig config) {
    Components components =
        Components.builder()
            .vad(new FakeVad())
            .recognizer(new GrowingOracle(words, 100))
            .synthesizer(new FakeSynthesizer())
            .agent(agent)
            .build();
    AudioOutput output =
        new AudioOutput() {
          @Override
          public void play(long atNanos, short[] samples, int offset, int length) {}

          @Override
          public void clear() {}
        };
    this.session =
        new VirtualSession(clock, components, config, ModelledLatency.none(), events::add, output);
  }

  /** Milliseconds since the call started. */
  long nowMillis() {
    return frames * FRAME_NANOS / MS;
  }

  /** Says {@code text}, {@link #MILLIS_PER_WORD} a word, and marks the events that follow. */
  SimulatedCaller say(String text) {
    int count = text.strip().split("\\s+").length;
    ScriptedAudio line = ScriptedAudio.builder().say(text, count * MILLIS_PER_WORD).build();
    long start = nowMillis();
    for (SpeechRecognizer.Word w : line.words()) {
      words.add(
          new SpeechRecognizer.Word(w.text(), w.startMillis() + start, w.endMillis() + start));
    }
    mark = events.size();
    short[] samples = line.samples();
    short[] frame = new short[FRAME];
    for (int at = 0; at < samples.length; at += FRAME) {
      int n = Math.min(FRAME, samples.length - at);
      System.arraycopy(samples, at, frame, 0, n);
      java.util.Arrays.fill(frame, n, FRAME, (short) 0);
      feed(frame);
    }
    return this;
  }

  /** Stays silent for {@code millis}. */
  SimulatedCaller silence(long millis) {
    short[] frame = new short[FRAME];
    for (long t = 0; t < millis; t += 20) {
      feed(frame);
    }
    return this;
  }

  /**
   * Stays silent until an event since the last line matches {@code what}, at most {@code
   * timeoutMillis}; whether it came.
   */
  boolean waitFor(Predicate<SessionEvent> what, long timeoutMillis) {
    short[] frame = new short[FRAME];
    long until = nowMillis() + timeoutMillis;
    int seen = mark;
    while (nowMillis() < until) {
      for (; seen < events.size(); seen++) {
        if (what.test(events.get(seen))) {
          return true;
        }
      }
      feed(frame);
    }
    return false;
  }

  /**
   * Waits for a reply to play to its end (a reply the caller cut off does not count), then a human
   * gap.
   */
  boolean awaitReply() {
    boolean done =
        waitFor(
            e ->
                e instanceof SessionEvent.AgentSpeechEnded end
                    && end.kind() == SpeechKind.RESPONSE
                    && !end.interrupted(),
            30_000);
    silence(700);
    return done;
  }

  /** Whether an event since the last line matches. */
  boolean sawSinceLine(Predicate<SessionEvent> what) {
    return events.subList(mark, events.size()).stream().anyMatch(what);
  }

  Timeline timeline() {
    return new Timeline(events);
  }

  private void feed(short[] frame) {
    frames++;
    session.advanceTo(frames * FRAME_NANOS);
    session.feed(frame, 0, FRAME);
  }

  @Override
  public void close() {
    session.close();
  }

  /**
   * The oracle recogniser over a transcript that grows as the caller speaks: a word is known 100 ms
   * after it ends; a flush finalises every word begun by then.
   */
  private static final class GrowingOracle implements SpeechRecognizer {
    private final List<Word> words;
    private final long delayMillis;

    GrowingOracle(List<Word> words, long delayMillis) {
      this.words = words;
      this.delayMillis = delayMillis;
    }

    @Override
    public String name() {
      return "oracle";
    }

    @Override
    public Stream open(Options options, Listener listener) {
      return new Stream() {
        private long samples;
        private int next;
        private int known;

        @Override
        public void push(short[] pcm, int offset, int length) {
          samples += length;
          long millis = samples / 16;
          int nowKnown = next;
          while (nowKnown < words.size()
              && words.get(nowKnown).endMillis() + delayMillis <= millis) {
            nowKnown++;
          }
          if (nowKnown > Math.max(known, next)) {
            known = nowKnown;
            listener.partial(join(words.subList(next, nowKnown)));
          }
        }

        @Override
        public void flush() {
          long millis = samples / 16;
          int end = next;
          while (end < words.size() && words.get(end).startMillis() < millis) {
            end++;
          }
          listener.finalResult(new ArrayList<>(words.subList(next, end)));
          next = end;
          known = end;
        }

        @Override
        public void close() {}
      };
    }

    private static String join(List<Word> words) {
      StringBuilder text = new StringBuilder();
      for (Word w : words) {
        if (!text.isEmpty()) {
          text.append(' ');
        }
        text.append(w.text());
      }
      return text.toString();
    }
  }
}
