package com.example.voice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.audio.G711;
import dev.parley.core.audio.Resampler;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.embed.Speech;
import dev.parley.spring.ParleyServerLifecycle;
import dev.parley.testing.FakeChatServer;
import dev.parley.testing.FakeSynthesizer;
import dev.parley.testing.FakeVad;
import dev.parley.testing.ScriptedAudio;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example application end to end: a phone calls in over Twilio's Media Streams protocol on
 * Parley's side port, its words reach the application's LangChain4j model (a loopback fake that
 * speaks OpenAI's protocol) with the application's {@code @Tool} bean, the reply comes back as
 * μ-law audio, and Parley's meters and health show in the application's Actuator.
 *
 * <p>Diagnostics, not recognition: the caller is synthetic ({@link ScriptedAudio}) and its words
 * come from an oracle recogniser that knows the script; the speech models themselves are tested in
 * Parley's own modules.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"parley.server.port=0", "parley.server.drain-grace=1s"})
class VoiceApplicationTest {
  static final ScriptedAudio CALLER =
      ScriptedAudio.builder()
          .silence(300)
          .say("I would like to book a flight to Boston", 2000)
          .silence(1500)
          .build();

  static final FakeChatServer OPENAI =
      FakeChatServer.start((request, index) -> FakeChatServer.Response.stream("text.sse"));

  @DynamicPropertySource
  static void model(DynamicPropertyRegistry properties) {
    properties.add("openai.base-url", OPENAI::baseUrl);
    properties.add("openai.api-key", () -> "test-key");
  }

  @AfterAll
  static void stopModel() {
    OPENAI.close();
  }

  /** The speech side for the test: a fake VAD and voice, and the oracle over the script. */
  @TestConfiguration
  static class SyntheticCaller {
    @Bean
    Speech speech() {
      return Speech.builder()
          .vad(new FakeVad())
          .recognizer(new OracleRecognizer(CALLER.words(), 100))
          .synthesizer(new FakeSynthesizer(250, 16_000))
          .build();
    }
  }

  @Autowired ParleyServerLifecycle parley;
  @Autowired MeterRegistry registry;
  @LocalServerPort int appPort;

  @Test
  void aTwilioCallReachesTheLangChain4jAgentAndShowsInTheApplicationsMetrics() throws Exception {
    int parleyPort = parley.server().orElseThrow().port();
    Phone phone = new Phone();
    try (HttpClient http = HttpClient.newHttpClient()) {
      WebSocket socket =
          http.newWebSocketBuilder()
              .buildAsync(URI.create("ws://127.0.0.1:" + parleyPort + "/twilio"), phone)
              .get(10, TimeUnit.SECONDS);
      phone.call(socket);

      assertThat(phone.answered.await(20, TimeUnit.SECONDS))
          .as("the agent's voice came back on the phone line")
          .isTrue();
      socket.sendText("{\"event\":\"stop\",\"streamSid\":\"MZexample\"}", true).join();

      // The application's model saw the caller's words and the application's tools.
      assertThat(OPENAI.requests()).isNotEmpty();
      String body = OPENAI.requests().getFirst().body();
      assertThat(body).contains("book a flight to Boston").contains("searchFlights");

      // Parley's meters are in the application's registry, and Actuator serves them.
      assertThat(registry.get("parley.turn.decision").timer().count()).isPositive();
      assertThat(registry.get("parley.sessions.active").gauge()).isNotNull();
      HttpResponse<String> metric =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + appPort + "/actuator/metrics/parley.turn.decision"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(metric.statusCode()).isEqualTo(200);
      assertThat(metric.body()).contains("\"COUNT\"");

      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + appPort + "/actuator/health"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.body()).contains("\"parley\"").contains("\"port\":" + parleyPort);
    }
  }

  /** A phone on Twilio's Media Streams protocol: μ-law at 8 kHz, a message per 20 ms. */
  static final class Phone implements WebSocket.Listener {
    final CountDownLatch answered = new CountDownLatch(1);
    final AtomicInteger mediaMessages = new AtomicInteger();
    final List<String> received = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();

    void call(WebSocket socket) throws InterruptedException {
      socket.sendText("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}", true)
          .join();
      socket
          .sendText(
              "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"MZexample\","
                  + "\"start\":{\"streamSid\":\"MZexample\",\"callSid\":\"CAexample\","
                  + "\"tracks\":[\"inbound\"],\"customParameters\":{},"
                  + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,"
                  + "\"channels\":1}}}",
              true)
          .join();
      short[] phone = Resampler.resample(CALLER.samples(), 16_000, 8_000);
      byte[] frame = new byte[160];
      MediaClock clock = MediaClock.system();
      Pacer pacer = new Pacer(clock);
      long start = clock.nanos();
      for (int k = 0; k * 160 < phone.length || answered.getCount() > 0 && k < 1000; k++) {
        java.util.Arrays.fill(frame, (byte) 0xFF); // μ-law silence
        int from = Math.min(phone.length, k * 160);
        G711.encodeMuLaw(phone, from, Math.min(160, phone.length - from), frame, 0);
        pacer.awaitUntil(start + k * 20_000_000L);
        socket
            .sendText(
                "{\"event\":\"media\",\"sequenceNumber\":\""
                    + (k + 2)
                    + "\",\"streamSid\":\"MZexample\",\"media\":{\"track\":\"inbound\","
                    + "\"chunk\":\""
                    + (k + 1)
                    + "\",\"timestamp\":\""
                    + k * 20L
                    + "\",\"payload\":\""
                    + Base64.getEncoder().encodeToString(frame)
                    + "\"}}",
                true)
            .join();
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        received.add(message);
        if (message.contains("\"event\":\"media\"") && mediaMessages.incrementAndGet() >= 10) {
          answered.countDown();
        }
      }
      webSocket.request(1);
      return null;
    }
  }

  @Test
  void theApplicationsToolsAreTheAgentsTools(@Autowired dev.parley.core.spi.Agent agent) {
    assertThat(agent.tools())
        .extracting(tool -> tool.spec().name())
        .contains("searchFlights", "bookFlight");
  }
}
