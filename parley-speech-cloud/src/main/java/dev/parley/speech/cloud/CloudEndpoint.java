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

import dev.parley.core.clock.Sleeper;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

/**
 * Where a cloud provider is and how to talk to it: base address, key, per-operation time limit and
 * connection retries. Immutable and thread-safe; one endpoint serves every call of a process.
 *
 * @param baseUri the service's address, such as {@code wss://api.deepgram.com}; tests point it at a
 *     loopback fake
 * @param apiKey the key, sent the way the provider documents (never in logs)
 * @param timeout the longest one operation may take: connecting, a send, a final result
 * @param maxAttempts connection attempts before giving up (transient and unavailable failures only)
 * @param sleeper waits between attempts (injected so tests do not sit through backoff)
 */
public record CloudEndpoint(
    URI baseUri, String apiKey, Duration timeout, int maxAttempts, Sleeper sleeper) {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public CloudEndpoint {
    if (apiKey.isBlank()) {
      throw new IllegalArgumentException("the API key is empty");
    }
    if (!timeout.isPositive() || maxAttempts < 1) {
      throw new IllegalArgumentException("timeout must be positive and maxAttempts at least 1");
    }
  }

  /**
   * The provider's public address with the key from an environment variable, a 5 s time limit and
   * three attempts.
   *
   * @throws IllegalStateException naming the variable when it is not set
   */
  public static CloudEndpoint fromEnvironment(String baseUri, String keyVariable) {
    return fromEnvironment(baseUri, keyVariable, System.getenv());
  }

  static CloudEndpoint fromEnvironment(
      String baseUri, String keyVariable, Map<String, String> env) {
    String key = env.getOrDefault(keyVariable, "");
    if (key.isBlank()) {
      throw new IllegalStateException(
          "set " + keyVariable + " to use " + URI.create(baseUri).getHost());
    }
    return new CloudEndpoint(URI.create(baseUri), key, Duration.ofSeconds(5), 3, Sleeper.system());
  }

  /** The same endpoint at another address (a fake, a regional host, a proxy). */
  public CloudEndpoint at(URI uri) {
    return new CloudEndpoint(uri, apiKey, timeout, maxAttempts, sleeper);
  }

  /** The same endpoint with another sleeper between attempts. */
  public CloudEndpoint sleepingWith(Sleeper other) {
    return new CloudEndpoint(baseUri, apiKey, timeout, maxAttempts, other);
  }

  HttpClient client() {
    return CLIENT;
  }

  URI resolve(String pathAndQuery) {
    String base = baseUri.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + pathAndQuery);
  }

  /** Something that may fail with a provider failure worth trying again. */
  interface Attempt<T> {
    T run() throws InterruptedException;
  }

  /**
   * Runs {@code attempt}, trying again after 200, 400, 800 ms ... while it fails transiently or the
   * service is unavailable; a refusal (fatal, rejected) is thrown at once.
   */
  <T> T withRetries(Attempt<T> attempt) throws InterruptedException {
    Duration backoff = Duration.ofMillis(200);
    for (int tried = 1; ; tried++) {
      try {
        return attempt.run();
      } catch (ProviderException e) {
        if (tried >= maxAttempts || e.kind() == Kind.FATAL || e.kind() == Kind.REJECTED) {
          throw e;
        }
        sleeper.sleep(backoff);
        backoff = backoff.multipliedBy(2);
      }
    }
  }
}
