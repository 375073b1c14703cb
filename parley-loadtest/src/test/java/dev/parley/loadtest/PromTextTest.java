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
package dev.parley.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PromTextTest {
  private static final String SCRAPE =
      """
      # HELP parley_frame_delay_seconds Delay from a frame's arrival to the end of its processing.
      # TYPE parley_frame_delay_seconds summary
      parley_frame_delay_seconds{quantile="0.5"} 1.5E-4
      parley_frame_delay_seconds{quantile="0.99",transport="ws"} 0.0021
      parley_frame_delay_seconds_count 12000
      parley_frame_delay_seconds_sum 2.4
      parley_frame_delay_seconds_max 0.0150
      parley_frames_dropped_total{transport="ws"} 3
      parley_frames_dropped_total{transport="twilio"} 4
      parley_label_escape{note="a \\"quoted\\" } brace"} 7 1700000000000
      process_cpu_usage NaN
      """;

  @Test
  void summaryQuantilesMaximaAndLabelledCountersAreRead() {
    PromText text = PromText.parse(SCRAPE);

    assertThat(text.quantile("parley_frame_delay_seconds", 0.5).getAsDouble()).isEqualTo(1.5e-4);
    assertThat(text.quantile("parley_frame_delay_seconds", 0.99).getAsDouble()).isEqualTo(0.0021);
    assertThat(text.max("parley_frame_delay_seconds").getAsDouble()).isEqualTo(0.015);
    assertThat(text.value("parley_frames_dropped_total").getAsDouble()).isEqualTo(7);
    assertThat(text.value("parley_label_escape").getAsDouble()).isEqualTo(7);
    assertThat(text.value("process_cpu_usage").getAsDouble()).isNaN();
    assertThat(text.value("parley_sessions_active")).isEmpty();
    assertThat(text.has("parley_frame_delay_seconds")).isTrue();
  }

  @Test
  void theMaximumFallsBackToQuantileOne() {
    PromText text = PromText.parse("x{quantile=\"1.0\"} 0.25\n");

    assertThat(text.max("x").getAsDouble()).isEqualTo(0.25);
  }

  @Test
  void histogramQuantilesCountOnlyObservationsSinceTheEarlierScrape() {
    PromText before =
        PromText.parse(
            """
            t_bucket{le="0.1"} 100
            t_bucket{le="0.2"} 100
            t_bucket{le="+Inf"} 100
            """);
    PromText after =
        PromText.parse(
            """
            t_bucket{le="0.1"} 100
            t_bucket{le="0.2"} 150
            t_bucket{le="+Inf"} 200
            """);

    // 100 new observations: 50 in (0.1, 0.2], 50 above 0.2.
    assertThat(after.histogramQuantile("t", 0.25, before).getAsDouble())
        .isCloseTo(0.15, within(1e-9));
    assertThat(after.histogramQuantile("t", 0.99, before).getAsDouble()).isEqualTo(0.2);
    assertThat(before.histogramQuantile("t", 0.5, before)).isEmpty();
    assertThat(after.histogramMax("t", before).getAsDouble())
        .as("observations above the last finite bound report that bound")
        .isEqualTo(0.2);
    assertThat(before.histogramMax("t", before)).isEmpty();
  }

  @Test
  void theWindowMaximumIsTheHighestBucketThatGrew() {
    PromText before =
        PromText.parse(
            "t_bucket{le=\"0.01\"} 5\nt_bucket{le=\"0.02\"} 5\n"
                + "t_bucket{le=\"0.05\"} 9\nt_bucket{le=\"+Inf\"} 9\n");
    PromText after =
        PromText.parse(
            "t_bucket{le=\"0.01\"} 50\nt_bucket{le=\"0.02\"} 60\n"
                + "t_bucket{le=\"0.05\"} 64\nt_bucket{le=\"+Inf\"} 64\n");

    // 45 new observations up to 10 ms, 10 more up to 20 ms; nothing new above 20 ms.
    assertThat(after.histogramMax("t", before).getAsDouble()).isEqualTo(0.02);
  }

  @Test
  void aLineThatIsNotASampleIsNamed() {
    assertThatThrownBy(() -> PromText.parse("ok 1\nbroken{le=\"1\" 2\n"))
        .hasMessageContaining(
            "line 2 of the metrics is not a Prometheus sample: broken{le=\"1\" 2");
  }
}
