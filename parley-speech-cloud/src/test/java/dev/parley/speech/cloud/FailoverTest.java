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
package dev.parley.speech.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.speech.FallbackRecognizer;
import dev.parley.core.speech.FallbackSynthesizer;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Options;
import dev.parley.core.spi.SpeechSynthesizer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;

/** Mid-call failover between two fake providers, through the fallback chains of the core. */
class FailoverTest {
  @Test
  void whenDeepgramDropsTheCallAssemblyAiHearsTheWholeUtterance() throws Exception {
    FakeSpeechServer.Script dropsAfterHalfASecond =
        new FakeSpeechServer.Script() {
          int bytes;

          @Override
          public void binary(Session session, byte[] data) {
            bytes += data.length;
            if (bytes >= 16_000) {
              session.close(1011, "internal error", Callback.NOOP);
            }
          }

          @Override
          public void text(Session session, String text) {}
        };
    List<Integer> chunks = new CopyOnWriteArrayList<>();
    List<String> switches = new CopyOnWriteArrayList<>();
    try (FakeSpeechServer deepgram =
            FakeSpeechServer.websocket("Authorization", "Token dg", h -> dropsAfterHalfASecond);
        FakeSpeechServer assembly =
            FakeSpeechServer.websocket(
                "Authorization",
                "aai",
                h -> AssemblyAiRecognizerTest.universal(chunks, "a", "window", "seat"))) {
      SpeechRecognizer chain =
          new FallbackRecognizer(
              List.of(
                  new DeepgramRecognizer(
                      Recorded.endpoint(deepgram.uri(), "dg", new Recorded.Sleeps()), "nova-3"),
                  new AssemblyAiRecognizer(
                      Recorded.endpoint(assembly.uri(), "aai", new Recorded.Sleeps()))),
              (from, to, cause) -> switches.add(from + " -> " + to + ": " + cause.kind()));
      Recorded.Words heard = new Recorded.Words();
      try (SpeechRecognizer.Stream stream = chain.open(Options.defaults(), heard)) {
        short[] audio = Recorded.speech(1200);
        for (int i = 0; i < audio.length; i += 320) {
          stream.push(audio, i, 320);
        }
        stream.flush();
      }

      assertThat(switches).containsExactly("deepgram-nova-3 -> assemblyai: UNAVAILABLE");
      assertThat(heard.lastFinalText()).isEqualTo("a window seat");
      // the whole 1.2 s utterance reached the second provider, replayed from its start
      assertThat(chunks.stream().mapToInt(Integer::intValue).sum()).isEqualTo(38_400);
    }
  }

  @Test
  void whenElevenLabsFailsCartesiaSpeaksTheRestOfTheReply() throws Exception {
    List<com.fasterxml.jackson.databind.JsonNode> cartesiaRequests = new CopyOnWriteArrayList<>();
    try (FakeSpeechServer eleven =
            FakeSpeechServer.websocket(
                "xi-api-key",
                "el",
                h -> VoicesTest.elevenLabs(new CopyOnWriteArrayList<>(), true));
        FakeSpeechServer cartesia =
            FakeSpeechServer.websocket(
                "X-API-Key", "ca", h -> VoicesTest.cartesia(cartesiaRequests))) {
      AtomicInteger switched = new AtomicInteger();
      SpeechSynthesizer chain =
          new FallbackSynthesizer(
              List.of(
                  new ElevenLabsVoice(
                      Recorded.endpoint(eleven.uri(), "el", new Recorded.Sleeps()), "v", "m"),
                  new CartesiaVoice(
                      Recorded.endpoint(cartesia.uri(), "ca", new Recorded.Sleeps()),
                      "v",
                      "sonic-2")),
              (from, to, cause) -> switched.incrementAndGet());
      Recorded.Speech heard = new Recorded.Speech();
      try (SpeechSynthesizer.Stream stream = chain.open(heard)) {
        stream.push("Your flight is booked. ");
        stream.flush();
      }

      assertThat(switched.get()).isEqualTo(1);
      assertThat(cartesiaRequests.getFirst().path("transcript").asText())
          .isEqualTo("Your flight is booked. ");
      assertThat(heard.text.toString()).isEqualTo("Your flight is booked. ");
      assertThat(heard.sampleCount).isEqualTo(800);
    }
  }

  @Test
  void openAiTranscribesAWholeUtteranceFromItsStreamedEvents() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    try (FakeSpeechServer openai =
        FakeSpeechServer.http(
            "Authorization",
            "Bearer oa",
            (handshake, body) -> {
              bodies.add(new String(body, StandardCharsets.ISO_8859_1));
              return new FakeSpeechServer.Answer(
                  200,
                  "text/event-stream",
                  List.of(
                      "data: {\"type\":\"transcript.text.delta\",\"delta\":\"Two \"}\n\n"
                          .getBytes(StandardCharsets.UTF_8),
                      "data: {\"type\":\"transcript.text.delta\",\"delta\":\"tickets.\"}\n\n"
                          .getBytes(StandardCharsets.UTF_8),
                      "data: {\"type\":\"transcript.text.done\",\"text\":\"Two tickets.\"}\n\n"
                          .getBytes(StandardCharsets.UTF_8)));
            })) {
      var recognizer =
          new OpenAiTranscriber(
              Recorded.endpoint(openai.uri(), "oa", new Recorded.Sleeps()),
              "gpt-4o-mini-transcribe");
      Recorded.Words heard = new Recorded.Words();
      try (SpeechRecognizer.Stream stream =
          recognizer.open(new Options(List.of("Boston"), "en-US"), heard)) {
        short[] audio = Recorded.speech(800);
        stream.push(audio, 0, audio.length);
        stream.flush();
      }

      assertThat(heard.partials).containsExactly("Two", "Two tickets.");
      assertThat(heard.lastFinalText()).isEqualTo("Two tickets.");
      assertThat(heard.finals.getLast().getLast().endMillis()).isEqualTo(800);
      String body = bodies.getFirst();
      assertThat(body).contains("name=\"model\"\r\n\r\ngpt-4o-mini-transcribe");
      assertThat(body).contains("name=\"prompt\"\r\n\r\nBoston");
      assertThat(body).contains("RIFF").contains("WAVEfmt ");
      assertThat(openai.handshakes().getFirst().path()).isEqualTo("/v1/audio/transcriptions");
    }
  }
}
