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
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Cartesia streaming synthesis over its WebSocket ({@code /tts/websocket}), raw PCM at 16 kHz.
 *
 * <p>Each reply is one context: every pushed piece of text is a generation request with {@code
 * continue: true}, and {@code flush} sends the empty closing one and waits for {@code done}. The
 * text pushed so far is announced before the first audio that follows it. The key goes in the
 * {@code X-API-Key} header with the pinned {@code Cartesia-Version}.
 */
public final class CartesiaVoice implements SpeechSynthesizer {
  /** Cartesia's public address. */
  public static final String DEFAULT_URI = "wss://api.cartesia.ai";

  /** The environment variable holding the key. */
  public static final String KEY_VARIABLE = "CARTESIA_API_KEY";

  /** The API version this adapter speaks. */
  public static final String VERSION = "2025-04-16";

  private final CloudEndpoint endpoint;
  private final String voiceId;
  private final String model;

  public CartesiaVoice(CloudEndpoint endpoint, String voiceId, String model) {
    this.endpoint = endpoint;
    this.voiceId = voiceId;
    this.model = model;
  }

  /** Cartesia with the key from {@value #KEY_VARIABLE} and the Sonic 2 model. */
  public static CartesiaVoice fromEnvironment(String voiceId) {
    return new CartesiaVoice(
        CloudEndpoint.fromEnvironment(DEFAULT_URI, KEY_VARIABLE), voiceId, "sonic-2");
  }

  @Override
  public String name() {
    return "cartesia-" + model;
  }

  @Override
  public int sampleRate() {
    return 16_000;
  }

  @Override
  public Stream open(Listener listener) {
    URI uri = endpoint.resolve("/tts/websocket?cartesia_version=" + VERSION);
    CloudSocket socket =
        Connect.socket(
            endpoint,
            name(),
            uri,
            Map.of("X-API-Key", endpoint.apiKey(), "Cartesia-Version", VERSION));
    return new ContextStream(socket, listener, UUID.randomUUID().toString());
  }

  private final class ContextStream implements Stream {
    private final CloudSocket socket;
    private final Listener listener;
    private final String contextId;
    private final StringBuilder unannounced = new StringBuilder();
    private boolean done;
    private @Nullable String failure;

    ContextStream(CloudSocket socket, Listener listener, String contextId) {
      this.socket = socket;
      this.listener = listener;
      this.contextId = contextId;
    }

    @Override
    public void push(String text) throws InterruptedException {
      failIfEnded();
      if (text.isEmpty()) {
        return;
      }
      unannounced.append(text);
      socket.sendText(Json.write(request(text, true)));
      drain(null);
    }

    @Override
    public void flush() throws InterruptedException {
      failIfEnded();
      socket.sendText(Json.write(request("", false)));
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

    private ObjectNode request(String transcript, boolean more) {
      ObjectNode request = Json.object();
      request.put("model_id", model).put("transcript", transcript).put("context_id", contextId);
      request.putObject("voice").put("mode", "id").put("id", voiceId);
      request.put("language", "en");
      request
          .putObject("output_format")
          .put("container", "raw")
          .put("encoding", "pcm_s16le")
          .put("sample_rate", 16_000);
      request.put("continue", more);
      return request;
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
      if (!contextId.equals(json.path("context_id").asText(contextId))) {
        return; // another context's late message
      }
      switch (json.path("type").asText()) {
        case "chunk" -> {
          if (!unannounced.isEmpty()) {
            listener.text(unannounced.toString());
            unannounced.setLength(0);
          }
          short[] pcm = Pcm.samples(Base64.getDecoder().decode(json.path("data").asText("")));
          listener.audio(pcm, 0, pcm.length);
        }
        case "done" -> done = true;
        case "error" -> failure = json.path("error").asText("an error message");
        default -> {} // timestamps, flush_done
      }
    }

    private void failIfEnded() {
      if (failure != null) {
        throw new ProviderException(Kind.UNAVAILABLE, name() + ": " + failure);
      }
    }
  }
}
