package dev.parley.spring;

import dev.parley.server.ParleyServer;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Parley in Actuator's health endpoint (as the {@code parley} component): {@code UP} while the
 * server admits calls, {@code OUT_OF_SERVICE} while it drains, {@code DOWN} when it is not running;
 * with the port and the calls running now. Thread-safe.
 */
public final class ParleyHealthIndicator implements HealthIndicator {
  private final ParleyServerLifecycle lifecycle;

  public ParleyHealthIndicator(ParleyServerLifecycle lifecycle) {
    this.lifecycle = lifecycle;
  }

  @Override
  public Health health() {
    Optional<ParleyServer> running = lifecycle.server();
    if (running.isEmpty()) {
      return Health.down().withDetail("reason", "the Parley server is not running").build();
    }
    ParleyServer server = running.get();
    Health.Builder health = server.host().ready() ? Health.up() : Health.outOfService();
    return health
        .withDetail("port", server.port())
        .withDetail("activeCalls", server.host().active())
        .build();
  }
}
