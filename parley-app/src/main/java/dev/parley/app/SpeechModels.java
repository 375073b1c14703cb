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
package dev.parley.app;

import dev.parley.core.s2s.SpeechToSpeech;
import dev.parley.speech.cloud.CloudEndpoint;
import dev.parley.speech.cloud.OpenAiRealtime;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The speech-to-speech models {@code --agent} can name instead of a cascaded agent: {@code
 * openai-realtime:URL#MODEL} (key from {@code OPENAI_API_KEY}). Stateless.
 */
final class SpeechModels {
  /** The forms, for help texts and errors. */
  static final String KNOWN = "openai-realtime:URL#MODEL";

  /**
   * What a speech model is told when the call's own agent gives no words: the same voice rules a
   * cascaded language model gets.
   */
  static final String INSTRUCTIONS =
      "You are a helpful assistant speaking with a caller on a voice call. Answer in one to three"
          + " short spoken sentences. If you need a detail, ask one short question. Use the tools"
          + " you are given to look things up or act; never invent what a tool would tell you.";

  private SpeechModels() {}

  /** Whether {@code spec} names a speech-to-speech model rather than a cascaded agent. */
  static boolean names(String spec) {
    return spec.strip().toLowerCase(Locale.ROOT).startsWith("openai-realtime:");
  }

  /**
   * The model {@code spec} names, keyed from {@code env}.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code spec} or the missing key
   */
  static SpeechToSpeech create(String spec, Map<String, String> env) {
    String s = spec.strip();
    String target = s.substring(s.indexOf(':') + 1);
    int hash = target.lastIndexOf('#');
    if (hash <= 0 || hash == target.length() - 1) {
      throw new IllegalArgumentException(
          "--agent openai-realtime needs an address and a model: openai-realtime:URL#MODEL, for"
              + " example openai-realtime:wss://api.openai.com#gpt-realtime");
    }
    String key = env.getOrDefault(OpenAiRealtime.KEY_VARIABLE, "");
    if (key.isBlank()) {
      throw new IllegalArgumentException(
          "set " + OpenAiRealtime.KEY_VARIABLE + " to use --agent openai-realtime");
    }
    URI base;
    try {
      base = URI.create(baseOf(target.substring(0, hash)));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--agent openai-realtime: bad address: " + e.getMessage());
    }
    if (base.getScheme() == null || base.getHost() == null) {
      throw new IllegalArgumentException(
          "--agent openai-realtime: the address needs a scheme and a host (wss://HOST)");
    }
    CloudEndpoint endpoint =
        new CloudEndpoint(
            base, key, Duration.ofSeconds(5), 3, dev.parley.core.clock.Sleeper.system());
    return new OpenAiRealtime(endpoint, target.substring(hash + 1), "alloy");
  }

  /**
   * The service's base address: the adapter adds {@code /v1/realtime}, so an address given with
   * that path (as OpenAI's documentation writes it) is cut back to its base.
   */
  private static String baseOf(String url) {
    String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    for (String suffix : new String[] {"/v1/realtime", "/v1"}) {
      if (u.endsWith(suffix)) {
        return u.substring(0, u.length() - suffix.length());
      }
    }
    return u;
  }
}
