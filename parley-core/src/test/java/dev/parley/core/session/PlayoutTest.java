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

import org.junit.jupiter.api.Test;

class PlayoutTest {
  private final Playout playout = new Playout();
  private final short[] frame = new short[320];

  @Test
  void heardTextCountsWordsInProportionToAudioPlayed() {
    playout.announce("Your flight to Boston");
    playout.append(new short[3200]);
    playout.announce("is booked.");
    playout.append(new short[1600]);
    playout.finish();
    assertThat(playout.heardText()).isEmpty();
    for (int i = 0; i < 5; i++) {
      playout.pull(frame);
    }
    assertThat(playout.heardText()).isEqualTo("Your flight");
    for (int i = 0; i < 5; i++) {
      playout.pull(frame);
    }
    assertThat(playout.heardText()).isEqualTo("Your flight to Boston");
    while (playout.hasAudio()) {
      playout.pull(frame);
    }
    assertThat(playout.drained()).isTrue();
    assertThat(playout.heardText()).isEqualTo("Your flight to Boston is booked.");
  }

  @Test
  void theLastFrameIsPaddedWithSilence() {
    short[] audio = new short[100];
    java.util.Arrays.fill(audio, (short) 7);
    playout.append(audio);
    java.util.Arrays.fill(frame, (short) 9);
    assertThat(playout.pull(frame)).isEqualTo(100);
    assertThat(frame[99]).isEqualTo((short) 7);
    assertThat(frame[100]).isZero();
    assertThat(frame[319]).isZero();
  }

  @Test
  void aCutKeepsTheLastWholeSentenceNotYetPlayedPast() {
    playout.announce("Your flight is booked.");
    playout.append(new short[3200]);
    playout.announce("It leaves at");
    playout.append(new short[1600]);
    playout.pull(frame);
    assertThat(playout.cutAtSentenceEnd()).isEqualTo(1600);
    playout.finish();
    assertThat(playout.text()).isEqualTo("Your flight is booked.");
    int played = 320;
    while (playout.hasAudio()) {
      played += playout.pull(frame);
    }
    assertThat(played).isEqualTo(3200);
  }

  @Test
  void aCutWhileTheCallerHearsAFragmentLetsTheSpanPlayingFinish() {
    playout.announce("Yes.");
    playout.append(new short[640]);
    playout.announce("It leaves");
    playout.append(new short[640]);
    playout.announce("at nine");
    playout.append(new short[640]);
    for (int i = 0; i < 3; i++) {
      playout.pull(frame); // 960 samples: inside "It leaves"
    }
    assertThat(playout.cutAtSentenceEnd()).isEqualTo(640);
    assertThat(playout.text()).isEqualTo("Yes. It leaves");
  }

  @Test
  void rewindToHeardGoesBackToTheLastConfirmedFrame() {
    short[] audio = new short[3200];
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (short) (i + 1);
    }
    playout.announce("one two three four five six seven eight nine ten");
    playout.append(audio);
    for (int i = 0; i < 8; i++) {
      playout.pull(frame);
      playout.sentUntil((i + 1) * 20_000_000L);
    }
    // The caller confirmed five frames; three were in the transport's buffer when it was cleared.
    assertThat(playout.rewindToHeard(5 * 20_000_000L)).isEqualTo(3 * 320);
    playout.pull(frame);
    assertThat(frame[0]).isEqualTo((short) (5 * 320 + 1));
    assertThat(playout.heardText()).isEqualTo("one two three four five six"); // 1920 of 3200
  }
}
