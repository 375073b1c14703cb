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
package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ServerTest {

  static HttpResponse<String> get(URI uri) throws Exception {
    return WsClient.HTTP.send(
        HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  static URI ws(ParleyServer server, String path) {
    return URI.create("ws://127.0.0.1:" + server.port() + path);
  }

  @Test
  void healthReadinessAndMetricsAreServed() throws Exception {
    try (ParleyServer server = Fixtures.server(Fixtures.config().build())) {
      assertThat(get(server.managementUri().resolve("/health")).statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(server.managementUri().resolve("/ready"));
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"ready\"");
      String metrics = get(server.managementUri().resolve("/metrics")).body();
      assertThat(metrics)
          .contains("parley_sessions_active ")
          .contains("parley_sessions_rejected_total")
          .contains("parley_frame_delay_seconds")
          .contains("parley_frames_dropped_total{direction=\"in\"}")
          .contains("parley_turn_decision_seconds")
          .contains("process_cpu_usage")
          .contains("parley_process_rss_bytes")
          .contains("jvm_threads_live_threads")
          .contains("jvm_memory_used_bytes");
      assertThat(get(server.uri().resolve("/nothing-here")).statusCode()).isEqualTo(404);
      assertThat(get(server.uri().resolve("/ws")).statusCode()).isEqualTo(426);
    }
  }

  @Test
  void aBrowserCallHearsTheUserAndAnswersWithAudio() throws Exception {
    try (ParleyServer server = Fixtures.server(Fixtures.config().build());
        WsClient client = WsClient.connect(ws(server, "/ws"))) {
      assertThat(client.awaitType("session", 5)).contains("\"id\":\"");
      client.sendText("{\"type\":\"start\",\"sample_rate\":16000}");
      Fixtures.speak(Fixtures.CALLER, client::sendAudio);
      assertThat(client.awaitType("user_turn_end", 10)).contains("book a flight to Boston");
      assertThat(client.awaitType("agent_speech_start", 10)).contains("Sure");
      assertThat(client.awaitType("agent_speech_end", 10)).contains("\"interrupted\":false");
      // 11 words of 250 ms at 16 kHz, 2 bytes a sample
      assertThat(client.audioBytes.get()).isGreaterThanOrEqualTo(11 * 4000 * 2L);
      client.sendText("{\"type\":\"hangup\"}");
      assertThat(client.awaitType("session_end", 5)).contains("caller hung up");
      assertThat(client.awaitClose(5)).isEqualTo(CloseCodes.NORMAL);
      assertThat(server.host().awaitIdle(Duration.ofSeconds(5))).isTrue();
      String metrics = get(server.managementUri().resolve("/metrics")).body();
      assertThat(metrics).containsPattern("parley_frame_delay_seconds_count [1-9]");
      assertThat(metrics).containsPattern("parley_turn_decision_seconds_count 1");
    }
  }

  @Test
  void overTheMaximumTheUpgradeIsRefusedWith503() throws Exception {
    try (ParleyServer server = Fixtures.server(Fixtures.config().maxSessions(1).build());
        WsClient first = WsClient.connect(ws(server, "/ws"))) {
      first.awaitType("session", 5);
      assertThatThrownBy(() -> WsClient.connect(ws(server, "/ws")))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(503));
      assertThat(get(server.managementUri().resolve("/metrics")).body())
          .contains("parley_sessions_rejected_total{reason=\"capacity\"} 1.0");
    }
  }

  @Test
  void aDrainTurnsReadinessOffRefusesNewCallsAndClosesActiveOnesWithGoingAway() throws Exception {
    try (ParleyServer server =
            Fixtures.server(Fixtures.config().drainGrace(Duration.ZERO).build());
        WsClient client = WsClient.connect(ws(server, "/ws"))) {
      client.awaitType("session", 5);
      server.drain();
      assertThat(get(server.managementUri().resolve("/ready")).statusCode()).isEqualTo(503);
      assertThat(get(server.managementUri().resolve("/health")).statusCode()).isEqualTo(200);
      assertThat(client.awaitType("session_end", 5)).contains("server draining");
      assertThat(client.awaitClose(5)).isEqualTo(CloseCodes.GOING_AWAY);
      assertThatThrownBy(() -> WsClient.connect(ws(server, "/ws")))
          .isInstanceOfAny(ExecutionException.class, CompletionException.class);
      assertThat(server.host().awaitIdle(Duration.ofSeconds(5))).isTrue();
    }
  }
}
