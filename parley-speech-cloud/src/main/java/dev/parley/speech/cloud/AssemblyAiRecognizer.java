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
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.spi.SpeechRecognizer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * AssemblyAI Universal-Streaming (v3) recognition on {@code /v3/ws}.
 *
 * <p>Audio goes as binary PCM16 in chunks of 100 ms (the service takes 50 to 1,000 ms a message);
 * {@code flush} sends {@code ForceEndpoint} and waits for the turn it closes. Each {@code Turn}
 * message's {@code end_of_turn_confidence} reaches the session as evidence. A formatted turn
 * replaces the unformatted one of the same {@code turn_order}. Phrase hints go as {@code
 * keyterms_prompt}; the key in the {@code Authorization} header.
 */
public final class AssemblyAiRecognizer implements SpeechRecognizer {
  /** AssemblyAI's public streaming address. */
  public static final String DEFAULT_URI = "wss://streaming.assemblyai.com";

  /** The environment variable holding the key. */
  public static final String KEY_VARIABLE = "ASSEMBLYAI_API_KEY";

  private static final int CHUNK_SAMPLES = 1600; // 100 ms at 16 kHz
  private static final int MIN_CHUNK_SAMPLES = 800; // the service's 50 ms floor
  private static final Duration GRACE = Duration.ofMillis(300);

  private final CloudEndpoint endpoint;

  public AssemblyAiRecognizer(CloudEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** AssemblyAI with the key from {@value #KEY_VARIABLE}. */
  public static AssemblyAiRecognizer fromEnvironment() {
    return new AssemblyAiRecognizer(CloudEndpoint.fromEnvironment(DEFAULT_URI, KEY_VARIABLE));
  }

  @Override
  public String name() {
    return "assemblyai";
  }

  @Override
  public Stream open(Options options, Listener listener) {
    StringBuilder query =
        new StringBuilder("/v3/ws?sample_rate=16000&encoding=pcm_s16le&format_turns=true");
    if (!options.phraseHints().isEmpty()) {
      ArrayNode terms = Json.MAPPER.createArrayNode();
      options.phraseHints().forEach(terms::add);
      query.append("&keyterms_prompt=").append(Words.encode(Json.write(terms)));
    }
    URI uri = endpoint.resolve(query.toString());
    CloudSocket socket =
        Connect.socket(endpoint, name(), uri, Map.of("Authorization", endpoint.apiKey()));
    return new AssemblyStream(socket, listener);
  }

  private final class AssemblyStream implements Stream {
    private final CloudSocket socket;
    private final Listener listener;
    private final short[] chunk = new short[CHUNK_SAMPLES];
    private int chunked;
    private final TreeMap<Integer, List<Word>> endedTurns = new TreeMap<>();
    private boolean turnOpen;
    private boolean sentSinceFlush;
    private boolean endedSinceFlush;
    private @Nullable String failure;

    AssemblyStream(CloudSocket socket, Listener listener) {
      this.socket = socket;
      this.listener = listener;
    }

    @Override
    public void push(short[] samples, int offset, int length) throws InterruptedException {
      failIfEnded();
      for (int i = 0; i < length; ) {
        int n = Math.min(length - i, CHUNK_SAMPLES - chunked);
        System.arraycopy(samples, offset + i, chunk, chunked, n);
        chunked += n;
        i += n;
        if (chunked == CHUNK_SAMPLES) {
          sendChunk();
        }
      }
      drain(null);
    }

    @Override
    public void flush() throws InterruptedException {
      failIfEnded();
      if (chunked > 0) {
        java.util.Arrays.fill(chunk, chunked, Math.max(chunked, MIN_CHUNK_SAMPLES), (short) 0);
        chunked = Math.max(chunked, MIN_CHUNK_SAMPLES);
        sendChunk();
      }
      drain(null);
      if (sentSinceFlush) {
        // A turn the service has not reported yet may still be on its way: a short grace for its
        // first message, the full time limit once a turn is known to be open.
        socket.sendText("{\"type\":\"ForceEndpoint\"}");
        long graceNanos = Math.min(GRACE.toNanos(), endpoint.timeout().toNanos());
        long waited = 0;
        while (failure == null) {
          long limit = turnOpen ? endpoint.timeout().toNanos() : graceNanos;
          if (waited >= limit || (!turnOpen && endedSinceFlush)) {
            break;
          }
          long step = Math.min(limit - waited, Duration.ofMillis(50).toNanos());
          drain(Duration.ofNanos(step));
          waited += step;
        }
      }
      sentSinceFlush = false;
      endedSinceFlush = false;
      List<Word> words = new ArrayList<>();
      endedTurns.values().forEach(words::addAll);
      endedTurns.clear();
      turnOpen = false;
      listener.finalResult(words);
      failIfEnded();
    }

    @Override
    public void close() {
      if (!socket.ended()) {
        try {
          socket.sendText("{\"type\":\"Terminate\"}");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ProviderException e) {
          // closing anyway
        }
      }
      socket.close();
    }

    private void sendChunk() throws InterruptedException {
      socket.sendBinary(Pcm.littleEndian(chunk, 0, chunked));
      chunked = 0;
      sentSinceFlush = true;
    }

    private void drain(@Nullable Duration firstWait) throws InterruptedException {
      socket.drain(firstWait, this::handle);
    }

    private void handle(CloudSocket.Message message) {
      switch (message) {
        case CloudSocket.Message.Text text -> onMessage(Json.parse(name(), text.text()));
        case CloudSocket.Message.Binary ignored -> {}
        case CloudSocket.Message.Closed closed ->
            failure = "the connection closed (" + closed.code() + " " + closed.reason() + ")";
      }
    }

    private void onMessage(JsonNode json) {
      String type = json.path("type").asText();
      if ("Error".equals(type) || json.has("error")) {
        failure = json.path("error").asText("an error message");
        return;
      }
      if (!"Turn".equals(type)) {
        return; // Begin, Termination
      }
      int order = json.path("turn_order").asInt();
      String transcript = json.path("transcript").asText();
      if (json.has("end_of_turn_confidence")) {
        listener.endOfTurn(json.path("end_of_turn_confidence").asDouble());
      }
      if (json.path("end_of_turn").asBoolean()) {
        List<Word> words = new ArrayList<>();
        for (JsonNode word : json.path("words")) {
          words.add(
              new Word(
                  word.path("text").asText(),
                  word.path("start").asLong(),
                  word.path("end").asLong()));
        }
        if (words.isEmpty() && !transcript.isBlank()) {
          words = Words.spread(transcript, 0, 0);
        }
        endedTurns.put(order, words);
        turnOpen = false;
        endedSinceFlush = true;
      } else if (!transcript.isBlank()) {
        turnOpen = true;
      }
      StringBuilder sofar = new StringBuilder();
      endedTurns
          .values()
          .forEach(w -> sofar.append(sofar.isEmpty() ? "" : " ").append(Words.text(w)));
      if (!json.path("end_of_turn").asBoolean() && !transcript.isBlank()) {
        sofar.append(sofar.isEmpty() ? "" : " ").append(transcript);
      }
      listener.partial(sofar.toString());
    }

    private void failIfEnded() {
      if (failure != null) {
        throw new ProviderException(Kind.UNAVAILABLE, name() + ": " + failure);
      }
    }
  }
}
