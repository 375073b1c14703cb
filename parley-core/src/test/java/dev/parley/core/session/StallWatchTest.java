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
package dev.parley.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.clock.ManualClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.frame.Frame;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.speech.PlaceholderVoice;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.core.spi.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 4, no dead line, on the manual clock: an agent whose stream stalls after its first
 * words, an agent that never starts, a stream cut mid-sentence, a recogniser that never gives a
 * final result and a synthesiser that never gives audio. The session is driven as {@link
 * VirtualSession} drives it; a stalled stream is one whose frames the driver holds back (as if the
 * network never delivered them), which on a virtual clock is what a stall is.
 */
class StallWatchTest {
  private static final int FRAME = SessionCore.FRAME_SAMPLES;
  private static final long FRAME_NANOS = SessionCore.FRAME_NANOS;
  private static final long MS = 1_000_000L;
  private static final long ORIGIN_NANOS = 7_000_000_000_000L;
  private static final String APOLOGY = SessionConfig.defaults().apology();

  /** A VAD whose answer the test sets. */
  private static final class ScriptedVad implements VoiceActivityDetector {
    float probability;

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public int windowSamples() {
      return FRAME;
    }

    @Override
    public Stream open() {
      return new Stream() {
        @Override
        public float speechProbability(short[] samples, int offset) {
          return probability;
        }

        @Override
        public void reset() {}

        @Override
        public void close() {}
      };
    }
  }

  /** The first reply streams its chunks; the next replies say {@code later}. */
  private static Agent streaming(List<String> firstChunks, String later) {
    return new Agent() {
      int calls;

      @Override
      public String name() {
        return "streaming";
      }

      @Override
      public void respond(Conversation conversation, Reply reply) {
        if (calls++ == 0) {
          firstChunks.forEach(reply::text);
        } else {
          reply.text(later);
        }
      }
    };
  }

  /** One call on the manual clock; the agent's frames after {@code keepChunks} texts stall. */
  private static final class Call {
    private record Scheduled(
        long atNanos, long order, VirtualOutbox.Epochs worker, long epoch, Frame frame)
        implements Comparable<Scheduled> {
      @Override
      public int compareTo(Scheduled other) {
        int byTime = Long.compare(atNanos, other.atNanos);
        return byTime != 0 ? byTime : Long.compare(order, other.order);
      }
    }

    final ScriptedVad vad = new ScriptedVad();
    final ManualClock clock = new ManualClock(ORIGIN_NANOS);
    final List<SessionEvent> events = new ArrayList<>();
    final List<Long> audibleAtNanos = new ArrayList<>();
    final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>();
    final SessionCore core;
    final int keepChunks;
    long stalledEpoch = -1;
    int chunksSeen;
    boolean synthesizerDead;
    long order;

    Call(Agent agent, SpeechRecognizer recognizer, SpeechSynthesizer voice, int keepChunks) {
      this(agent, recognizer, voice, keepChunks, SessionConfig.defaults());
    }

    Call(
        Agent agent,
        SpeechRecognizer recognizer,
        SpeechSynthesizer voice,
        int keepChunks,
        SessionConfig config) {
      this(agent, recognizer, voice, keepChunks, config, false);
    }

