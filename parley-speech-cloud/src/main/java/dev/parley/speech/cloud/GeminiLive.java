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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Gemini Live ({@code BidiGenerateContent} over WebSocket) as a {@link SpeechToSpeech} model.
 *
 * <p>Gemini's own activity detection answers on its own and does not tell the client where the
 * caller's speech starts and stops, so it is turned off ({@code
 * realtimeInputConfig.automaticActivityDetection.disabled}) and Parley's {@link SpeechEdges} finds
 * the edges in the audio forwarded: {@code activityStart} at a start, {@code activityEnd} only when
 * the session asks for an answer, so a turn Parley has not closed is never answered. Audio goes in
 * as 16 kHz PCM and comes back at 24 kHz, resampled to 16 kHz.
 *
 * <p>Gemini has no response ids, no cancel and no truncate. Each request (an {@code activityEnd}, a
 * {@code toolResponse}, a spoken text) is one response here, ended by {@code turnComplete}, {@code
 * interrupted} or a {@code toolCall} (the model waits for the results). Since any {@code
 * activityStart} interrupts a generation still running, caller speech that begins during one is
 * held back until it finishes, or until the session decides the speech is a real interruption, so a
 * "mhm" does not cut the answer short. On an interruption the model is told in a note what the
 * caller heard of its answer, and a call Gemini cancelled ({@code toolCallCancellation}, or pending
 * when the caller spoke) is answered with a note rather than a {@code toolResponse}.
 */
public final class GeminiLive implements SpeechToSpeech {
  /** Google's public address. */
  public static final String DEFAULT_URI = "wss://generativelanguage.googleapis.com";

  /** The environment variable holding the key. */
  public static final String KEY_VARIABLE = "GEMINI_API_KEY";

  static final String PATH =
      "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";
  static final String SAY_PREFIX =
      "Say exactly the following to the caller, word for word, and nothing else: ";
  private static final int MODEL_RATE = 24_000;
  private static final int MAX_HELD_CHUNKS = 500; // 10 s of 20 ms chunks

  private final CloudEndpoint endpoint;
  private final String model;
  private final String voice;

  public GeminiLive(CloudEndpoint endpoint, String model, String voice) {
    this.endpoint = endpoint;
    this.model = model.startsWith("models/") ? model : "models/" + model;
    this.voice = voice;
  }

  /** Gemini with the key from {@value #KEY_VARIABLE}. */
  public static GeminiLive fromEnvironment(String model) {
    return new GeminiLive(CloudEndpoint.fromEnvironment(DEFAULT_URI, KEY_VARIABLE), model, "Puck");
  }

  @Override
  public String name() {
    return "gemini-live";
  }

  @Override
  public Connection open(Setup setup, Listener listener) {
    URI uri = endpoint.resolve(PATH);
    CloudSocket socket =
        Connect.socket(endpoint, name(), uri, Map.of("x-goog-api-key", endpoint.apiKey()));
    LiveConnection connection = new LiveConnection(listener);
    ModelLink link = new ModelLink(name(), socket, connection, endpoint.timeout());
    connection.link = link;
    link.start(List.of(Json.write(setupMessage(setup))));
    return connection;
  }

  ObjectNode setupMessage(Setup setup) {
    ObjectNode message = Json.object();
    ObjectNode body = message.putObject("setup");
    body.put("model", model);
    ObjectNode generation = body.putObject("generationConfig");
    generation.putArray("responseModalities").add("AUDIO");
    generation
        .putObject("speechConfig")
        .putObject("voiceConfig")
        .putObject("prebuiltVoiceConfig")
        .put("voiceName", voice);
    body.putObject("systemInstruction")
        .putArray("parts")
        .addObject()
        .put("text", setup.instructions());
    if (!setup.tools().isEmpty()) {
      ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
      for (ToolSpec spec : setup.tools()) {
        ObjectNode declaration = declarations.addObject();
        declaration.put("name", spec.name()).put("description", spec.description());
        declaration.set("parameters", Json.parse(name(), spec.parametersSchema()));
      }
    }
    body.putObject("realtimeInputConfig")
        .putObject("automaticActivityDetection")
        .put("disabled", true);
    body.putObject("inputAudioTranscription");
    body.putObject("outputAudioTranscription");
    return message;
  }

