package dev.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tools from 50 ms to 4 s and finished turns with speculation on and off, over the agent suite;
 * prints the measured numbers (the README's agent table).
 */
class AgentSuiteTest {
  private static AgentSuite.Result result = AgentSuite.run();

  @BeforeAll
  static void runSuite() {
    result = AgentSuite.run();
    System.out.println(result.table());
  }

  @Test
  void slowToolsAreMaskedSoTheLineIsNeverSilentForLong() {
    assertThat(result.toolScenarios()).isGreaterThanOrEqualTo(20);
    assertThat(result.maxSilenceMillis()).isLessThanOrEqualTo(1500);
    assertThat(result.slowToolsMasked()).isEqualTo(result.slowTools());
  }

  @Test
  void fastToolsGetNoFillerAndNoFillerStartsOverTheUser() {
    assertThat(result.fastToolFillers()).isZero();
    assertThat(result.fillersOverUser()).isZero();
  }

  @Test
  void theAnswerFollowsTheFillerWithoutAGap() {
    assertThat(result.maxAnswerGapMillis()).isBetween(0L, 20L);
  }

  @Test
  void speculationSavesAtLeast150MillisecondsMedian() {
    assertThat(result.speculationScenarios()).isGreaterThanOrEqualTo(20);
    assertThat(result.savingMillisP50()).isGreaterThanOrEqualTo(150);
    assertThat(result.latencyOnMillisP50()).isLessThan(result.latencyOffMillisP50());
  }
}
