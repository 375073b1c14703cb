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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechSynthesizer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.Test;

class VoicesTest {
  static String pcmBase64(int samples) {
    ByteBuffer bytes = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      bytes.putShort((short) (i % 100));
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /** ElevenLabs stream-input: BOS, text messages, then on EOS audio with alignment and isFinal. */
  static FakeSpeechServer.Script elevenLabs(List<String> texts, boolean failOnEnd) {
    return new FakeSpeechServer.Script() {
      final StringBuilder held = new StringBuilder();

      @Override
      public void text(Session session, String message) {
        JsonNode json = Json.parse("fake", message);
        String text = json.path("text").asText();
        texts.add(text);
        if (!text.isEmpty()) {
          held.append(text.equals(" ") && held.isEmpty() ? "" : text);
          return;
        }
        if (failOnEnd) {
          FakeSpeechServer.send(
              session,
              "{\"message\":\"quota exceeded\",\"error\":\"quota_exceeded\",\"code\":1008}");
          return;
        }
        StringBuilder chars = new StringBuilder();
        for (char c : held.toString().toCharArray()) {
          chars.append(chars.isEmpty() ? "" : ",").append('"').append(c).append('"');
        }
        FakeSpeechServer.send(
            session,
            Recorded.format(
                "{\"audio\":\"%s\",\"isFinal\":false,\"alignment\":{\"chars\":[%s],\"charStartTimesMs\":[],\"charDurationsMs\":[]}}",
                pcmBase64(1600), chars));
        FakeSpeechServer.send(session, "{\"isFinal\":true}");
      }
    };
  }

  @Test
  void elevenLabsGetsWholeWordsAndAnnouncesTheAlignedText() throws Exception {
    List<String> texts = new CopyOnWriteArrayList<>();
    try (FakeSpeechServer fake =
        FakeSpeechServer.websocket("xi-api-key", "el-key", h -> elevenLabs(texts, false))) {
      var voice =
          new ElevenLabsVoice(
              Recorded.endpoint(fake.uri(), "el-key", new Recorded.Sleeps()),
              "voice1",
              "eleven_flash_v2_5");
      Recorded.Speech heard = new Recorded.Speech();
      try (SpeechSynthesizer.Stream stream = voice.open(heard)) {
        stream.push("Your fli");
        stream.push("ght leaves at ");
        stream.push("nine.");
        stream.flush();
      }

      assertThat(texts).containsExactly(" ", "Your ", "flight leaves at ", "nine. ", "");
      assertThat(heard.text.toString()).isEqualTo("Your flight leaves at nine. ");
      assertThat(heard.sampleCount).isEqualTo(1600);
      FakeSpeechServer.Handshake handshake = fake.handshakes().getFirst();
      assertThat(handshake.path()).isEqualTo("/v1/text-to-speech/voice1/stream-input");
      assertThat(handshake.param("output_format")).isEqualTo("pcm_16000");
    }
  }

  /** Cartesia: a chunk for each request of the context, done after the closing request. */
  static FakeSpeechServer.Script cartesia(List<JsonNode> requests) {
    return (session, message) -> {
      JsonNode json = Json.parse("fake", message);
      requests.add(json);
      String context = json.path("context_id").asText();
      if (json.path("continue").asBoolean()) {
        FakeSpeechServer.send(
            session,
            Recorded.format(
                "{\"type\":\"chunk\",\"data\":\"%s\",\"done\":false,\"status_code\":206,\"context_id\":\"%s\"}",
                pcmBase64(800), context));
      } else {
        FakeSpeechServer.send(
            session,
            Recorded.format(
                "{\"type\":\"done\",\"done\":true,\"status_code\":200,\"context_id\":\"%s\"}",
                context));
      }
    };
  }

  @Test
  void cartesiaSpeaksEachPieceInOneContext() throws Exception {
    List<JsonNode> requests = new CopyOnWriteArrayList<>();
    try (FakeSpeechServer fake =
        FakeSpeechServer.websocket("X-API-Key", "ca-key", h -> cartesia(requests))) {
      var voice =
          new CartesiaVoice(
              Recorded.endpoint(fake.uri(), "ca-key", new Recorded.Sleeps()), "v-1", "sonic-2");
      Recorded.Speech heard = new Recorded.Speech();
      try (SpeechSynthesizer.Stream stream = voice.open(heard)) {
        stream.push("Booked. ");
        stream.push("Anything else?");
        stream.flush();
      }

      assertThat(requests).hasSize(3);
      assertThat(requests)
          .extracting(r -> r.path("context_id").asText())
          .containsOnly(requests.getFirst().path("context_id").asText());
      assertThat(requests.getLast().path("continue").asBoolean()).isFalse();
      assertThat(requests.getFirst().path("output_format").path("sample_rate").asInt())
          .isEqualTo(16_000);
      assertThat(heard.text.toString()).isEqualTo("Booked. Anything else?");
      assertThat(heard.sampleCount).isEqualTo(1600);
      assertThat(fake.handshakes().getFirst().headers().get("Cartesia-Version"))
          .isEqualTo(CartesiaVoice.VERSION);
    }
  }

  @Test
  void openAiSpeechIsSpokenASentenceAtATimeAndRetriedBeforeAudio() throws Exception {
    List<String> inputs = new CopyOnWriteArrayList<>();
    int[] calls = {0};
    try (FakeSpeechServer fake =
        FakeSpeechServer.http(
            "Authorization",
            "Bearer oa-key",
            (handshake, body) -> {
              if (calls[0]++ == 0) {
                return FakeSpeechServer.Answer.text(
                    503, "application/json", "{\"error\":{\"message\":\"overloaded\"}}");
              }
              JsonNode json =
                  Json.parse("fake", new String(body, java.nio.charset.StandardCharsets.UTF_8));
              inputs.add(json.path("input").asText());
              assertThat(json.path("response_format").asText()).isEqualTo("pcm");
              byte[] pcm = Base64.getDecoder().decode(pcmBase64(2400));
              return new FakeSpeechServer.Answer(
                  200,
                  "audio/pcm",
                  List.of(
                      java.util.Arrays.copyOf(pcm, 2401),
                      java.util.Arrays.copyOfRange(pcm, 2401, pcm.length)));
            })) {
      Recorded.Sleeps sleeps = new Recorded.Sleeps();
      var voice =
          new OpenAiVoice(
              Recorded.endpoint(fake.uri(), "oa-key", sleeps), "gpt-4o-mini-tts", "alloy");
      Recorded.Speech heard = new Recorded.Speech();
      try (SpeechSynthesizer.Stream stream = voice.open(heard)) {
        stream.push("Your flight is booked. It lea");
        stream.push("ves at nine.");
        stream.flush();
      }

      assertThat(inputs).containsExactly("Your flight is booked.", "It leaves at nine.");
      assertThat(heard.text.toString()).isEqualTo("Your flight is booked. It leaves at nine. ");
      assertThat(heard.sampleCount).isEqualTo(4800);
      assertThat(sleeps.waits).containsExactly(Duration.ofMillis(200));
    }
  }

  @Test
  void aVoiceThatReportsAnErrorFailsTheReplyAsUnavailable() {
    try (FakeSpeechServer fake =
        FakeSpeechServer.websocket(
            "xi-api-key", "el-key", h -> elevenLabs(new CopyOnWriteArrayList<>(), true))) {
      var voice =
          new ElevenLabsVoice(
              Recorded.endpoint(fake.uri(), "el-key", new Recorded.Sleeps()), "v", "m");
      SpeechSynthesizer.Stream stream = voice.open(new Recorded.Speech());
      assertThatThrownBy(
              () -> {
                stream.push("Hello there. ");
                stream.flush();
              })
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
                assertThat(e.getMessage()).contains("quota exceeded");
              });
      stream.close();
    }
  }
}
