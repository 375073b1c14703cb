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

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The agent's one voice, without a session: a filler holds the reply until it ends, an aside cut by
 * the caller ends interrupted, and a new aside cuts the one still playing. Time is passed in.
 */
class SpeakerTest {
  private static final long FRAME = SessionCore.FRAME_NANOS;

  private final List<SessionEvent> events = new ArrayList<>();
  private final List<String> output = new ArrayList<>();
  private final List<String> cues = new ArrayList<>();
  private boolean replySpeaking;

  private final Speaker speaker =
      new Speaker(
          new EventSink(events::add, 0),
          new AudioOutput() {
            @Override
            public void play(long atNanos, short[] samples, int offset, int length) {
              output.add(atNanos / FRAME + ":" + samples[offset]);
            }

            @Override
            public void clear() {
              output.add("clear");
            }
          },
          new AgentLevels(),
          new Speaker.Cues() {
            @Override
            public boolean replySpeaking() {
              return replySpeaking;
            }

            @Override
            public void replyAudible(long tickNanos) {
              replySpeaking = true;
              cues.add("audible@" + tickNanos / FRAME);
            }

            @Override
            public void replyDrained(long atNanos) {
              cues.add("drained@" + atNanos / FRAME);
            }

            @Override
            public boolean userStarting() {
              return false;
            }

            @Override
            public void fillerEnded(
                String text, String heard, boolean interrupted, boolean audible, long atNanos) {
              cues.add("filler ended: " + heard + (interrupted ? " (cut)" : ""));
            }
          });

  /** {@code frames} frames of constant {@code value}. */
  private static short[] clip(int frames, int value) {
    short[] samples = new short[frames * SessionCore.FRAME_SAMPLES];
    java.util.Arrays.fill(samples, (short) value);
    return samples;
  }

  private void runTo(long frames) {
    for (long t = 0; t <= frames * FRAME; t += FRAME) {
      speaker.playReplyDue(t);
      speaker.playAsideDue(t);
    }
  }

  @Test
  void aFillerHoldsTheReplyUntilItHasPlayedOut() {
    speaker.playAside(SpeechKind.FILLER, "One moment.", clip(2, 7), 1, 0);
    speaker.announce("Your flight is booked.");
    speaker.append(clip(2, 3));
    speaker.finishReply();
    speaker.play(0, 0);

    runTo(5);

    // The reply's first frame takes the slot after the filler's last: no gap, no overlap.
    assertThat(output).containsExactly("0:7", "1:7", "2:3", "3:3");
    assertThat(cues).containsExactly("filler ended: One moment.", "audible@2", "drained@4");
  }

  @Test
  void aBackchannelCutByTheCallerEndsInterruptedAndClearsTheLine() {
    speaker.playAside(SpeechKind.BACKCHANNEL, "mhm", clip(3, 5), 0.5, 0);
    speaker.playAsideDue(0);
    speaker.stopAside(FRAME / 2);

    assertThat(output).containsExactly("0:3", "clear"); // 5 at half gain, rounded
    assertThat(events)
        .containsExactly(
            new SessionEvent.AgentSpeechStarted(0, SpeechKind.BACKCHANNEL, "mhm"),
            new SessionEvent.AgentSpeechEnded(FRAME / 2, SpeechKind.BACKCHANNEL, "mhm", true));
    assertThat(speaker.speaking()).isFalse();
  }

  @Test
  void aNewAsideCutsTheOneStillPlaying() {
    speaker.playAside(SpeechKind.BACKCHANNEL, "mhm", clip(3, 5), 1, 0);
    speaker.playAsideDue(0);
    speaker.playAside(SpeechKind.FILLER, "Just a second.", clip(1, 9), 1, FRAME);
    runTo(3);

    assertThat(output).containsExactly("0:5", "clear", "1:9");
    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly(
            "AgentSpeechStarted", "AgentSpeechEnded", "AgentSpeechStarted", "AgentSpeechEnded");
    assertThat(cues).containsExactly("filler ended: Just a second.");
  }
}