  /** One request's answer: what it said and how much audio came, for the heard-text note. */
  private static final class Answer {
    final String id;
    final StringBuilder text = new StringBuilder();
    long samples; // 16 kHz
    boolean cancelled;
    boolean output; // anything arrived for it

    Answer(String id) {
      this.id = id;
    }
  }

  /**
   * One call. Methods run on the session's loop, {@link ModelLink.Handler} on the reader; both hold
   * the lock while they change state and post events, so events keep the order of the wire.
   */
  private final class LiveConnection implements Connection, ModelLink.Handler {
    private @Nullable ModelLink link;
    private final Listener listener;
    private final SpeechEdges edges = new SpeechEdges();
    private final Resampler down = new Resampler(MODEL_RATE, 16_000);
    private final ArrayDeque<Answer> requests = new ArrayDeque<>();
    private final Map<String, Answer> answers = new HashMap<>();
    private final Map<String, String> pendingCalls = new HashMap<>(); // id -> name
    private final Set<String> abandonedCalls = new HashSet<>();
    private final List<ObjectNode> results = new ArrayList<>();
    private final ArrayDeque<String> heldAudio = new ArrayDeque<>();
    private final StringBuilder heardCaller = new StringBuilder();
    private boolean activityOpen;
    private boolean holding; // the caller started speaking during a generation
    private boolean transcriptOwed;
    private boolean afterToolCall;
    private @Nullable String goAway;
    private int requestCount;

    LiveConnection(Listener listener) {
      this.listener = listener;
    }

    private ModelLink link() {
      ModelLink l = link;
      if (l == null || l.closed()) {
        throw new ProviderException(Kind.UNAVAILABLE, name() + ": the connection has closed");
      }
      return l;
    }

    private void send(ObjectNode message) {
      link().sendText(Json.write(message));
    }

    // ---- the session's side ------------------------------------------------------------

    @Override
    public synchronized void appendAudio(short[] samples, int offset, int length) {
      SpeechEdges.Edge edge = edges.feed(samples, offset, length);
      if (edge == SpeechEdges.Edge.STARTED) {
        listener.event(new ModelEvent.SpeechStarted(edges.edgeMillis()));
        heardCaller.setLength(0);
        transcriptOwed = false;
        if (generating()) {
          holding = true; // an activityStart now would cut the answer short
        } else {
          startActivity();
        }
      }
      String chunk = audioChunk(samples, offset, length);
      if (holding) {
        if (heldAudio.size() == MAX_HELD_CHUNKS) {
          heldAudio.poll();
        }
        heldAudio.add(chunk);
      } else {
        send(realtimeAudio(chunk));
      }
      if (edge == SpeechEdges.Edge.STOPPED) {
        listener.event(new ModelEvent.SpeechStopped(edges.edgeMillis()));
        if (heardCaller.isEmpty()) {
          transcriptOwed = true; // Gemini's transcription may come after the speech
        } else {
          listener.event(new ModelEvent.UserTranscript(heardCaller.toString().strip()));
        }
      }
    }

    @Override
    public synchronized void createResponse() {
      releaseHeld();
      boolean asked = false;
      if (!results.isEmpty()) {
        request(toolResponse());
        asked = true;
      }
      if (activityOpen) {
        activityOpen = false;
        ObjectNode end = Json.object();
        end.putObject("realtimeInput").putObject("activityEnd");
        request(end);
        asked = true;
      }
      if (!asked) {
        ObjectNode go = Json.object();
        go.putObject("clientContent").put("turnComplete", true);
        request(go);
      }
    }

    @Override
    public synchronized void say(String text) {
      releaseHeld();
      if (activityOpen) {
        // The caller's activity must end before the words; Gemini's own answer to it is dropped.
        activityOpen = false;
        ObjectNode end = Json.object();
        end.putObject("realtimeInput").putObject("activityEnd");
        Answer unwanted = new Answer("gemini-" + ++requestCount);
        unwanted.cancelled = true;
        requests.add(unwanted);
        send(end);
      }
      request(userText(SAY_PREFIX + text, true));
    }

    @Override
    public synchronized void cancelResponse() {
      for (Answer answer : requests) {
        answer.cancelled = true;
      }
      // Speech held back during the generation is a real interruption now: activityStart stops
      // the generation on the service.
      releaseHeld();
      startActivity();
    }

