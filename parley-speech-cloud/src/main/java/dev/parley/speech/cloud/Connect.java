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

import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import java.net.URI;
import java.util.Map;

/** Opens a provider's socket with retries from a method that may not throw InterruptedException. */
final class Connect {
  private Connect() {}

  static CloudSocket socket(
      CloudEndpoint endpoint, String provider, URI uri, Map<String, String> headers) {
    try {
      return endpoint.withRetries(
          () -> CloudSocket.connect(endpoint.client(), provider, uri, headers, endpoint.timeout()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the session cancelled; keep the flag for its worker
      throw new ProviderException(Kind.TRANSIENT, provider + ": cancelled while connecting", e);
    }
  }
}
