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

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechSynthesizer;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * OpenAI's speech endpoint ({@code POST /v1/audio/speech}, {@code response_format: pcm}: 24 kHz
 * PCM16) as a streaming voice: text is spoken a sentence at a time, each sentence's audio delivered
 * as it streams in, so the first sentence plays while the model writes the next. A sentence whose
 * request fails before any audio is tried again; one cut after its first audio is not (it cannot be
 * unsaid). Any OpenAI-compatible server with that endpoint works.
 */
public final class OpenAiVoice implements SpeechSynthesizer {
  /** OpenAI's public address. */
  public static final String DEFAULT_URI = "https://api.openai.com";

  /** The environment variable holding the key. */
  public static final String KEY_VARIABLE = "OPENAI_API_KEY";

  private static final int READ_BYTES = 4800; // 100 ms at 24 kHz

  private final CloudEndpoint endpoint;
  private final String model;
  private final String voice;

  public OpenAiVoice(CloudEndpoint endpoint, String model, String voice) {
    this.endpoint = endpoint;
    this.model = model;
    this.voice = voice;
  }

  /** OpenAI with the key from {@value #KEY_VARIABLE}. */
  public static OpenAiVoice fromEnvironment(String voice) {
    return new OpenAiVoice(
        CloudEndpoint.fromEnvironment(DEFAULT_URI, KEY_VARIABLE), "gpt-4o-mini-tts", voice);
  }

  @Override
  public String name() {
    return "openai-" + model;
  }

  @Override
  public int sampleRate() {
    return 24_000;
  }

  @Override
  public Stream open(Listener listener) {
    return new SentenceStream(listener);
  }

  private final class SentenceStream implements Stream {
    private final Listener listener;
    private final StringBuilder held = new StringBuilder();

    SentenceStream(Listener listener) {
      this.listener = listener;
    }

    @Override
    public void push(String text) throws InterruptedException {
      held.append(text);
      int end = lastSentenceEnd(held);
      if (end > 0) {
        String sentence = held.substring(0, end);
        held.delete(0, end);
        speak(sentence.trim());
      }
    }

    @Override
    public void flush() throws InterruptedException {
      String rest = held.toString().trim();
      held.setLength(0);
      if (!rest.isEmpty()) {
        speak(rest);
      }
    }

    @Override
    public void close() {
      held.setLength(0);
    }

    private void speak(String sentence) throws InterruptedException {
      if (sentence.isEmpty()) {
        return;
      }
      ObjectNode body = Json.object();
      body.put("model", model).put("voice", voice).put("input", sentence);
      body.put("response_format", "pcm");
      HttpRequest request =
          HttpRequest.newBuilder(endpoint.resolve("/v1/audio/speech"))
              .timeout(endpoint.timeout())
              .header("Authorization", "Bearer " + endpoint.apiKey())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
              .build();
      InputStream audio = endpoint.withRetries(() -> open(request));
      try (audio) {
        listener.text(sentence + " ");
        byte[] buffer = new byte[READ_BYTES];
        int carried = 0;
        int n;
        while ((n = audio.read(buffer, carried, buffer.length - carried)) > 0) {
          int whole = (carried + n) & ~1; // an odd byte waits for its other half
          short[] pcm = Pcm.samples(java.util.Arrays.copyOf(buffer, whole));
          listener.audio(pcm, 0, pcm.length);
          carried = carried + n - whole;
          if (carried > 0) {
            buffer[0] = buffer[whole];
          }
          if (Thread.interrupted()) {
            throw new InterruptedException();
          }
        }
      } catch (IOException e) {
        throw CloudSocket.failure(name(), "reading speech", e);
      }
    }

    private InputStream open(HttpRequest request) throws InterruptedException {
      HttpResponse<InputStream> response;
      try {
        response = endpoint.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw CloudSocket.failure(name(), "requesting speech", e);
      }
      if (response.statusCode() != 200) {
        String detail;
        try (InputStream in = response.body()) {
          detail = new String(in.readNBytes(300), StandardCharsets.UTF_8);
        } catch (IOException e) {
          detail = "";
        }
        throw new ProviderException(
            Http.kindOf(response.statusCode()),
            name() + ": HTTP " + response.statusCode() + ": " + Json.abbreviate(detail));
      }
      return response.body();
    }
  }

  /** The index just past the last sentence end followed by a space, or 0 if none yet. */
  static int lastSentenceEnd(CharSequence text) {
    for (int i = text.length() - 2; i >= 0; i--) {
      char c = text.charAt(i);
      if ((c == '.' || c == '!' || c == '?') && Character.isWhitespace(text.charAt(i + 1))) {
        return i + 1;
      }
    }
    return 0;
  }
}
