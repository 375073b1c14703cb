package dev.parley.speech.cloud;

import dev.parley.core.spi.ProviderException.Kind;

/** HTTP status codes as Parley's failure kinds, the same for every provider. */
final class Http {
  private Http() {}

  static Kind kindOf(int status) {
    if (status == 401 || status == 403) {
      return Kind.FATAL; // a wrong or revoked key: no retry or other stream will fix it
    }
    if (status == 408 || status == 429) {
      return Kind.TRANSIENT;
    }
    if (status >= 400 && status < 500) {
      return Kind.REJECTED;
    }
    return Kind.UNAVAILABLE;
  }
}
