package dev.parley.core.speech;

import dev.parley.core.spi.ProviderException;

/** Told when a fallback chain leaves a failed provider for the next one. Must be quick. */
@FunctionalInterface
public interface Failover {
  /**
   * @param from the provider that failed
   * @param to the provider that takes over
   * @param cause how {@code from} failed
   */
  void switched(String from, String to, ProviderException cause);

  /** Ignores switches. */
  static Failover ignore() {
    return (from, to, cause) -> {};
  }
}
