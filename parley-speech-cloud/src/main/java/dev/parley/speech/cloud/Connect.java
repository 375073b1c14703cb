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