    Call(
        Agent agent,
        SpeechRecognizer recognizer,
        SpeechSynthesizer voice,
        int keepChunks,
        SessionConfig config,
        boolean synthesizerDead) {
      this.keepChunks = keepChunks;
      this.synthesizerDead = synthesizerDead;
      AudioOutput output =
          new AudioOutput() {
            @Override
            public void play(long atNanos, short[] samples, int offset, int length) {
              for (int i = offset; i < offset + length; i++) {
                if (samples[i] != 0) {
                  audibleAtNanos.add(atNanos);
                  return;
                }
              }
            }

            @Override
            public void clear() {}
          };
      InlineWorker.Scheduler scheduler =
          new InlineWorker.Scheduler() {
            @Override
            public long nowNanos() {
              return clock.nanos();
            }

            @Override
            public void schedule(
                long atNanos, VirtualOutbox.Epochs worker, long epoch, Frame frame) {
              scheduled.add(new Scheduled(atNanos, order++, worker, epoch, frame));
            }
          };
      InlineWorker.Scheduler stalling =
          new InlineWorker.Scheduler() {
            @Override
            public long nowNanos() {
              return clock.nanos();
            }

            @Override
            public void schedule(
                long atNanos, VirtualOutbox.Epochs worker, long epoch, Frame frame) {
              // The first reply's stream stops after keepChunks texts: nothing more arrives.
              boolean text = frame instanceof Frame.AgentText || frame instanceof Frame.AgentDone;
              if (text && stalledEpoch < 0) {
                stalledEpoch = epoch;
              }
              if (text && epoch == stalledEpoch && chunksSeen++ >= keepChunks) {
                return;
              }
              scheduled.add(new Scheduled(atNanos, order++, worker, epoch, frame));
            }
          };
      InlineWorker.Scheduler mute =
          new InlineWorker.Scheduler() {
            @Override
            public long nowNanos() {
              return clock.nanos();
            }

            @Override
            public void schedule(
                long atNanos, VirtualOutbox.Epochs worker, long epoch, Frame frame) {
              // A synthesiser that never answers: none of its frames arrives.
            }
          };
      core =
          new SessionCore(
              config,
              Components.builder()
                  .vad(vad)
                  .recognizer(recognizer)
                  .synthesizer(voice)
                  .agent(agent)
                  .build(),
              events::add,
              output,
              clock.nanos(),
              component ->
                  new InlineWorker(
                      component,
                      0,
                      switch (component) {
                        case "agent" -> stalling;
                        case "tts" -> synthesizerDead ? mute : scheduler;
                        default -> scheduler;
                      }),
              dev.parley.core.spi.CallInfo.local("stall-test"),
              dev.parley.core.spi.CallControl.none());
    }

    void advanceTo(long deadlineNanos) {
      while (true) {
        Scheduled head = scheduled.peek();
        long next =
            Math.min(head == null ? SessionCore.NEVER : head.atNanos(), core.nextDeadlineNanos());
        if (next > deadlineNanos) {
          break;
        }
        long now = Math.max(next, clock.nanos());
        clock.advanceTo(now);
        while ((head = scheduled.peek()) != null && head.atNanos() <= now) {
          scheduled.poll();
          if (head.worker().isCurrent(head.epoch())) {
            core.onFrame(head.frame(), now);
          }
        }
        core.onTime(now);
      }
      clock.advanceTo(deadlineNanos);
    }

    /** The caller speaks for {@code millis}, then is silent for {@code thenMillis}. */
    void say(long millis, long thenMillis) {
      vad.probability = 0.9f;
      feed(millis, 3000);
      vad.probability = 0f;
      feed(thenMillis, 0);
    }

    private void feed(long millis, int level) {
      short[] frame = new short[FRAME];
      java.util.Arrays.fill(frame, (short) level);
      for (long t = 0; t < millis && !core.ended(); t += 20) {
        advanceTo(clock.nanos() + FRAME_NANOS);
        core.onUserAudio(frame, 0, FRAME, clock.nanos());
      }
    }

    <T extends SessionEvent> List<T> all(Class<T> type) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<SessionEvent.AgentSpeechStarted> said(SpeechKind kind) {
      return all(SessionEvent.AgentSpeechStarted.class).stream()
          .filter(s -> s.kind() == kind)
          .toList();
    }

    List<SessionEvent.AgentSpeechEnded> ended(SpeechKind kind) {
      return all(SessionEvent.AgentSpeechEnded.class).stream()
          .filter(s -> s.kind() == kind)
          .toList();
    }

    /** The longest stretch with no agent audio between {@code fromNanos} and {@code toNanos}. */
    long longestSilenceNanos(long fromNanos, long toNanos) {
      long last = fromNanos;
      long longest = 0;
      for (long at : audibleAtNanos) {
        if (at >= fromNanos && at <= toNanos) {
          longest = Math.max(longest, at - last);
          last = at + FRAME_NANOS;
        }
      }
      return Math.max(longest, toNanos - last);
    }
  }

