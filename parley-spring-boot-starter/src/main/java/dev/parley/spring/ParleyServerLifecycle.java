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

import dev.parley.embed.Parley;
import dev.parley.server.ParleyServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Parley's server as a Spring lifecycle bean: it starts once the context is refreshed and, when the
 * application shuts down, drains: readiness goes false at once (so the health contributor and a
 * load balancer see it), calls get the drain grace to finish, then the server stops. Its phase puts
 * it after the application's web server on start and before it on stop, so Actuator reports the
 * drain while it happens.
 *
 * <p>Thread-safe: Spring calls start and stop on its own threads; the drain runs on a virtual
 * thread and tells Spring when it is done.
 */
public final class ParleyServerLifecycle implements SmartLifecycle {
  /** Just before the web server's graceful shutdown (DEFAULT_PHASE - 1024) on the way down. */
  public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ParleyServerLifecycle.class);

  private final Parley parley;
  private volatile @Nullable ParleyServer server;

  public ParleyServerLifecycle(Parley parley) {
    this.parley = parley;
  }

  @Override
  public synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      ParleyServer started = parley.serve();
      server = started;
      LOG.info(
          "Parley serving calls on {} (/ws, /twilio, /telnyx; version {})",
          started.uri(),
          Parley.version());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Parley cannot listen on "
              + parley.serverConfig().bind()
              + ":"
              + parley.serverConfig().port()
              + " (parley.server.port): "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void stop() {
    ParleyServer s = server;
    if (s != null) {
      drainThenClose(s);
    }
  }

  @Override
  public void stop(Runnable callback) {
    ParleyServer s = server;
    if (s == null) {
      callback.run();
      return;
    }
    Thread.ofVirtual()
        .name("parley-drain")
        .start(
            () -> {
              try {
                drainThenClose(s);
              } finally {
                callback.run();
              }
            });
  }

  private void drainThenClose(ParleyServer s) {
    s.drain();
    Duration grace = parley.serverConfig().drainGrace();
    try {
      if (!s.host().awaitIdle(grace.plusSeconds(1))) {
        LOG.warn(
            "Parley: {} calls still active after the drain grace ({}); ending them",
            s.host().active(),
            grace);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      s.close();
      server = null;
    }
  }

  @Override
  public boolean isRunning() {
    return server != null;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The running server, empty before start and after stop. */
  public Optional<ParleyServer> server() {
    return Optional.ofNullable(server);
  }
}
