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
package dev.parley.agent.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import java.io.IOException;
import java.util.Locale;

/**
 * What a server's error means for the call: the {@link Kind} of an HTTP status or an error object,
 * and the message to report, taken from the OpenAI error shape {@code {"error": {"message", "type",
 * "code"}}} when the body has it. Stateless.
 */
final class ServerErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ServerErrors() {}

  /** Whether a response with {@code status} is worth trying again. */
  static boolean retryable(int status) {
    return status == 408 || status == 409 || status == 429 || status >= 500;
  }

  /**
   * The failure for an HTTP error response: 429 and 408 are transient, 5xx and 404 (no such model
   * or path) mean the service is unavailable, 401 and 403 are fatal (the key is wrong, and no retry
   * or later call will fix it), and any other 4xx is a rejected request.
   */
  static ProviderException http(int status, String body, String endpoint) {
    String detail = message(body);
    String what = "HTTP " + status + " from " + endpoint + (detail.isEmpty() ? "" : ": " + detail);
    Kind kind =
        switch (status) {
          case 408, 409, 429 -> Kind.TRANSIENT;
          case 401, 403 -> Kind.FATAL;
          case 404 -> Kind.UNAVAILABLE;
          default -> status >= 500 ? Kind.UNAVAILABLE : Kind.REJECTED;
        };
    String hint =
        switch (status) {
          case 401, 403 -> " (check the API key)";
          case 404 -> " (check the base URL and the model name)";
          case 429 -> " (rate limited)";
          default -> "";
        };
    return new ProviderException(kind, what + hint);
  }

  /** The failure for an error object sent inside the event stream. */
  static ProviderException inStream(JsonNode chunk) {
    JsonNode error = chunk.path("error");
    String message = text(error);
    JsonNode codeNode = error.path("code");
    int status = codeNode.isNumber() ? codeNode.asInt() : codeNode.asInt(0);
    String names =
        (codeNode.asText("") + " " + error.path("type").asText("")).toLowerCase(Locale.ROOT);
    Kind kind;
    if (status == 429 || names.contains("rate_limit")) {
      kind = Kind.TRANSIENT;
    } else if (status >= 500 || names.contains("server_error") || names.contains("overloaded")) {
      kind = Kind.UNAVAILABLE;
    } else {
      kind = Kind.REJECTED;
    }
    return new ProviderException(
        kind, "the server reported an error mid-stream: " + ChunkStream.quote(message));
  }

  /** The human part of an error body, or the body itself cut short if it has no known shape. */
  static String message(String body) {
    if (body.isBlank()) {
      return "";
    }
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null && root.has("error")) {
        return text(root.get("error"));
      }
      if (root != null && root.has("message")) {
        return root.get("message").asText();
      }
    } catch (IOException e) {
      // not JSON: an HTML page from a proxy, say; quote it
    }
    return ChunkStream.quote(body.strip());
  }

  private static String text(JsonNode error) {
    if (error.isTextual()) {
      return error.asText();
    }
    String message = error.path("message").asText("");
    return message.isEmpty() ? ChunkStream.quote(error.toString()) : message;
  }
}
