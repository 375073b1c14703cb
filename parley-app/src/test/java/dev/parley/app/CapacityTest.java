package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 17: the default --max-sessions follows the stack and the cores, not a fixed 400. */
class CapacityTest {
  @Test
  void theDefaultStackOnTwoCoresIsWhatWasMeasured() {
    assertThat(Capacity.defaultMaxSessions("silero", "sphinx", "flite", 2)).isEqualTo(17);
  }

  @Test
  void theStrippedStackKeepsItsMeasuredTwoHundred() {
    assertThat(Capacity.defaultMaxSessions("silero", "none", "placeholder", 2)).isEqualTo(200);
  }

  @Test
  void moreCoresCarryMoreCallsAndAnUnmeasuredRecogniserCountsAsTheCostliest() {
    assertThat(Capacity.defaultMaxSessions("silero", "sphinx", "flite", 8)).isEqualTo(70);
    assertThat(Capacity.defaultMaxSessions("silero", "whisper:model.bin", "flite", 2))
        .isEqualTo(Capacity.defaultMaxSessions("silero", "sphinx", "flite", 2));
    assertThat(Capacity.defaultMaxSessions("energy", "sphinx", "flite", 1)).isPositive();
  }
}
