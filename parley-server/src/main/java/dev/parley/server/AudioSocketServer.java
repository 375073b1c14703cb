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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Asterisk AudioSocket listener: a TCP server socket whose accept loop runs on one virtual
 * thread and hands each connection to an {@link AudioSocketConnection} on a virtual thread of its
 * own (see {@code docs/audiosocket.md} for the protocol as Parley speaks it).
 *
 * <pre>
 *  accept loop ─▶ AudioSocketConnection (reader thread) ─▶ UUID ─▶ CallHost.reserve ─▶ Call
 *                                          Call writer thread (paced) ─▶ Peer: slin frames, hang-up
 * </pre>
 *
 * <p>Connections are bounded: beyond {@code maxSessions + }{@value #PENDING_CONNECTIONS} open
 * connections a new one is closed at once and counted as a rejection, so a flood of idle sockets
 * cannot grow the thread count or memory without limit. Thread-safe.
 */
final class AudioSocketServer implements AutoCloseable {
  /** Connections beyond the session maximum that may be in their handshake at once. */
  static final int PENDING_CONNECTIONS = 64;

  private static final Logger LOG = LoggerFactory.getLogger(AudioSocketServer.class);

  /**
   * How long a connection may take to send its UUID, go without sending anything during a call, or
   * spend blocked in one write before it is closed.
   */
  record Timeouts(Duration uuid, Duration idle, Duration write) {
    static Timeouts defaults() {
      return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(10));
    }
  }

  private final ServerSocket listener;
  private final CallHost host;
  private final MediaClock clock;
  private final @Nullable Pacer pacer;
  private final Timeouts timeouts;
  private final int maxConnections;
  private final PeerFilter peers;
  private final Set<AudioSocketConnection> connections = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread acceptor;
  private volatile boolean closed;

  private AudioSocketServer(
      ServerSocket listener, CallHost host, MediaClock clock, Timeouts timeouts) {
    this.listener = listener;
    this.host = host;
    this.clock = clock;
    // The accept loop backs off in real time; on a virtual clock (offline) it does not wait.
    this.pacer = clock == MediaClock.system() ? new Pacer(clock) : null;
    this.timeouts = timeouts;
    this.maxConnections = host.config().maxSessions() + PENDING_CONNECTIONS;
    this.peers = new PeerFilter(host.config().audioSocketAllow());
    this.acceptor = Thread.ofVirtual().name("audiosocket-accept").unstarted(this::acceptLoop);
  }

  /** Listens on {@code bind}:{@code port} (0 picks a free port) and starts accepting. */
  static AudioSocketServer start(
      String bind, int port, CallHost host, MediaClock clock, Timeouts timeouts)
      throws IOException {
    ServerSocket listener = new ServerSocket();
    try {
      listener.setReuseAddress(true);
      listener.bind(new InetSocketAddress(InetAddress.getByName(bind), port), 128);
    } catch (IOException e) {
      listener.close();
      throw new IOException(
          "cannot listen for AudioSocket on " + bind + ":" + port + ": " + e.getMessage(), e);
    }
    AudioSocketServer server = new AudioSocketServer(listener, host, clock, timeouts);
    server.acceptor.start();
    return server;
  }

  /** The TCP port the listener is bound to. */
  int port() {
    return listener.getLocalPort();
  }

  /** Connections open now, in their handshake or in a call. */
  int openConnections() {
    return connections.size();
  }

  /** Waits until no connection is open; true if that happened within {@code timeout}. */
  boolean awaitNoConnections(Duration timeout) throws InterruptedException {
    long deadline = clock.nanos() + timeout.toNanos();
    lock.lock();
    try {
      while (!connections.isEmpty()) {
        long left = deadline - clock.nanos();
        if (left <= 0) {
          return false;
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void closed(AudioSocketConnection connection) {
    connections.remove(connection);
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        if (closed || listener.isClosed()) {
          return;
        }
        // Out of file descriptors, most likely: let connections finish before the next accept.
        pause();
        continue;
      }
      if (!peers.allows(socket.getInetAddress())) {
        host.refuse(
            CallHost.Refusal.FORBIDDEN,
            "peer not on the AudioSocket allow-list",
            AudioSocketConnection.TRANSPORT,
            String.valueOf(socket.getRemoteSocketAddress()));
        AudioSocketConnection.closeQuietly(socket);
        continue;
      }
      if (connections.size() >= maxConnections) {
        host.refuse(
            CallHost.Refusal.CAPACITY,
            "too many AudioSocket connections open",
            AudioSocketConnection.TRANSPORT,
            String.valueOf(socket.getRemoteSocketAddress()));
        AudioSocketConnection.closeQuietly(socket);
        continue;
      }
      AudioSocketConnection connection =
          new AudioSocketConnection(socket, host, clock, timeouts, this::closed);
      connections.add(connection);
      if (closed) {
        connection.abort();
        closed(connection);
        return;
      }
      Thread.ofVirtual().name("audiosocket-" + accepted.incrementAndGet()).start(connection::run);
    }
  }

  private void pause() {
    Pacer p = pacer;
    if (p == null) {
      return;
    }
    try {
      p.awaitUntil(clock.nanos() + 50_000_000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Stops accepting and closes every connection still open. Calls should have been ended first
   * ({@link CallHost#drainNow()}), so that each had its hang-up; what remains is cut.
   */
  @Override
  public void close() {
    closed = true;
    try {
      listener.close();
    } catch (IOException e) {
      LOG.debug("closing the AudioSocket listener", e);
    }
    for (AudioSocketConnection c : connections) {
      c.abort();
    }
    try {
      acceptor.join(Duration.ofSeconds(1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