  private static final SpeechRecognizer NO_WORDS = new OracleRecognizer(List.of(), 100);

  @Test
  void aStreamThatStallsAfterItsFirstWordsGetsAFillerThenAnApologyAndTheNextTurnIsAnswered() {
    Call call =
        new Call(
            streaming(
                List.of("I can book that for you.", " Let me find the", " flight."),
                "It leaves at nine."),
            NO_WORDS,
            new PlaceholderVoice(),
            2);
    call.say(1000, 12_000);

    long turnEnd = call.all(SessionEvent.UserTurnEnded.class).getFirst().atNanos();
    SessionEvent.AgentSpeechStarted filler = call.said(SpeechKind.FILLER).getFirst();
    SessionEvent.ServiceFailed failed = call.all(SessionEvent.ServiceFailed.class).getFirst();
    assertThat(failed.component()).isEqualTo("agent");
    // The last words came with the first chunks, right at the end of the turn.
    // Heard by the thresholds: the watch fires 40 ms early, the line starts on the 20 ms grid.
    assertThat(filler.atNanos() - turnEnd).isBetween(1960 * MS, 2000 * MS);
    assertThat(failed.atNanos() - turnEnd).isEqualTo(5960 * MS);
    long firstAudio = call.said(SpeechKind.RESPONSE).getFirst().atNanos();
    assertThat(call.longestSilenceNanos(firstAudio, filler.atNanos()))
        .as("the caller hears the filler within 2 s of the line going quiet")
        .isLessThanOrEqualTo(2000 * MS);
    SessionEvent.AgentSpeechEnded reply = call.ended(SpeechKind.RESPONSE).getFirst();
    assertThat(reply.text())
        .as("the half sentence is dropped; the apology is a sentence of its own")
        .isEqualTo("I can book that for you. " + APOLOGY);

    call.say(800, 4000);
    assertThat(call.ended(SpeechKind.RESPONSE))
        .extracting(SessionEvent.AgentSpeechEnded::text)
        .containsExactly("I can book that for you. " + APOLOGY, "It leaves at nine.");
    assertThat(call.all(SessionEvent.ServiceFailed.class)).hasSize(1);
  }

  @Test
  void anAgentThatNeverStartsGetsAFillerAt1500MsAndTheApologyAt6s() {
    Call call =
        new Call(streaming(List.of("Never said."), "Hello."), NO_WORDS, new PlaceholderVoice(), 0);
    call.say(1000, 9000);

    long turnEnd = call.all(SessionEvent.UserTurnEnded.class).getFirst().atNanos();
    assertThat(call.said(SpeechKind.FILLER).getFirst().atNanos() - turnEnd)
        .isBetween(1460 * MS, 1500 * MS);
    assertThat(call.all(SessionEvent.ServiceFailed.class).getFirst().atNanos() - turnEnd)
        .isEqualTo(5960 * MS);
    assertThat(call.said(SpeechKind.RESPONSE).getFirst().text()).isEqualTo(APOLOGY);
  }

  @Test
  void aStreamCutMidSentenceEndsAtTheSentenceBeforeTheApology() {
    Agent cut =
        new Agent() {
          @Override
          public String name() {
            return "cut";
          }

          @Override
          public void respond(Conversation conversation, Reply reply) {
            reply.text("I can book that for you.");
            reply.text(" Your flight to");
            throw new ProviderException(ProviderException.Kind.TRANSIENT, "stream ended early");
          }
        };
    Call call = new Call(cut, NO_WORDS, new PlaceholderVoice(), 100);
    call.say(1000, 9000);

    SessionEvent.ServiceFailed failed = call.all(SessionEvent.ServiceFailed.class).getFirst();
    assertThat(failed.component()).isEqualTo("agent");
    assertThat(failed.message()).isEqualTo("stream ended early");
    assertThat(call.ended(SpeechKind.RESPONSE).getFirst().text())
        .isEqualTo("I can book that for you. " + APOLOGY);
    assertThat(call.said(SpeechKind.FILLER)).isEmpty();
  }

