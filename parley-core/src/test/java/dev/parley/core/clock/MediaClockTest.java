package dev.parley.core.clock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaClockTest {
  @Test
  void systemClockNeverGoesBackwards() {
    MediaClock clock = MediaClock.system();
    long first = clock.nanos();
    assertThat(clock.nanos()).isGreaterThanOrEqualTo(first);
  }
}
