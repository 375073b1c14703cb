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
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.spi.SpeechRecognizer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Deepgram's live streaming recognition: Nova-3 on {@code /v1/listen}, or Flux on {@code
 * /v2/listen} with its own turn events passed to the session as evidence.
 *
 * <p>Audio goes as binary linear16 at 16 kHz; {@code flush} sends {@code Finalize} and waits for
 * the result it produces (Nova), or for Flux's {@code EndOfTurn}, up to the endpoint's time limit,
 * then reports whatever was heard. Phrase hints go as {@code keyterm} parameters. The key goes in
 * the {@code Authorization: Token} header. Thread-safe engine; a stream per call.
 */
public final class DeepgramRecognizer implements SpeechRecognizer {
  /** Deepgram's public address. */
  public static final String DEFAULT_URI = "wss://api.deepgram.com";

  /** The environment variable holding the key. */
  public static final String KEY_VARIABLE = "DEEPGRAM_API_KEY";

  private static final Duration FLUX_GRACE = Duration.ofMillis(400);

  private final CloudEndpoint endpoint;
  private final String model;

  /**
   * @param model {@code nova-3} (or another {@code /v1} model) or {@code flux-general-en}
   */
  public DeepgramRecognizer(CloudEndpoint endpoint, String model) {
    this.endpoint = endpoint;
    this.model = model;
  }

  /** Deepgram with the key from {@value #KEY_VARIABLE}. */
  public static DeepgramRecognizer fromEnvironment(String model) {
    return new DeepgramRecognizer(CloudEndpoint.fromEnvironment(DEFAULT_URI, KEY_VARIABLE), model);
  }

  @Override
  public String name() {
    return "deepgram-" + model;
  }

  private boolean flux() {
    return model.startsWith("flux");
  }

  @Override
  public Stream open(Options options, Listener listener) {
    StringBuilder query = new StringBuilder();
    query.append("?model=").append(Words.encode(model));
    query.append("&encoding=linear16&sample_rate=16000");
    if (flux()) {
      query.append("&eot_threshold=0.7&eager_eot_threshold=0.5");
    } else {
      query.append("&channels=1&interim_results=true&punctuate=true");
      query.append("&language=").append(Words.encode(options.language()));
    }
    for (String hint : options.phraseHints()) {
      query.append("&keyterm=").append(Words.encode(hint));
    }
    URI uri = endpoint.resolve((flux() ? "/v2/listen" : "/v1/listen") + query);
    CloudSocket socket =
        Connect.socket(
            endpoint, name(), uri, Map.of("Authorization", "Token " + endpoint.apiKey()));
    return new DeepgramStream(socket, listener);
  }

  private final class DeepgramStream implements Stream {
    private final CloudSocket socket;
    private final Listener listener;
    private final List<Word> finals = new ArrayList<>();
    private String interim = "";
    private boolean finalized; // Nova: the Finalize result came; Flux: a turn ended
    private long pushedMillis;
    private long utteranceStartMillis;
    private @Nullable String failure;

    DeepgramStream(CloudSocket socket, Listener listener) {
      this.socket = socket;
      this.listener = listener;
    }

    @Override
    public void push(short[] samples, int offset, int length) throws InterruptedException {
      failIfEnded();
      socket.sendBinary(Pcm.littleEndian(samples, offset, length));
      pushedMillis += length / 16;
      drain(null);
    }

    @Override
    public void flush() throws InterruptedException {
      failIfEnded();
      drain(null);
      if (!flux()) {
        finalized = false;
        socket.sendText("{\"type\":\"Finalize\"}");
      }
      // Nova answers Finalize within its round trip. Flux ends a turn only when it judges it over,
      // and its messages trail the audio, so it gets a short grace to end the turn it heard, and
      // then the words so far stand as the turn.
      long waitNanos = flux() ? FLUX_GRACE.toNanos() : endpoint.timeout().toNanos();
      socket.drainUntil(
          () -> (flux() ? turnEnded() : finalized) || failure != null, waitNanos, this::handle);
      List<Word> words = new ArrayList<>(finals);
      if (!interim.isBlank()) { // Flux without its EndOfTurn yet: the latest words are the turn
        words.addAll(Words.spread(interim, utteranceStartMillis, pushedMillis));
      }
      finals.clear();
      interim = "";
      utteranceStartMillis = pushedMillis;
      listener.finalResult(words);
      failIfEnded();
    }

    @Override
    public void close() {
      if (!socket.ended()) {
        try {
          socket.sendText("{\"type\":\"CloseStream\"}");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ProviderException e) {
          // closing anyway
        }
      }
      socket.close();
    }

    private boolean turnEnded() {
      return interim.isBlank() && !finals.isEmpty();
    }

    private void drain(@Nullable Duration firstWait) throws InterruptedException {
      socket.drain(firstWait, this::handle);
    }

    private void handle(CloudSocket.Message message) {
      switch (message) {
        case CloudSocket.Message.Text text -> {
          JsonNode json = Json.parse(name(), text.text());
          if (flux()) {
            onTurnInfo(json);
          } else {
            onResults(json);
          }
        }
        case CloudSocket.Message.Binary ignored -> {}
        case CloudSocket.Message.Closed closed ->
            failure = "the connection closed (" + closed.code() + " " + closed.reason() + ")";
      }
    }

    private void onResults(JsonNode json) {
      if (!"Results".equals(json.path("type").asText())) {
        return; // Metadata, SpeechStarted, UtteranceEnd
      }
      JsonNode alternative = json.path("channel").path("alternatives").path(0);
      if (json.path("is_final").asBoolean()) {
        for (JsonNode word : alternative.path("words")) {
          String said = word.path("punctuated_word").asText(word.path("word").asText());
          finals.add(
              new Word(
                  said,
                  Math.round(word.path("start").asDouble() * 1000),
                  Math.round(word.path("end").asDouble() * 1000)));
        }
        interim = "";
        listener.partial(Words.text(finals));
      } else {
        interim = alternative.path("transcript").asText();
        String sofar = Words.text(finals);
        listener.partial(sofar.isEmpty() ? interim : sofar + " " + interim);
      }
      if (json.path("from_finalize").asBoolean()) {
        finalized = true;
      }
    }

    private void onTurnInfo(JsonNode json) {
      String type = json.path("type").asText();
      if ("Error".equals(type)) {
        failure = json.path("description").asText("an error message");
        return;
      }
      if (!"TurnInfo".equals(type)) {
        return; // Connected
      }
      String event = json.path("event").asText();
      String transcript = json.path("transcript").asText();
      double confidence = json.path("end_of_turn_confidence").asDouble(Double.NaN);
      switch (event) {
        case "EndOfTurn" -> {
          long start = Math.round(json.path("audio_window_start").asDouble() * 1000);
          long end = Math.round(json.path("audio_window_end").asDouble() * 1000);
          finals.addAll(Words.spread(transcript, start, end));
          interim = "";
          finalized = true;
          listener.partial(Words.text(finals));
          listener.endOfTurn(Double.isNaN(confidence) ? 1.0 : confidence);
        }
        case "EagerEndOfTurn" -> {
          interim = transcript;
          listener.partial(transcript);
          listener.endOfTurn(Double.isNaN(confidence) ? 0.5 : confidence);
        }
        default -> { // StartOfTurn, Update, TurnResumed
          interim = transcript;
          if (!transcript.isEmpty()) {
            listener.partial(transcript);
          }
        }
      }
    }

    private void failIfEnded() {
      if (failure != null) {
        throw new ProviderException(Kind.UNAVAILABLE, name() + ": " + failure);
      }
    }
  }
}
