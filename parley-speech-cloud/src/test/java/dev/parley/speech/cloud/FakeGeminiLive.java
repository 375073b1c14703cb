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
import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A fake of Gemini Live's {@code BidiGenerateContent} for one connection, with automatic activity
 * detection off as Parley sets it: {@code setup} first (anything else first closes with 1007), then
 * {@code setupComplete}; caller audio ({@code realtimeInput.audio}, 16 kHz PCM, checked) counts
 * only inside {@code activityStart}/{@code activityEnd}, and is transcribed ({@code
 * inputTranscription}) from 300 ms in, a timed caller's words as they come; {@code activityEnd}
 * plays the next scripted response: {@code outputTranscription}, 24 kHz {@code inlineData} audio in
 * 100 ms pieces, then {@code turnComplete}, or a {@code toolCall} after which the model waits for a
 * {@code toolResponse} naming every pending id (an unknown id closes with 1007) and then goes on
 * with the rest of the response, or the next one. An {@code activityStart} while calls are pending
 * cancels them with {@code toolCallCancellation}, as the service does when a client interrupts its
 * turn. Whole responses are sent at once (the service also generates faster than real time).
 * Records every client message but the audio. For tests only.
 */
public final class FakeGeminiLive implements FakeSpeechServer.Script {
  private static final int RATE = 24_000;
  private static final String SAY_MARK = "and nothing else: ";

  public final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final FakeTranscriber transcriber;
  private long callBytes; // all caller audio, for the times a transcriber is asked about
  private long activityStartMillis;
  private String transcribedSoFar = "";
  private final Deque<List<FakeReply>> responses;
  private boolean setUp;
  private boolean activity;
  private long activityBytes;
  private boolean transcribed;
  private final Map<String, String> pending = new LinkedHashMap<>();
  private List<FakeReply> rest = List.of();
  private boolean paced;
  private final Deque<JsonNode> generation = new ArrayDeque<>();
  private boolean generating;
  private int interruptedGenerations;

  public FakeGeminiLive(List<String> transcripts, List<List<FakeReply>> responses) {
    this(FakeTranscriber.scripted(transcripts), responses);
  }

  /** A fake whose caller is transcribed by {@code transcriber} (a benchmark's simulated user). */
  public FakeGeminiLive(FakeTranscriber transcriber, List<List<FakeReply>> responses) {
    this.transcriber = transcriber;
    this.responses = new ArrayDeque<>(responses);
  }

  /** A loopback server playing this script, wanting the key in {@code x-goog-api-key}. */
  public FakeSpeechServer listen(String key) {
    return FakeSpeechServer.websocket("x-goog-api-key", key, handshake -> this);
  }

  /** The client messages that have {@code field} at their top level, in order. */
  public List<JsonNode> of(String field) {
    return received.stream().filter(m -> m.has(field)).toList();
  }

  /** The realtime inputs that carry {@code field} ({@code activityStart}, {@code activityEnd}). */
  public List<JsonNode> realtime(String field) {
    return received.stream().filter(m -> m.path("realtimeInput").has(field)).toList();
  }

  @Override
  public synchronized void text(Session session, String text) {
    JsonNode message = Json.parse("fake", text);
    JsonNode input = message.path("realtimeInput");
    if (!input.has("audio")) {
      received.add(message);
    }
    if (!setUp) {
      if (!message.has("setup")) {
        session.close(1007, "setup must be the first message", Callback.NOOP);
        return;
      }
      setUp = true;
      send(session, Json.object().set("setupComplete", Json.object()));
      return;
    }
    if (input.has("activityStart")) {
      if (activity) {
        session.close(1007, "activityStart inside an activity", Callback.NOOP);
        return;
      }
      if (!generation.isEmpty()) {
        generation.clear(); // the caller's activity interrupts the generation
        interruptedGenerations++;
        ObjectNode interrupted = Json.object();
        interrupted.putObject("serverContent").put("interrupted", true);
        send(session, interrupted);
      }
      if (!pending.isEmpty()) {
        ObjectNode cancel = Json.object();
        ArrayNode ids = cancel.putObject("toolCallCancellation").putArray("ids");
        pending.keySet().forEach(ids::add);
        pending.clear();
        rest = List.of();
        send(session, cancel);
      }
      activity = true;
      activityBytes = 0;
      activityStartMillis = callBytes / 32;
      transcribed = false;
      transcribedSoFar = "";
    } else if (input.has("activityEnd")) {
      if (!activity) {
        session.close(1007, "activityEnd without activityStart", Callback.NOOP);
        return;
      }
      activity = false;
      transcribe(session);
      transcribeRest(session);
      play(session, nextResponse());
    } else if (input.has("audio")) {
      JsonNode audio = input.path("audio");
      if (!"audio/pcm;rate=16000".equals(audio.path("mimeType").asText())) {
        session.close(1007, "unsupported audio " + audio.path("mimeType"), Callback.NOOP);
        return;
      }
      int bytes = Base64.getDecoder().decode(audio.path("data").asText()).length;
      callBytes += bytes;
      if (activity) {
        activityBytes += bytes;
        if (activityBytes >= 16_000 * 2 * 300 / 1000) {
          transcribe(session);
          transcribeRest(session); // a timed caller's words stream as they are spoken
        }
      }
    } else if (message.has("toolResponse")) {
      for (JsonNode response : message.path("toolResponse").path("functionResponses")) {
        String id = response.path("id").asText();
        if (pending.remove(id) == null) {
          session.close(1007, "no pending function call " + id, Callback.NOOP);
          return;
        }
      }
      if (pending.isEmpty()) {
        play(session, rest.isEmpty() ? nextResponse() : rest);
      }
    } else if (message.has("clientContent")) {
      JsonNode content = message.path("clientContent");
      if (content.path("turnComplete").asBoolean(false)) {
        String words = content.path("turns").path(0).path("parts").path(0).path("text").asText("");
        int said = words.indexOf(SAY_MARK);
        if (said >= 0) {
          String spoken = words.substring(said + SAY_MARK.length());
          play(session, List.of(new FakeReply.Say(spoken, Math.max(200, spoken.length() * 60))));
        } else {
          play(session, nextResponse());
        }
      }
    }
  }

