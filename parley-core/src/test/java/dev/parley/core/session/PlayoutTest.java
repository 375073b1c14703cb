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
}
