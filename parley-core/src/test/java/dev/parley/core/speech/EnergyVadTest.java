package dev.parley.core.speech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.VoiceActivityDetector;
import org.junit.jupiter.api.Test;

class EnergyVadTest {
  private final VoiceActivityDetector.Stream vad = new EnergyVad().open();

  private static short[] tone(double amplitude) {
    short[] out = new short[320];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) (amplitude * 32767 * Math.sin(2 * Math.PI * 200 * i / 16000.0));
    }
    return out;
  }

  @Test
  void silenceIsNotSpeech() {
    assertThat(vad.speechProbability(new short[320], 0)).isLessThan(0.01f);
  }

  @Test
  void aLoudVoiceAfterQuietIsSpeech() {
    for (int i = 0; i < 10; i++) {
      vad.speechProbability(tone(0.001), 0);
    }
    assertThat(vad.speechProbability(tone(0.2), 0)).isGreaterThan(0.99f);
  }

  @Test
  void steadyLowNoiseIsNotSpeech() {
    float last = 1;
    for (int i = 0; i < 50; i++) {
      last = vad.speechProbability(tone(0.003), 0);
    }
    assertThat(last).isLessThan(0.05f);
  }
}