  private List<FakeReply> nextResponse() {
    return responses.isEmpty() ? List.of() : responses.poll();
  }

  private void transcribe(Session session) {
    if (transcribed) {
      return;
    }
    transcribed = true;
    transcribedSoFar = transcriber.heard(Math.max(0, activityStartMillis - 300), callBytes / 32);
    sendTranscription(session, transcribedSoFar);
  }

  /**
   * The words heard since the last transcription (none for a script: its one line went at once).
   */
  private void transcribeRest(Session session) {
    if (!transcriber.timed()) {
      return;
    }
    String all = transcriber.heard(Math.max(0, activityStartMillis - 300), callBytes / 32);
    if (all.startsWith(transcribedSoFar) && all.length() > transcribedSoFar.length()) {
      sendTranscription(session, all.substring(transcribedSoFar.length()));
      transcribedSoFar = all;
    }
  }

  private static void sendTranscription(Session session, String words) {
    ObjectNode message = Json.object();
    message.putObject("serverContent").putObject("inputTranscription").put("text", words);
    send(session, message);
  }

  /** Plays parts until the first function calls (sent in one message), or to the turn's end. */
  private void play(Session session, List<FakeReply> parts) {
    List<FakeReply.Call> calls = new ArrayList<>();
    int i = 0;
    for (; i < parts.size(); i++) {
      FakeReply part = parts.get(i);
      if (part instanceof FakeReply.Call call) {
        calls.add(call);
        continue;
      }
      if (!calls.isEmpty()) {
        break;
      }
      FakeReply.Say say = (FakeReply.Say) part;
      ObjectNode transcript = Json.object();
      transcript
          .putObject("serverContent")
          .putObject("outputTranscription")
          .put("text", say.text());
      emit(session, transcript);
      for (int ms = 0; ms < say.millis(); ms += 100) {
        ObjectNode audio = Json.object();
        audio
            .putObject("serverContent")
            .putObject("modelTurn")
            .putArray("parts")
            .addObject()
            .putObject("inlineData")
            .put("mimeType", "audio/pcm;rate=24000")
            .put("data", tone(Math.min(100, say.millis() - ms)));
        emit(session, audio);
      }
    }
    if (!calls.isEmpty()) {
      ObjectNode message = Json.object();
      ArrayNode functionCalls = message.putObject("toolCall").putArray("functionCalls");
      for (FakeReply.Call call : calls) {
        pending.put(call.callId(), call.name());
        functionCalls
            .addObject()
            .put("id", call.callId())
            .put("name", call.name())
            .set("args", Json.parse("fake", call.argumentsJson()));
      }
      rest = List.copyOf(parts.subList(i, parts.size()));
      emit(session, message);
      return;
    }
    rest = List.of();
    ObjectNode generated = Json.object();
    generated.putObject("serverContent").put("generationComplete", true);
    emit(session, generated);
    ObjectNode complete = Json.object();
    complete.putObject("serverContent").put("turnComplete", true);
    emit(session, complete);
  }

  private static String tone(int millis) {
    int n = RATE * millis / 1000;
    ByteBuffer bytes = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bytes.putShort((short) (2000 * Math.sin(i * 2 * Math.PI * 300 / RATE)));
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  /**
   * Paced generation: the model's output goes out at twice real time (100 ms of audio every 50 ms,
   * on the system clock), so a generation is still running while the caller talks, as with the real
   * service. Off by default: whole responses go at once.
   */
  public FakeGeminiLive paced() {
    paced = true;
    return this;
  }

  /** Generations an {@code activityStart} cut short. */
  public int interruptedGenerations() {
    return interruptedGenerations;
  }

  private void emit(Session session, JsonNode message) {
    if (!paced) {
      send(session, message);
      return;
    }
    generation.add(message);
    if (!generating) {
      generating = true;
      Thread.ofVirtual().name("fake-gemini-generation").start(() -> generate(session));
    }
  }

  private void generate(Session session) {
    Pacer pacer = new Pacer(MediaClock.system());
    long next = MediaClock.system().nanos();
    try {
      while (true) {
        synchronized (this) {
          if (generation.isEmpty()) {
            generating = false;
            return;
          }
          generateStep(session);
        }
        next += 50_000_000L;
        pacer.awaitUntil(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends queued output up to and including the next audio piece. */
  private void generateStep(Session session) {
    while (!generation.isEmpty()) {
      JsonNode message = generation.poll();
      send(session, message);
      if (message.path("serverContent").has("modelTurn")) {
        return;
      }
    }
  }

  private static void send(Session session, JsonNode message) {
    FakeSpeechServer.send(session, Json.write(message));
  }
}
