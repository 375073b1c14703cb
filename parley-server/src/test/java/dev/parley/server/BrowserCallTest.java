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

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.agent.demo.TravelDeskAgent;
import dev.parley.core.audio.WavWriter;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.WallClock;
import dev.parley.core.event.EventJson;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.Components;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.speech.flite.FliteSynthesizer;
import dev.parley.speech.silero.SileroVad;
import dev.parley.speech.sphinx.SphinxRecognizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The browser demo end to end: the real server on loopback with the embedded speech stack (Silero,
 * PocketSphinx, Flite) and the demo travel desk, and the real page in Debian's headless Chromium
 * whose fake microphone plays a sentence Flite spoke. The page's worklet resamples the microphone
 * to 16 kHz and sends it; the server must hear the user's turn, and the page must receive and play
 * the agent's reply.
 *
 * <p>Without Chromium ({@code bash parley-server/setup.sh}) or the speech stack the test is skipped
 * with a message; with {@code PARLEY_REQUIRE_MODELS=true} (as in CI) it fails instead. It runs in
 * real time, about 15 s. The page's screenshot is saved as {@code target/browser-e2e/page.png}.
 */
class BrowserCallTest {
  private static final Path OUT = Path.of("target", "browser-e2e");
  private static final String USER_SAYS = "I would like to fly from Chicago to Boston next Friday.";

  @Test
  void thePageSendsTheMicrophoneAndPlaysTheAgentsReply() throws Exception {
    if (Chromium.installed().isEmpty()) {
      throw missing(
          "Chromium is not installed: bash parley-server/setup.sh (apt-get install chromium)");
    }
    Components components = realStack();
    Files.createDirectories(OUT);
    Path wav = OUT.resolve("user.wav");
    speak(USER_SAYS, wav);

    List<SessionEvent> heard = new CopyOnWriteArrayList<>();
    CompletableFuture<String> userTurn = new CompletableFuture<>();
    try (ParleyServer server =
        ParleyServer.start(
            ServerConfig.builder().bind("127.0.0.1").port(0).build(),
            components,
            SessionConfig.defaults(),
            MediaClock.system(),
            WallClock.system(),
            m -> {})) {
      server
          .host()
          .watch(
              (id, event) -> {
                heard.add(event);
                if (event instanceof SessionEvent.UserTurnEnded e && !e.text().isBlank()) {
                  userTurn.complete(e.text());
                }
              });
      Path profile = Files.createTempDirectory("parley-chromium-");
      try (Chromium browser =
          Chromium.launch(profile, wav.toAbsolutePath(), OUT.resolve("chromium.log"))) {
        browser.open(server.uri());
        assertThat(browser.evaluate("document.title", Duration.ofSeconds(5)).asText())
            .startsWith("Parley");
        browser.click("#start");

        Chromium.Wait replied =
            browser.waitFor(
                "window.parley.userTurns.some(t => t.trim().length > 0)"
                    + " && window.parley.agentFramesPlayed >= 25",
                "window.parley",
                Duration.ofSeconds(60));
        browser.screenshot(OUT.resolve("page.png"));
        JsonNode page = replied.report();
        assertThat(replied.held())
            .as(
                "the page heard back from the agent; page state %s, server events %s",
                page, trace(heard))
            .isTrue();

        // The server heard the user's words, from the page's resampled microphone.
        assertThat(userTurn.get(5, TimeUnit.SECONDS)).isNotBlank();
        assertThat(page.path("framesSent").asInt()).isGreaterThan(100); // over 2 s of 20 ms frames
        assertThat(page.path("errors").size()).as("errors %s", page.path("errors")).isZero();
        // The agent answered, and its audio was received and played through the worklet's ring.
        assertThat(page.path("events").path("agent_speech_start").asInt()).isPositive();
        assertThat(page.path("agentFramesReceived").asInt()).isGreaterThanOrEqualTo(25);
        assertThat(page.path("agentFramesPlayed").asInt()).isGreaterThanOrEqualTo(25);
        assertThat(page.path("playback").path("bufferedMillis").asDouble()).isLessThan(100);
        assertThat(page.path("latencies").size()).isPositive();

        // Stop hangs up: the server ends the call and closes the socket normally.
        browser.click("#start");
        Chromium.Wait ended =
            browser.waitFor(
                "window.parley.state === 'ended'", "window.parley", Duration.ofSeconds(10));
        assertThat(ended.held()).as("the call ended: %s", ended.report()).isTrue();
        assertThat(ended.report().path("closeCode").asInt()).isEqualTo(CloseCodes.NORMAL);
        assertThat(server.host().awaitIdle(Duration.ofSeconds(10))).isTrue();
        Files.writeString(OUT.resolve("page-state.json"), ended.report().toPrettyString());
      }
    }
  }

