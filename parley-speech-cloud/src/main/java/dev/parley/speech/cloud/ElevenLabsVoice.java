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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.spi.SpeechSynthesizer;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * ElevenLabs streaming synthesis over its input-streaming WebSocket ({@code
 * /v1/text-to-speech/VOICE/stream-input}), PCM at 16 kHz.
 *
 * <p>Text goes as whole words (the service wants each message to end at a space), so a word split
 * across two language-model deltas is held until it is complete. The character alignment that comes
 * with each audio message is announced as the text that audio speaks, which keeps the caller's
 * heard text exact on barge-in. {@code flush} sends the end-of-stream message and waits for {@code
 * isFinal}. The key goes in the {@code xi-api-key} header.
 */
public final class ElevenLabsVoice implements SpeechSynthesizer {
  /** ElevenLabs' public address. */
  public static final String DEFAULT_URI = "wss://api.elevenlabs.io";

  /** The environment variable holding the key. */
  public static final String KEY_VARIABLE = "ELEVENLABS_API_KEY";

  private final CloudEndpoint endpoint;
  private final String voiceId;
  private final String model;

  public ElevenLabsVoice(CloudEndpoint endpoint, String voiceId, String model) {
    this.endpoint = endpoint;
    this.voiceId = voiceId;
    this.model = model;
  }

  /** ElevenLabs with the key from {@value #KEY_VARIABLE} and the Flash v2.5 model. */
  public static ElevenLabsVoice fromEnvironment(String voiceId) {
    return new ElevenLabsVoice(
        CloudEndpoint.fromEnvironment(DEFAULT_URI, KEY_VARIABLE), voiceId, "eleven_flash_v2_5");
  }

  @Override
  public String name() {
    return "elevenlabs-" + model;
  }

  @Override
  public int sampleRate() {
    return 16_000;
  }

  @Override
  public Stream open(Listener listener) {
    URI uri =
        endpoint.resolve(
            "/v1/text-to-speech/"
                + Words.encode(voiceId)
                + "/stream-input?model_id="
                + Words.encode(model)
                + "&output_format=pcm_16000&sync_alignment=true");
    CloudSocket socket =
        Connect.socket(endpoint, name(), uri, Map.of("xi-api-key", endpoint.apiKey()));
    VoiceStream stream = new VoiceStream(socket, listener);
    stream.begin();
    return stream;
  }

  private final class VoiceStream implements Stream {
    private final CloudSocket socket;
    private final Listener listener;
    private final StringBuilder partWord = new StringBuilder();
    private boolean done;
    private @Nullable String failure;

    VoiceStream(CloudSocket socket, Listener listener) {
      this.socket = socket;
      this.listener = listener;
    }

    void begin() {
      ObjectNode start = Json.object().put("text", " ");
      start.putObject("voice_settings").put("stability", 0.5).put("similarity_boost", 0.8);
      send(start);
    }

    @Override
    public void push(String text) throws InterruptedException {
      failIfEnded();
      partWord.append(text);
      int lastSpace = lastWhitespace(partWord);
      if (lastSpace >= 0) {
        String words = partWord.substring(0, lastSpace + 1);
        partWord.delete(0, lastSpace + 1);
        if (!words.isBlank()) {
          sendText(words);
        }
      }
      drain(null);
    }

    @Override
    public void flush() throws InterruptedException {
      failIfEnded();
      if (!partWord.isEmpty()) {
        sendText(partWord + " ");
        partWord.setLength(0);
      }
      sendText(""); // end of stream: the service speaks what it holds, then says isFinal
      socket.drainUntil(() -> done || failure != null, endpoint.timeout().toNanos(), this::handle);
      failIfEnded();
      if (!done) {
        throw new ProviderException(
            Kind.TRANSIENT, name() + ": no end of speech within " + endpoint.timeout());
      }
    }

    @Override
    public void close() {
      socket.close();
    }

    private void sendText(String text) throws InterruptedException {
      socket.sendText(Json.write(Json.object().put("text", text)));
    }

    private void send(ObjectNode message) {
      try {
        socket.sendText(Json.write(message));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException(Kind.TRANSIENT, name() + ": cancelled while starting", e);
      }
    }

    private void drain(@Nullable Duration firstWait) throws InterruptedException {
      socket.drain(firstWait, this::handle);
    }

    private void handle(CloudSocket.Message message) {
      switch (message) {
        case CloudSocket.Message.Text text -> onMessage(Json.parse(name(), text.text()));
        case CloudSocket.Message.Binary ignored -> {}
        case CloudSocket.Message.Closed closed -> {
          if (!done) {
            failure = "the connection closed (" + closed.code() + " " + closed.reason() + ")";
          }
        }
      }
    }

    private void onMessage(JsonNode json) {
      if (json.has("error") || (json.has("message") && !json.has("audio"))) {
        failure = json.path("message").asText(json.path("error").asText("an error message"));
        return;
      }
      String audio = json.path("audio").asText("");
      if (!audio.isEmpty()) {
        JsonNode chars = json.path("alignment").path("chars");
        if (chars.isArray() && !chars.isEmpty()) {
          StringBuilder spoken = new StringBuilder();
          chars.forEach(c -> spoken.append(c.asText()));
          listener.text(spoken.toString());
        }
        short[] pcm = Pcm.samples(Base64.getDecoder().decode(audio));
        listener.audio(pcm, 0, pcm.length);
      }
      if (json.path("isFinal").asBoolean(false)) {
        done = true;
      }
    }

    private void failIfEnded() {
      if (failure != null) {
        throw new ProviderException(Kind.UNAVAILABLE, name() + ": " + failure);
      }
    }
  }

  private static int lastWhitespace(CharSequence text) {
    for (int i = text.length() - 1; i >= 0; i--) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
