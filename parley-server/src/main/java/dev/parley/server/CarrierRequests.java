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
package dev.parley.server;

import dev.parley.core.spi.ProviderException;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Sends one carrier REST request and turns its failure into a {@link ProviderException}. */
final class CarrierRequests {
  private CarrierRequests() {}

  /**
   * Sends {@code request}; returns on a 2xx answer.
   *
   * @throws ProviderException {@code REJECTED} for a 4xx (bad credentials, an ended call, a bad
   *     target), {@code TRANSIENT} for a 5xx or 429, {@code UNAVAILABLE} when unreachable
   */
  static void send(HttpClient http, HttpRequest request, String carrier, String what)
      throws InterruptedException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          carrier + " could not be reached to " + what + ": " + e.getMessage(),
          e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    ProviderException.Kind kind =
        status == 429 || status >= 500
            ? ProviderException.Kind.TRANSIENT
            : ProviderException.Kind.REJECTED;
    throw new ProviderException(
        kind,
        carrier
            + " refused to "
            + what
            + " (HTTP "
            + status
            + "): "
            + BrowserSocket.brief(response.body()));
  }

  /** {@code text} as a URL path segment or form value. */
  static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
