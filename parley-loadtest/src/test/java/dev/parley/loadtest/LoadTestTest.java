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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The load generator against a loopback server that speaks Parley's protocols. Unpaced. */
class LoadTestTest {
  /** Three seconds of a tone broken by pauses, 16 kHz: enough to loop. */
  private static final short[] CALL = call();

  private static short[] call() {
    short[] samples = new short[3 * 16_000];
    for (int i = 0; i < samples.length; i++) {
      boolean talking = (i / 8_000) % 2 == 0;
      samples[i] = talking ? (short) (6000 * Math.sin(2 * Math.PI * 180 * i / 16_000.0)) : 0;
    }
    return samples;
  }

  private static LoadTest.Options options(int port, int sessions, int seconds, Transport t) {
    return new LoadTest.Options("127.0.0.1", port, sessions, seconds, t, CALL, 200, 0, port, "");
  }

  @Test
  void everyCallerStreamsEveryFrameAndTheReportReadsTheServersMetrics() throws Exception {
    try (LoopbackServer server = new LoopbackServer(100)) {
      LoadReport report =
          new LoadTest(options(server.port(), 4, 2, Transport.WS), Pace.unpaced()).run();

      assertThat(report.connected()).isEqualTo(4);
      assertThat(report.failed()).as(report.firstFailure()).isZero();
      assertThat(report.framesSent()).isEqualTo(4 * 100);
      assertThat(server.audioFrames.get()).isEqualTo(4 * 100);
      assertThat(server.audioBytes.get()).isEqualTo(4 * 100 * 640);
      assertThat(server.texts)
          .filteredOn(t -> t.contains("\"type\":\"start\""))
          .hasSize(4)
          .allMatch(t -> t.contains("\"sample_rate\":16000"));
      assertThat(server.normalCloses.get()).isEqualTo(4);
      assertThat(server.peakActive.get()).isEqualTo(4);
      assertThat(report.turnEnds()).isEqualTo(4 * 2);

      assertThat(report.frameDelayMsP50()).isCloseTo(0.4, within(1e-9));
      assertThat(report.frameDelayMsP99()).isCloseTo(3.0, within(1e-9));
      assertThat(report.frameDelayMsMax()).isCloseTo(12.0, within(1e-9));
      assertThat(report.cpuPercent()).isCloseTo(25.0, within(1e-9));
      assertThat(report.rssMb()).isCloseTo(100 + 2 * 4, within(1e-9));
      assertThat(report.mbPerSession()).isCloseTo(2.0, within(1e-9));
      assertThat(report.peakActiveSessions()).isEqualTo(4);
      assertThat(report.turnDecisionMsP99()).isBetween(200.0, 500.0);
      assertThat(report.held()).isTrue();
    }
  }

  @Test
  void twilioCallersSpeakMediaStreams() throws Exception {
    try (LoopbackServer server = new LoopbackServer(100)) {
      LoadReport report =
          new LoadTest(options(server.port(), 2, 1, Transport.TWILIO), Pace.unpaced()).run();

      assertThat(report.failed()).as(report.firstFailure()).isZero();
      assertThat(server.audioFrames.get()).isEqualTo(2 * 50);
      assertThat(server.audioBytes.get()).as("160 μ-law bytes a frame").isEqualTo(2 * 50 * 160);
      List<String> events = new ArrayList<>();
      for (String text : server.texts) {
        JsonNode node = new ObjectMapper().readTree(text);
        events.add(node.path("event").asText());
      }
      assertThat(events).filteredOn("connected"::equals).hasSize(2);
      assertThat(events).filteredOn("start"::equals).hasSize(2);
      assertThat(events).filteredOn("media"::equals).hasSize(100);
      assertThat(events).filteredOn("stop"::equals).hasSize(2);
      assertThat(server.texts)
          .filteredOn(t -> t.contains("\"event\":\"start\""))
          .allMatch(t -> t.contains("\"encoding\":\"audio/x-mulaw\""));
    }
  }

  @Test
  void callersTurnedAwayWith503AreCountedApartAndTheAdmittedOnesJudged() throws Exception {
    try (LoopbackServer server = new LoopbackServer(2)) {
      LoadReport report =
          new LoadTest(options(server.port(), 3, 1, Transport.WS), Pace.unpaced()).run();

      assertThat(report.refused()).isEqualTo(1);
      assertThat(report.failed()).isZero();
      assertThat(report.connected()).isEqualTo(2);
      assertThat(report.held()).isTrue();
      assertThat(report.toText()).contains("2 admitted, 1 refused (503), 0 failed", "held");
    }
  }

  @Test
  void aServerThatIsNotThereIsNamed() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    LoadTest test = new LoadTest(options(port, 1, 1, Transport.WS), Pace.unpaced());

    assertThatThrownBy(test::run)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot reach parley serve at http://127.0.0.1:" + port + "/metrics");
  }

  @Test
  void theJsonHasExactlyTheAgreedKeys() throws Exception {
    try (LoopbackServer server = new LoopbackServer(100)) {
      LoadReport report =
          new LoadTest(options(server.port(), 1, 1, Transport.WS), Pace.unpaced()).run();
      JsonNode json = new ObjectMapper().readTree(report.toJson());

      List<String> keys = new ArrayList<>();
      json.fieldNames().forEachRemaining(keys::add);
      assertThat(keys)
          .containsExactly(
              "sessions",
              "seconds",
              "admitted",
              "refused",
              "failed",
              "frame_delay_ms_p50",
              "frame_delay_ms_p99",
              "frame_delay_ms_max",
              "dropped_frames",
              "turn_decision_ms_p99",
              "cpu_percent",
              "rss_mb",
              "mb_per_session");
      assertThat(json.get("sessions").asInt()).isEqualTo(1);
      assertThat(json.get("frame_delay_ms_p99").asDouble()).isEqualTo(3.0);
      assertThat(json.get("dropped_frames").asLong()).isZero();
    }
  }

  @Test
  void optionsOutOfRangeAreNamed() {
    assertThatThrownBy(() -> options(8080, 0, 60, Transport.WS))
        .hasMessageContaining("--sessions must be 1 to 2000, not 0");
    assertThatThrownBy(() -> options(8080, 10, 0, Transport.WS))
        .hasMessageContaining("--seconds must be 1 to 3600, not 0");
    assertThatThrownBy(() -> options(0, 10, 60, Transport.WS))
        .hasMessageContaining("--port must be 1 to 65535, not 0");
    assertThatThrownBy(() -> Transport.parse("sip"))
        .hasMessageContaining("unknown transport 'sip': use ws or twilio");
    assertThatThrownBy(
            () ->
                new LoadTest(
                        new LoadTest.Options(
                            "127.0.0.1", 8080, 1, 1, Transport.WS, new short[100], 0, 0, 8081, ""),
                        Pace.unpaced())
                    .run())
        .hasMessageContaining("it needs at least 1 s");
  }
}