    @Override
    public synchronized void truncate(String itemId, long heardMillis) {
      Answer answer = answers.get(itemId);
      if (answer == null) {
        return;
      }
      String[] words = answer.text.toString().strip().split("\\s+");
      int heard =
          answer.samples == 0
              ? 0
              : (int)
                  Math.min(
                      words.length, Math.round(words.length * heardMillis * 16.0 / answer.samples));
      String said = String.join(" ", Arrays.copyOf(words, heard)).strip();
      send(
          userText(
              "(Note from the call system: the caller interrupted your last answer. They heard only: \""
                  + said
                  + "\". Treat the rest as never said.)",
              false));
    }

    @Override
    public synchronized void functionResult(String callId, String outputJson) {
      String name = pendingCalls.remove(callId);
      if (abandonedCalls.contains(callId) || name == null) {
        // Gemini cancelled this call when the caller spoke; a toolResponse would name an id it no
        // longer waits for, so the outcome goes into the conversation as a note.
        send(
            userText(
                "(Note from the call system: the outcome of your call "
                    + callId
                    + ", which the service cancelled when the caller spoke: "
                    + outputJson
                    + ")",
                false));
        return;
      }
      ObjectNode response = Json.object();
      response.put("id", callId).put("name", name);
      JsonNode output = Json.parse(name(), outputJson);
      if (output.isObject()) {
        response.set("response", output);
      } else {
        response.putObject("response").set("output", output);
      }
      results.add(response);
    }

    @Override
    public synchronized void close() {
      ModelLink l = link;
      if (l != null) {
        l.close();
      }
    }

    private boolean generating() {
      for (Answer answer : requests) {
        if (!answer.cancelled) {
          return true;
        }
      }
      return false;
    }

    private void startActivity() {
      if (activityOpen) {
        return; // still open after a backchannel that did not interrupt
      }
      activityOpen = true;
      abandonedCalls.addAll(pendingCalls.keySet()); // Gemini cancels calls a caller speaks over
      ObjectNode start = Json.object();
      start.putObject("realtimeInput").putObject("activityStart");
      send(start);
    }

    /** Sends speech held back during a generation, opening its activity first. */
    private void releaseHeld() {
      if (!holding) {
        return;
      }
      holding = false;
      startActivity();
      while (!heldAudio.isEmpty()) {
        send(realtimeAudio(heldAudio.poll()));
      }
    }

    private void request(ObjectNode message) {
      Answer answer = new Answer("gemini-" + ++requestCount);
      requests.add(answer);
      answers.put(answer.id, answer);
      listener.event(new ModelEvent.ResponseStarted(answer.id));
      send(message);
    }

    private ObjectNode toolResponse() {
      ObjectNode message = Json.object();
      ArrayNode responses = message.putObject("toolResponse").putArray("functionResponses");
      results.forEach(responses::add);
      results.clear();
      return message;
    }

    // ---- the service's side ------------------------------------------------------------

    @Override
    public synchronized void text(String text) {
      JsonNode message = Json.parse(name(), text);
      if (message.has("setupComplete")) {
        link().ready();
      }
      JsonNode content = message.path("serverContent");
      if (content.isObject()) {
        onContent(content);
      }
      JsonNode toolCall = message.path("toolCall");
      if (toolCall.isObject()) {
        onToolCall(toolCall);
      }
      for (JsonNode id : message.path("toolCallCancellation").path("ids")) {
        abandonedCalls.add(id.asText());
      }
      if (message.has("goAway")) {
        goAway = message.path("goAway").path("timeLeft").asText("soon");
      }
      JsonNode error = message.path("error");
      if (error.isObject()) {
        listener.event(
            new ModelEvent.Failed(
                new ProviderException(
                    Kind.REJECTED,
                    name() + ": " + error.path("message").asText(error.toString()))));
      }
    }

