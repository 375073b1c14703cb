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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.audio.Resampler;
import dev.parley.core.s2s.ModelEvent;
import dev.parley.core.s2s.SpeechToSpeech;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.tool.ToolSpec;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * OpenAI's Realtime API over WebSocket ({@code /v1/realtime?model=...}) as a {@link SpeechToSpeech}
 * model.
 *
 * <p>The session is configured so the model reports the caller's speech ({@code server_vad}) but
 * neither answers nor cancels on its own ({@code create_response} and {@code interrupt_response}
 * off): Parley's session decides both. Audio goes both ways as PCM16 at 24 kHz, resampled from and
 * to Parley's 16 kHz. Function calls arrive twice by design of the protocol ({@code
 * response.function_call_arguments.done} and the finished {@code function_call} output item); both
 * are passed on, and the session answers each call id once. The GA event names are read, and the
 * beta ones ({@code response.audio.delta}) too. Sends go through a writer thread, so the session's
 * loop never waits on the network.
 */
public final class OpenAiRealtime implements SpeechToSpeech {
  /** OpenAI's public address. */
  public static final String DEFAULT_URI = "wss://api.openai.com";

  /** The environment variable holding the key. */
  public static final String KEY_VARIABLE = "OPENAI_API_KEY";

  private static final int MODEL_RATE = 24_000;
  private static final String CLOSE = "\u0000close";

  private final CloudEndpoint endpoint;
  private final String model;
  private final String voice;

  public OpenAiRealtime(CloudEndpoint endpoint, String model, String voice) {
    this.endpoint = endpoint;
    this.model = model;
    this.voice = voice;
  }

  /** OpenAI with the key from {@value #KEY_VARIABLE}. */
  public static OpenAiRealtime fromEnvironment(String model) {
    return new OpenAiRealtime(
        CloudEndpoint.fromEnvironment(DEFAULT_URI, KEY_VARIABLE), model, "alloy");
  }

  @Override
  public String name() {
    return "openai-realtime";
  }

  @Override
  public Connection open(Setup setup, Listener listener) {
    URI uri = endpoint.resolve("/v1/realtime?model=" + Words.encode(model));
    CloudSocket socket =
        Connect.socket(
            endpoint, name(), uri, Map.of("Authorization", "Bearer " + endpoint.apiKey()));
    RealtimeConnection connection = new RealtimeConnection(socket, listener);
    connection.send(sessionUpdate(setup));
    connection.start();
    return connection;
  }

  private ObjectNode sessionUpdate(Setup setup) {
    ObjectNode message = Json.object().put("type", "session.update");
    ObjectNode session = message.putObject("session");
    session.put("type", "realtime").put("model", model).put("instructions", setup.instructions());
    ObjectNode audio = session.putObject("audio");
    ObjectNode input = audio.putObject("input");
    input.putObject("format").put("type", "audio/pcm").put("rate", MODEL_RATE);
    input
        .putObject("turn_detection")
        .put("type", "server_vad")
        .put("create_response", false)
        .put("interrupt_response", false);
    input.putObject("transcription").put("model", "gpt-4o-mini-transcribe");
    ObjectNode output = audio.putObject("output");
    output.putObject("format").put("type", "audio/pcm").put("rate", MODEL_RATE);
    output.put("voice", voice);
    ArrayNode tools = session.putArray("tools");
    for (ToolSpec spec : setup.tools()) {
      ObjectNode tool = tools.addObject();
      tool.put("type", "function").put("name", spec.name()).put("description", spec.description());
      tool.set("parameters", Json.parse(name(), spec.parametersSchema()));
    }
    session.put("tool_choice", "auto");
    return message;
  }

  private final class RealtimeConnection implements Connection {
    private final CloudSocket socket;
    private final Listener listener;
    private final LinkedBlockingQueue<String> outbox = new LinkedBlockingQueue<>();
    private final Resampler up = new Resampler(16_000, MODEL_RATE);
    private final Resampler down = new Resampler(MODEL_RATE, 16_000);
    private short[] upBuffer = new short[0];
    private volatile boolean closed;

    RealtimeConnection(CloudSocket socket, Listener listener) {
      this.socket = socket;
      this.listener = listener;
    }

    void start() {
      Thread.ofVirtual().name("openai-realtime-writer").start(this::write);
      Thread.ofVirtual().name("openai-realtime-reader").start(this::read);
    }

    void send(ObjectNode message) {
      if (!closed) {
        outbox.add(Json.write(message));
      }
    }

    @Override
    public void appendAudio(short[] samples, int offset, int length) {
      int max = up.maxOutputSamples(length);
      if (upBuffer.length < max) {
        upBuffer = new short[max];
      }
      int n = up.process(samples, offset, length, upBuffer, 0);
      if (n > 0) {
        ByteBuffer bytes = Pcm.littleEndian(upBuffer, 0, n);
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        send(
            Json.object()
                .put("type", "input_audio_buffer.append")
                .put("audio", Base64.getEncoder().encodeToString(raw)));
      }
    }

    @Override
    public void createResponse() {
      send(Json.object().put("type", "response.create"));
    }