  @Test
  void theCaptureResamplerKeepsSpeechAndRemovesWhatWouldAlias() throws Exception {
    if (Chromium.installed().isEmpty()) {
      throw missing(
          "Chromium is not installed: bash parley-server/setup.sh (apt-get install chromium)");
    }
    String worklet;
    try (var in = ParleyServer.class.getResourceAsStream("parley-worklet.js")) {
      assertThat(in).isNotNull();
      worklet = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    Files.createDirectories(OUT);
    Path profile = Files.createTempDirectory("parley-chromium-");
    Path silence = OUT.resolve("silence.wav");
    WavWriter.writePcm16(silence, 16_000, 1, new short[1600]);
    try (Chromium browser = Chromium.launch(profile, silence, OUT.resolve("resampler.log"))) {
      // The worklet's Resampler, outside a worklet: the processor base class and registry stubbed.
      String load =
          "globalThis.Resampler = new Function('AudioWorkletProcessor', 'registerProcessor',"
              + " 'sampleRate', "
              + new com.fasterxml.jackson.databind.ObjectMapper()
                  .writeValueAsString(worklet + "\nreturn Resampler;")
              + ")(class {}, () => {}, 48000); true";
      assertThat(browser.evaluate(load, Duration.ofSeconds(5)).asBoolean()).isTrue();
      // Gain of a sine of `hz` through `from` -> 16 kHz, measured after the filter settles, fed
      // in 128-sample render quanta as the worklet is.
      String gain =
          "((from, hz) => { const r = new Resampler(from, 16000); const out = [];"
              + " const scratch = new Float32Array(r.maxOutput(128) + 8);"
              + " let q = 0; for (; q < from / 128; q++) { const x = new Float32Array(128);"
              + " for (let i = 0; i < 128; i++) x[i] = Math.sin(2 * Math.PI * hz * (q * 128 + i) / from);"
              + " const n = r.process(x, scratch); for (let i = 0; i < n; i++) out.push(scratch[i]); }"
              + " const tail = out.slice(4000); let e = 0; for (const v of tail) e += v * v;"
              + " return { samples: out.length, input: q * 128, gain: Math.sqrt(2 * e / tail.length) }; })";
      for (int from : new int[] {48_000, 44_100}) {
        JsonNode speech = browser.evaluate(gain + "(" + from + ", 1000)", Duration.ofSeconds(10));
        JsonNode edge = browser.evaluate(gain + "(" + from + ", 6500)", Duration.ofSeconds(10));
        JsonNode alias = browser.evaluate(gain + "(" + from + ", 11000)", Duration.ofSeconds(10));
        // A second in gives a second out, less the filter's half-width of look-ahead.
        double expected = speech.path("input").asDouble() * 16_000 / from;
        assertThat(speech.path("samples").asDouble()).isBetween(expected - 50, expected);
        assertThat(speech.path("gain").asDouble()).as("1 kHz from %d", from).isBetween(0.98, 1.02);
        assertThat(edge.path("gain").asDouble()).as("6.5 kHz from %d", from).isGreaterThan(0.9);
        // 11 kHz would fold to 5 kHz by dropping samples; the low-pass takes it below -60 dB.
        assertThat(alias.path("gain").asDouble()).as("11 kHz from %d", from).isLessThan(0.001);
      }
    }
  }

  /** Silero, PocketSphinx and Flite with the travel desk, as {@code parley demo} serves them. */
  private static Components realStack() {
    try {
      Agent agent = TravelDeskAgent.create(LocalDate.of(2026, 11, 16));
      return Components.builder()
          .vad(SileroVad.load())
          .recognizer(SphinxRecognizer.loadDefault())
          .recognizerOptions(
              new SpeechRecognizer.Options(
                  agent.phraseHints(), SpeechRecognizer.Options.defaults().language()))
          .synthesizer(FliteSynthesizer.load())
          .agent(agent)
          .build();
    } catch (ProviderException e) {
      throw missing(
          "the embedded speech stack is not installed (" + e.getMessage() + "): run bin/setup");
    }
  }

  /** Writes {@code text} spoken by Flite, between a second of silence before and four after. */
  private static void speak(String text, Path wav) throws Exception {
    FliteSynthesizer flite = FliteSynthesizer.load();
    int rate = flite.sampleRate();
    short[][] speech = {new short[0]};
    try (SpeechSynthesizer.Stream stream =
        flite.open(
            new SpeechSynthesizer.Listener() {
              @Override
              public void text(String spoken) {}

              @Override
              public void audio(short[] samples, int offset, int length) {
                short[] grown = new short[speech[0].length + length];
                System.arraycopy(speech[0], 0, grown, 0, speech[0].length);
                System.arraycopy(samples, offset, grown, speech[0].length, length);
                speech[0] = grown;
              }
            })) {
      stream.push(text);
      stream.flush();
    }
    short[] all = new short[rate + speech[0].length + 4 * rate];
    System.arraycopy(speech[0], 0, all, rate, speech[0].length);
    WavWriter.writePcm16(wav, rate, 1, all);
  }

  private static String trace(List<SessionEvent> events) {
    StringBuilder out = new StringBuilder();
    for (SessionEvent e : events) {
      out.append('\n').append(EventJson.toJson(e));
    }
    return out.toString();
  }

  /** Skips the test, or returns the failure to throw when {@code PARLEY_REQUIRE_MODELS=true}. */
  private static AssertionError missing(String message) {
    if (!Boolean.parseBoolean(System.getenv("PARLEY_REQUIRE_MODELS"))) {
      throw new TestAbortedException(message);
    }
    return new AssertionError(message);
  }
}