    private void onContent(JsonNode content) {
      String transcribed = content.path("inputTranscription").path("text").asText("");
      if (!transcribed.isEmpty()) {
        heardCaller.append(transcribed);
        listener.event(new ModelEvent.UserTranscript(heardCaller.toString().strip()));
        transcriptOwed = false;
      }
      Answer answer = requests.peek();
      if (transcriptOwed && answer != null && !answer.cancelled) {
        transcriptOwed = false; // no transcription came for the turn: close it without words
        listener.event(new ModelEvent.UserTranscript(""));
      }
      String said = content.path("outputTranscription").path("text").asText("");
      if (!said.isEmpty() && answer != null) {
        answer.output = true;
        afterToolCall = false;
        answer.text.append(said);
        if (!answer.cancelled) {
          listener.event(new ModelEvent.AgentTranscript(answer.id, answer.id, said));
        }
      }
      for (JsonNode part : content.path("modelTurn").path("parts")) {
        JsonNode inline = part.path("inlineData");
        if (inline.isObject() && answer != null) {
          answer.output = true;
          afterToolCall = false;
          onAudio(answer, inline);
        }
      }
      if (content.path("interrupted").asBoolean(false)) {
        finish("cancelled");
      } else if (content.path("turnComplete").asBoolean(false)) {
        if (afterToolCall && (answer == null || !answer.output)) {
          afterToolCall = false; // the turn that asked for the call, closing: already ended here
        } else {
          finish("completed");
        }
      }
    }

    private void onAudio(Answer answer, JsonNode inline) {
      int rate = rateOf(inline.path("mimeType").asText(""));
      short[] pcm = Pcm.samples(Base64.getDecoder().decode(inline.path("data").asText("")));
      short[] out;
      if (rate == 16_000) {
        out = pcm;
      } else if (rate == MODEL_RATE) {
        short[] buffer = new short[down.maxOutputSamples(pcm.length)];
        out = Arrays.copyOf(buffer, down.process(pcm, 0, pcm.length, buffer, 0));
      } else {
        out = Resampler.resample(pcm, rate, 16_000);
      }
      answer.samples += out.length;
      if (!answer.cancelled && out.length > 0) {
        listener.event(new ModelEvent.Audio(answer.id, answer.id, out));
      }
    }

    private void onToolCall(JsonNode toolCall) {
      Answer answer = requests.peek();
      String id = answer == null ? "gemini-unasked" : answer.id;
      for (JsonNode call : toolCall.path("functionCalls")) {
        String callId = call.path("id").asText();
        String callName = call.path("name").asText();
        pendingCalls.put(callId, callName);
        if (answer == null || !answer.cancelled) {
          listener.event(
              new ModelEvent.FunctionCall(id, callId, callName, call.path("args").toString()));
        }
      }
      finish("completed"); // the model waits for the results: this response is over
      afterToolCall = true;
    }

    /** The head request's generation ended; speech held back during it goes out now. */
    private void finish(String status) {
      Answer answer = requests.poll();
      if (answer != null && !answer.cancelled) {
        listener.event(new ModelEvent.ResponseDone(answer.id, status));
      }
      if (!generating()) {
        releaseHeld();
      }
    }

    @Override
    public void binary(byte[] data) {
      // Gemini's service sends its JSON as binary frames at times.
      text(new String(data, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void failed(ProviderException cause) {
      String warned = goAway;
      listener.event(
          new ModelEvent.Failed(
              warned == null
                  ? cause
                  : new ProviderException(
                      cause.kind(),
                      cause.getMessage() + " after the service's goAway (time left " + warned + ")",
                      cause)));
    }
  }

  private static ObjectNode userText(String text, boolean turnComplete) {
    ObjectNode message = Json.object();
    ObjectNode content = message.putObject("clientContent");
    ObjectNode turn = content.putArray("turns").addObject().put("role", "user");
    turn.putArray("parts").addObject().put("text", text);
    content.put("turnComplete", turnComplete);
    return message;
  }

  private static String audioChunk(short[] samples, int offset, int length) {
    ByteBuffer bytes = Pcm.littleEndian(samples, offset, length);
    byte[] raw = new byte[bytes.remaining()];
    bytes.get(raw);
    return Base64.getEncoder().encodeToString(raw);
  }

  private static ObjectNode realtimeAudio(String base64) {
    ObjectNode message = Json.object();
    message
        .putObject("realtimeInput")
        .putObject("audio")
        .put("mimeType", "audio/pcm;rate=16000")
        .put("data", base64);
    return message;
  }

  /** The rate in a mime type such as {@code audio/pcm;rate=24000}; Gemini's 24 kHz if none. */
  static int rateOf(String mimeType) {
    int at = mimeType.toLowerCase(Locale.ROOT).indexOf("rate=");
    if (at < 0) {
      return MODEL_RATE;
    }
    try {
      return Integer.parseInt(mimeType.substring(at + 5).replaceAll("[^0-9].*$", ""));
    } catch (NumberFormatException e) {
      return MODEL_RATE;
    }
  }
}