    @Override
    public void say(String text) {
      ObjectNode message = Json.object().put("type", "response.create");
      message
          .putObject("response")
          .put(
              "instructions",
              "Say exactly the following to the caller, word for word, and nothing else: " + text);
      send(message);
    }

    @Override
    public void cancelResponse() {
      send(Json.object().put("type", "response.cancel"));
    }

    @Override
    public void truncate(String itemId, long heardMillis) {
      send(
          Json.object()
              .put("type", "conversation.item.truncate")
              .put("item_id", itemId)
              .put("content_index", 0)
              .put("audio_end_ms", heardMillis));
    }

    @Override
    public void functionResult(String callId, String outputJson) {
      ObjectNode message = Json.object().put("type", "conversation.item.create");
      message
          .putObject("item")
          .put("type", "function_call_output")
          .put("call_id", callId)
          .put("output", outputJson);
      send(message);
    }

    @Override
    public void close() {
      if (!closed) {
        outbox.add(CLOSE);
        closed = true;
      }
    }

    private void write() {
      try {
        while (true) {
          String message = outbox.take();
          if (message.equals(CLOSE)) {
            break;
          }
          socket.sendText(message);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ProviderException e) {
        listener.event(new ModelEvent.Failed(e));
      } finally {
        closed = true;
        socket.close();
      }
    }

    private void read() {
      try {
        while (!socket.ended() || !closed) {
          CloudSocket.Message message = socket.poll(Duration.ofMillis(200));
          if (message == null) {
            if (closed) {
              return;
            }
            continue;
          }
          switch (message) {
            case CloudSocket.Message.Text text -> onMessage(Json.parse(name(), text.text()));
            case CloudSocket.Message.Binary ignored -> {}
            case CloudSocket.Message.Closed ended -> {
              if (!closed) {
                listener.event(
                    new ModelEvent.Failed(
                        new ProviderException(
                            Kind.UNAVAILABLE,
                            name()
                                + ": the connection closed ("
                                + ended.code()
                                + " "
                                + ended.reason()
                                + ")")));
              }
              return;
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ProviderException e) {
        listener.event(new ModelEvent.Failed(e));
      }
    }

    private void onMessage(JsonNode json) {
      String type = json.path("type").asText();
      switch (type) {
        case "input_audio_buffer.speech_started" ->
            listener.event(new ModelEvent.SpeechStarted(json.path("audio_start_ms").asLong()));
        case "input_audio_buffer.speech_stopped" ->
            listener.event(new ModelEvent.SpeechStopped(json.path("audio_end_ms").asLong()));
        case "conversation.item.input_audio_transcription.completed" ->
            listener.event(new ModelEvent.UserTranscript(json.path("transcript").asText()));
        case "response.created" ->
            listener.event(
                new ModelEvent.ResponseStarted(json.path("response").path("id").asText()));
        case "response.output_audio.delta", "response.audio.delta" -> {
          short[] model24k = Pcm.samples(Base64.getDecoder().decode(json.path("delta").asText("")));
          short[] pcm = new short[down.maxOutputSamples(model24k.length)];
          int n = down.process(model24k, 0, model24k.length, pcm, 0);
          listener.event(
              new ModelEvent.Audio(
                  json.path("response_id").asText(),
                  json.path("item_id").asText(),
                  java.util.Arrays.copyOf(pcm, n)));
        }
        case "response.output_audio_transcript.delta", "response.audio_transcript.delta" ->
            listener.event(
                new ModelEvent.AgentTranscript(
                    json.path("response_id").asText(),
                    json.path("item_id").asText(),
                    json.path("delta").asText()));
        case "response.function_call_arguments.done" ->
            listener.event(
                new ModelEvent.FunctionCall(
                    json.path("response_id").asText(),
                    json.path("call_id").asText(),
                    json.path("name").asText(),
                    json.path("arguments").asText("{}")));
        case "response.output_item.done" -> {
          JsonNode item = json.path("item");
          if ("function_call".equals(item.path("type").asText())) {
            listener.event(
                new ModelEvent.FunctionCall(
                    json.path("response_id").asText(),
                    item.path("call_id").asText(),
                    item.path("name").asText(),
                    item.path("arguments").asText("{}")));
          }
        }
        case "response.done" -> {
          JsonNode response = json.path("response");
          listener.event(
              new ModelEvent.ResponseDone(
                  response.path("id").asText(), response.path("status").asText("completed")));
        }
        case "error" -> {
          JsonNode error = json.path("error");
          String code = error.path("code").asText("");
          if ("response_cancel_not_active".equals(code)) {
            return; // a cancel that crossed the response's own end: nothing was lost
          }
          listener.event(
              new ModelEvent.Failed(
                  new ProviderException(
                      "invalid_request_error".equals(error.path("type").asText())
                          ? Kind.REJECTED
                          : Kind.TRANSIENT,
                      name() + ": " + error.path("message").asText(code))));
        }
        default -> {} // session.*, rate_limits.updated, conversation.item.*, output_item.added
      }
    }
  }
}
