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
import dev.parley.core.spi.SpeechRecognizer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * OpenAI's transcription endpoint ({@code POST /v1/audio/transcriptions}) as a recogniser of whole
 * utterances: audio is kept until {@code flush}, then sent as a WAV with {@code stream=true}, and
 * the streamed {@code transcript.text.delta} events become partials and {@code
 * transcript.text.done} the final words (spread over the utterance: the service gives no word
 * times). Phrase hints go in the {@code prompt}. Any OpenAI-compatible server with that endpoint
 * works.
 */
public final class OpenAiTranscriber implements SpeechRecognizer {
  /** OpenAI's public address. */
  public static final String DEFAULT_URI = "https://api.openai.com";

  /** The environment variable holding the key. */
  public static final String KEY_VARIABLE = "OPENAI_API_KEY";

  private static final int MAX_SAMPLES = 16_000 * 120; // two minutes: the longest utterance kept
  private static final int MIN_SAMPLES = 16_000 / 10; // under 100 ms is not worth a request

  private final CloudEndpoint endpoint;
  private final String model;

  public OpenAiTranscriber(CloudEndpoint endpoint, String model) {
    this.endpoint = endpoint;
    this.model = model;
  }

  /** OpenAI with the key from {@value #KEY_VARIABLE}. */
  public static OpenAiTranscriber fromEnvironment(String model) {
    return new OpenAiTranscriber(CloudEndpoint.fromEnvironment(DEFAULT_URI, KEY_VARIABLE), model);
  }

  @Override
  public String name() {
    return "openai-" + model;
  }

  @Override
  public Stream open(Options options, Listener listener) {
    return new UtteranceStream(options, listener);
  }

  private final class UtteranceStream implements Stream {
    private final Options options;
    private final Listener listener;
    private short[] audio = new short[16_000 * 4];
    private int length;
    private long utteranceStartMillis;
    private long pushedMillis;

    UtteranceStream(Options options, Listener listener) {
      this.options = options;
      this.listener = listener;
    }

    @Override
    public void push(short[] samples, int offset, int count) {
      int room = MAX_SAMPLES - length;
      int n = Math.min(count, room);
      if (length + n > audio.length) {
        audio = Arrays.copyOf(audio, Math.min(MAX_SAMPLES, Math.max(length + n, audio.length * 2)));
      }
      System.arraycopy(samples, offset, audio, length, n);
      length += n;
      pushedMillis += count / 16;
    }

    @Override
    public void flush() throws InterruptedException {
      long start = utteranceStartMillis;
      utteranceStartMillis = pushedMillis;
      if (length < MIN_SAMPLES) {
        length = 0;
        listener.finalResult(List.of());
        return;
      }
      byte[] wav = wav(audio, length);
      length = 0;
      String text = endpoint.withRetries(() -> transcribe(wav));
      listener.finalResult(Words.spread(text, start, pushedMillis));
    }

    @Override
    public void close() {
      length = 0;
    }

    private String transcribe(byte[] wav) throws InterruptedException {
      String boundary = "parley" + Long.toHexString(Double.doubleToLongBits(Math.random()));
      Multipart body = new Multipart(boundary);
      body.field("model", model);
      body.field("stream", "true");
      body.field("language", options.language().split("-")[0]);
      if (!options.phraseHints().isEmpty()) {
        body.field("prompt", String.join(", ", options.phraseHints()));
      }
      body.file("file", "utterance.wav", "audio/wav", wav);
      HttpRequest request =
          HttpRequest.newBuilder(endpoint.resolve("/v1/audio/transcriptions"))
              .timeout(endpoint.timeout())
              .header("Authorization", "Bearer " + endpoint.apiKey())
              .header("Content-Type", "multipart/form-data; boundary=" + boundary)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
              .build();
      HttpResponse<InputStream> response;
      try {
        response = endpoint.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw CloudSocket.failure(name(), "transcribing", e);
      }
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          String detail = new String(in.readNBytes(300), StandardCharsets.UTF_8);
          throw new ProviderException(
              Http.kindOf(response.statusCode()),
              name() + ": HTTP " + response.statusCode() + ": " + Json.abbreviate(detail));
        }
        return readEvents(in);
      } catch (IOException e) {
        throw CloudSocket.failure(name(), "reading the transcription", e);
      }
    }

    /** Reads the server-sent events: deltas as partials, the done event's text as the answer. */
    private String readEvents(InputStream in) throws IOException {
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      StringBuilder sofar = new StringBuilder();
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.startsWith("data:")) {
          continue;
        }
        String data = line.substring(5).trim();
        if (data.equals("[DONE]")) {
          break;
        }
        JsonNode event = Json.parse(name(), data);
        switch (event.path("type").asText()) {
          case "transcript.text.delta" -> {
            sofar.append(event.path("delta").asText());
            listener.partial(sofar.toString().trim());
          }
          case "transcript.text.done" -> {
            return event.path("text").asText().trim();
          }
          default -> {}
        }
      }
      return sofar.toString().trim(); // a stream that ended without its done event
    }
  }

  static byte[] wav(short[] samples, int length) {
    ByteBuffer out = ByteBuffer.allocate(44 + length * 2).order(ByteOrder.LITTLE_ENDIAN);
    out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + length * 2);
    out.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    out.putShort((short) 1).putShort((short) 1).putInt(16_000).putInt(32_000);
    out.putShort((short) 2).putShort((short) 16);
    out.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(length * 2);
    for (int i = 0; i < length; i++) {
      out.putShort(samples[i]);
    }
    return out.array();
  }

  /** A multipart/form-data body. */
  private static final class Multipart {
    private final String boundary;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Multipart(String boundary) {
      this.boundary = boundary;
    }

    void field(String name, String value) {
      write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
      write(value + "\r\n");
    }

    void file(String name, String filename, String type, byte[] content) {
      write(
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\""
              + name
              + "\"; filename=\""
              + filename
              + "\"\r\nContent-Type: "
              + type
              + "\r\n\r\n");
      out.writeBytes(content);
      write("\r\n");
    }

    byte[] bytes() {
      write("--" + boundary + "--\r\n");
      return out.toByteArray();
    }

    private void write(String text) {
      out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
