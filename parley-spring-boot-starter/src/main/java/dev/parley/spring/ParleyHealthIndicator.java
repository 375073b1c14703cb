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
