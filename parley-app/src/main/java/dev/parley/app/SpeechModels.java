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
import dev.parley.speech.cloud.GeminiLive;
import dev.parley.speech.cloud.MoshiServer;
import dev.parley.speech.cloud.OpenAiRealtime;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The speech-to-speech models {@code --agent} can name instead of a cascaded agent: {@code
 * openai-realtime:URL#MODEL} (key from {@code OPENAI_API_KEY}), {@code gemini-live:URL#MODEL} (key
 * from {@code GEMINI_API_KEY}) and {@code moshi:URL} (a self-hosted Moshi-style server, no key).
 * Stateless.
 */
final class SpeechModels {
  /** The forms, for help texts and errors. */
  static final String KNOWN = "openai-realtime:URL#MODEL, gemini-live:URL#MODEL, moshi:URL";

  /**
   * What a speech model is told when the call's own agent gives no words: the same voice rules a
   * cascaded language model gets.
   */
  static final String INSTRUCTIONS =
      "You are a helpful assistant speaking with a caller on a voice call. Answer in one to three"
          + " short spoken sentences. If you need a detail, ask one short question. Use the tools"
          + " you are given to look things up or act; never invent what a tool would tell you.";

  private static final List<String> KINDS = List.of("openai-realtime", "gemini-live", "moshi");

  private SpeechModels() {}

  /** Whether {@code spec} names a speech-to-speech model rather than a cascaded agent. */
  static boolean names(String spec) {
    String s = spec.strip().toLowerCase(Locale.ROOT);
    return KINDS.stream().anyMatch(kind -> s.startsWith(kind + ":"));
  }

  /**
   * The model {@code spec} names, keyed from {@code env}.
   *
   * @throws IllegalArgumentException naming what is wrong with {@code spec} or the missing key
   */
  static SpeechToSpeech create(String spec, Map<String, String> env) {
    String s = spec.strip();
    String kind = s.substring(0, s.indexOf(':')).toLowerCase(Locale.ROOT);
    String target = s.substring(s.indexOf(':') + 1);
    if (kind.equals("moshi")) {
      URI uri =
          address(kind, target.endsWith("/") ? target.substring(0, target.length() - 1) : target);
      if (uri.getPath() == null || uri.getPath().isEmpty()) {
        uri = uri.resolve("/api/chat"); // the moshi server's chat socket
      }
      return new MoshiServer(uri, Duration.ofSeconds(10));
    }
    int hash = target.lastIndexOf('#');
    if (hash <= 0 || hash == target.length() - 1) {
      throw new IllegalArgumentException(
          "--agent "
              + kind
              + " needs an address and a model: "
              + kind
              + ":URL#MODEL, for example "
              + (kind.equals("gemini-live")
                  ? "gemini-live:wss://generativelanguage.googleapis.com#gemini-live-2.5-flash-preview"
                  : "openai-realtime:wss://api.openai.com#gpt-realtime"));
    }
    String variable =
        kind.equals("gemini-live") ? GeminiLive.KEY_VARIABLE : OpenAiRealtime.KEY_VARIABLE;
    String key = env.getOrDefault(variable, "");
    if (key.isBlank()) {
      throw new IllegalArgumentException("set " + variable + " to use --agent " + kind);
    }
    String url = target.substring(0, hash);
    URI base = address(kind, kind.equals("gemini-live") ? geminiBaseOf(url) : baseOf(url));
    CloudEndpoint endpoint =
        new CloudEndpoint(
            base, key, Duration.ofSeconds(5), 3, dev.parley.core.clock.Sleeper.system());
    String model = target.substring(hash + 1);
    return kind.equals("gemini-live")
        ? new GeminiLive(endpoint, model, "Puck")
        : new OpenAiRealtime(endpoint, model, "alloy");
  }

  private static URI address(String kind, String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--agent " + kind + ": bad address: " + e.getMessage());
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "--agent " + kind + ": the address needs a scheme and a host (wss://HOST)");
    }
    return uri;
  }

  /** Gemini's documented address ends in the service's long path; the adapter adds it. */
  private static String geminiBaseOf(String url) {
    int path = url.indexOf("/ws/");
    String u = path > 0 ? url.substring(0, path) : url;
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
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