  @Test
  void theWatchOffWaitsSilentlyAsBefore() {
    Call call =
        new Call(
            streaming(List.of("Never said."), "Hello."),
            NO_WORDS,
            new PlaceholderVoice(),
            0,
            SessionConfig.defaults().withStall(SessionConfig.Stall.off()));
    call.say(1000, 9000);
    assertThat(call.said(SpeechKind.FILLER)).isEmpty();
    assertThat(call.all(SessionEvent.ServiceFailed.class)).isEmpty();
  }

  /** A recogniser that takes audio and flushes but never reports a final result. */
  private static final class DeafRecognizer implements SpeechRecognizer {
    int opened;

    @Override
    public String name() {
      return "deaf";
    }

    @Override
    public Stream open(Options options, Listener listener) {
      opened++;
      return new Stream() {
        @Override
        public void push(short[] samples, int offset, int length) {}

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
    }
  }

  @Test
  void aRecognizerWithNoFinalIsReopenedAndTheTurnIsStillAnswered() {
    DeafRecognizer deaf = new DeafRecognizer();
    Call call =
        new Call(streaming(List.of("Hello there."), "Again."), deaf, new PlaceholderVoice(), 100);
    call.say(1000, 7000);

    long speechEnd = call.all(SessionEvent.UserSpeechEnded.class).getFirst().atNanos();
    SessionEvent.ServiceFailed failed = call.all(SessionEvent.ServiceFailed.class).getFirst();
    assertThat(failed.component()).isEqualTo("stt");
    // The flush goes when the silence is confirmed, 200 ms after it began.
    assertThat(failed.atNanos() - speechEnd).isEqualTo(5200 * MS);
    assertThat(deaf.opened).as("the stream was reopened").isEqualTo(2);
    assertThat(call.said(SpeechKind.RESPONSE))
        .extracting(SessionEvent.AgentSpeechStarted::text)
        .containsExactly("Hello there.");
  }

  @Test
  void aRecognizerThatKeepsStallingEndsTheCallWithAGoodbye() {
    Call call =
        new Call(
            streaming(List.of("Hello there."), "Again."),
            new DeafRecognizer(),
            new PlaceholderVoice(),
            100);
    for (int turn = 0; turn < 3 && !call.core.ended(); turn++) {
      call.say(1000, 9000);
    }
    call.say(0, 10_000);
    assertThat(call.all(SessionEvent.ServiceFailed.class)).hasSize(3);
    assertThat(call.said(SpeechKind.RESPONSE).getLast().text())
        .isEqualTo(SessionConfig.Stall.defaults().goodbye());
    assertThat(call.all(SessionEvent.SessionEnded.class)).hasSize(1);
  }

  @Test
  void aSynthesizerThatGivesNoAudioIsFoundWithin4sAndTheCallGoesOnThenEnds() {
    Call call =
        new Call(
            streaming(List.of("Hello there."), "Again."),
            NO_WORDS,
            new PlaceholderVoice(),
            100,
            SessionConfig.defaults(),
            true);
    call.say(1000, 6000);

    long turnEnd = call.all(SessionEvent.UserTurnEnded.class).getFirst().atNanos();
    SessionEvent.ServiceFailed failed = call.all(SessionEvent.ServiceFailed.class).getFirst();
    assertThat(failed.component()).isEqualTo("tts");
    assertThat(failed.atNanos() - turnEnd).isEqualTo(4000 * MS);
    assertThat(call.all(SessionEvent.SessionEnded.class)).as("the call goes on").isEmpty();

    call.say(1000, 6000);
    call.say(1000, 6000);
    assertThat(call.all(SessionEvent.ServiceFailed.class)).hasSize(3);
    assertThat(call.all(SessionEvent.SessionEnded.class))
        .extracting(SessionEvent.SessionEnded::reason)
        .containsExactly("synthesizer stalled");
  }
}
