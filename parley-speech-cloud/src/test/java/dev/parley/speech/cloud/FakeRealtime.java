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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.websocket.api.Session;

/**
 * A fake of OpenAI's Realtime API for one connection: it answers {@code session.update}, runs a
 * voice detector on the appended audio (by audio time, not wall time), sends the next scripted
 * transcript when speech stops, and plays the next scripted response on each {@code
 * response.create}: transcript and audio deltas, function calls delivered twice (arguments done,
 * then the finished output item) as the real service does, then {@code response.done}. It records
 * every client message. For tests only; the app's tests use it through this module's test jar.
 */
public final class FakeRealtime implements FakeSpeechServer.Script {
  private static final int RATE = 24_000;
  private static final int SILENCE_TO_STOP_MS = 300;
  private static final String SAY_MARK = "and nothing else: ";

  public final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final FakeTranscriber transcriber;
  private long speechStartSample;
  private final Deque<Double> recentLevels = new ArrayDeque<>();
  private final Deque<List<FakeReply>> responses;
  private long audioSamples;
  private boolean speaking;
  private long lastVoiceSample;
  private int responseCount;
  private int itemCount;

  public FakeRealtime(List<String> transcripts, List<List<FakeReply>> responses) {
    this(FakeTranscriber.scripted(transcripts), responses);
  }

  /** A fake whose caller is transcribed by {@code transcriber} (a benchmark's simulated user). */
  public FakeRealtime(FakeTranscriber transcriber, List<List<FakeReply>> responses) {
    this.transcriber = transcriber;
    this.responses = new ArrayDeque<>(responses);
  }

  /**
   * A loopback server playing this script, checking the key as OpenAI does (a bearer token); for
   * tests outside this package (the app's converse and serve tests).
   */
  public FakeSpeechServer listen(String key) {
    return FakeSpeechServer.websocket("Authorization", "Bearer " + key, handshake -> this);
  }

  /** The client messages of one type, in order. */
  public List<JsonNode> of(String type) {
    return received.stream().filter(m -> type.equals(m.path("type").asText())).toList();
  }

  @Override
  public void opened(Session session) {
    send(session, Json.object().put("type", "session.created"));
  }

  @Override
  public synchronized void text(Session session, String text) {
    JsonNode message = Json.parse("fake", text);
    String type = message.path("type").asText();
    if (!type.equals("input_audio_buffer.append")) {
      received.add(message);
    }
    switch (type) {
      case "session.update" -> send(session, Json.object().put("type", "session.updated"));
      case "input_audio_buffer.append" -> hear(session, message.path("audio").asText());
      case "response.create" -> {
        // Delegation: a response told what to say says exactly that (60 ms a character).
        String instructions = message.path("response").path("instructions").asText("");
        int said = instructions.indexOf(SAY_MARK);
        if (said >= 0) {
          String words = instructions.substring(said + SAY_MARK.length());
          play(session, List.of(new FakeReply.Say(words, Math.max(200, words.length() * 60))));
        } else {
          play(session, responses.isEmpty() ? List.<FakeReply>of() : responses.poll());
        }
      }
      case "response.cancel" -> {} // every response was sent whole; the done already went
      case "conversation.item.truncate" ->
          send(
              session,
              Json.object()
                  .put("type", "conversation.item.truncated")
                  .put("item_id", message.path("item_id").asText())
                  .put("audio_end_ms", message.path("audio_end_ms").asLong()));
      default -> {}
    }
  }

  private void hear(Session session, String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64);
    ByteBuffer pcm = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int n = bytes.length / 2;
    double energy = 0;
    for (int i = 0; i < n; i++) {
      double s = pcm.getShort();
      energy += s * s;
    }
    // Voice is well above the quietest level of the last 3 s, as a server VAD tells speech from
    // steady line noise.
    double rms = n > 0 ? Math.sqrt(energy / n) : 0;
    recentLevels.add(rms);
    if (recentLevels.size() > 150) {
      recentLevels.poll();
    }
    double floor =
        recentLevels.size() < 10
            ? 0
            : recentLevels.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    boolean voiced = n > 0 && rms > Math.max(500, 2.5 * floor);
    audioSamples += n;
    if (voiced) {
      lastVoiceSample = audioSamples;
      if (!speaking) {
        speaking = true;
        speechStartSample = audioSamples - n;
        send(
            session,
            Json.object()
                .put("type", "input_audio_buffer.speech_started")
                .put("audio_start_ms", audioSamples * 1000 / RATE));
      }
    } else if (speaking && (audioSamples - lastVoiceSample) * 1000 / RATE >= SILENCE_TO_STOP_MS) {
      speaking = false;
      send(
          session,
          Json.object()
              .put("type", "input_audio_buffer.speech_stopped")
              .put("audio_end_ms", lastVoiceSample * 1000 / RATE));
      String transcript =
          transcriber.heard(
              Math.max(0, speechStartSample * 1000 / RATE - 300), audioSamples * 1000 / RATE);
      send(
          session,
          Json.object()
              .put("type", "conversation.item.input_audio_transcription.completed")
              .put("item_id", "user" + audioSamples)
              .put("transcript", transcript));
    }
  }

  private void play(Session session, List<FakeReply> parts) {
    String id = "resp_" + ++responseCount;
    ObjectNode created = Json.object().put("type", "response.created");
    created.putObject("response").put("id", id).put("status", "in_progress");
    send(session, created);
    for (FakeReply part : parts) {
      String item = "item_" + ++itemCount;
      switch (part) {
        case FakeReply.Say say -> {
          send(
              session,
              Json.object()
                  .put("type", "response.output_audio_transcript.delta")
                  .put("response_id", id)
                  .put("item_id", item)
                  .put("delta", say.text()));
          for (int ms = 0; ms < say.millis(); ms += 100) {
            send(
                session,
                Json.object()
                    .put("type", "response.output_audio.delta")
                    .put("response_id", id)
                    .put("item_id", item)
                    .put("delta", tone(Math.min(100, say.millis() - ms))));
          }
        }
        case FakeReply.Call call -> {
          send(
              session,
              Json.object()
                  .put("type", "response.function_call_arguments.done")
                  .put("response_id", id)
                  .put("item_id", item)
                  .put("call_id", call.callId())
                  .put("name", call.name())
                  .put("arguments", call.argumentsJson()));
          ObjectNode done =
              Json.object().put("type", "response.output_item.done").put("response_id", id);
          done.putObject("item")
              .put("type", "function_call")
              .put("id", item)
              .put("call_id", call.callId())
              .put("name", call.name())
              .put("arguments", call.argumentsJson());
          send(session, done);
        }
      }
    }
    ObjectNode done = Json.object().put("type", "response.done");
    done.putObject("response").put("id", id).put("status", "completed");
    send(session, done);
  }

  private static String tone(int millis) {
    int n = RATE * millis / 1000;
    ByteBuffer bytes = ByteBuffer.allocate(n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bytes.putShort((short) (2000 * Math.sin(i * 2 * Math.PI * 300 / RATE)));
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  private static void send(Session session, ObjectNode message) {
    FakeSpeechServer.send(session, Json.write(message));
  }
}
