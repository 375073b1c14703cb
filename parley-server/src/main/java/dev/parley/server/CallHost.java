package dev.parley.server;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.WallClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.log.CallMdc;
import dev.parley.core.session.Components;
import dev.parley.core.session.LiveSession;
import dev.parley.core.session.SessionConfig;
import io.opentelemetry.api.trace.Tracer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Admits calls and runs them: the server's one place for admission control and graceful drain.
 *
 * <p>A transport first {@linkplain #reserve() reserves} a slot (refused over the maximum or while
 * draining, counted in {@code parley_sessions_rejected_total}), then starts the call on it; the
 * slot is released when the call's connection is closed. A {@linkplain #drain() drain} makes the
 * server not ready at once, admits no one, lets active calls go on for the grace period and then
 * ends them politely (close code 1001). Thread-safe.
 */
public final class CallHost {
  /** A reserved place for one call; release it if the call never starts. */
  public final class Slot {
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot() {}

    /** Starts the call on this slot, its session on a loop of its own. */
    public Call start(String transport, Call.Peer peer) {
      return start(transport, peer, Map.of());
    }

    /**
     * Starts the call on this slot, its session on a loop of its own; {@code carrierIds} (Twilio's
     * {@code callSid}, an AudioSocket UUID) go into its log lines and spans.
     */
    public Call start(String transport, Call.Peer peer, Map<String, String> carrierIds) {
      String id = UUID.randomUUID().toString();
      // Every thread the call starts from here carries its id in the MDC (CallMdc.carry).
      try (CallMdc.Scope scope = CallMdc.enter(CallMdc.context(id, transport, carrierIds))) {
        CallObservers observers =
            new CallObservers(
                id,
                transport,
                carrierIds,
                components,
                metrics.voice(),
                tracer,
                recordings,
                clock,
                wallClock);
        Call call =
            new Call(
                id,
                transport,
                peer,
                config.outboundFrames(),
                metrics,
                () -> {
                  calls.remove(id);
                  release();
                });
        CallRecording recording = observers.recording();
        if (recording != null) {
          call.recordTo(recording);
        }
        calls.put(id, call);
        LiveSession session =
            LiveSession.start(
                transport + "-" + id.substring(0, 8),
                clock,
                observers.components(),
                sessionConfig,
                call.listener(
                    event -> {
                      observers.accept(event);
                      fanOut(id, event);
                    }),
                call.output(),
                metrics::frameDelay);
        call.attach(session);
        if (draining.get()) {
          call.end("server draining", CloseCodes.GOING_AWAY);
        }
        return call;
      }
    }

    /** Gives the slot back; idempotent. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        active.decrementAndGet();
        lock.lock();
        try {
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** Someone who watches every call's events (the per-session event stream). */
  public interface Watcher {
    void event(String callId, SessionEvent event);
  }

  private final ServerConfig config;
  private final Components components;
  private final SessionConfig sessionConfig;
  private final MediaClock clock;
  private final WallClock wallClock;
  private final ServerMetrics metrics;
  private final Tracer tracer;
  private final @Nullable Recordings recordings;
  private final AtomicInteger active = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final ConcurrentHashMap<String, Call> calls = new ConcurrentHashMap<>();
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  /** A host for calls built from shared {@code components}, observed by {@code /metrics} only. */
  public CallHost(
      ServerConfig config,
      Components components,
      SessionConfig sessionConfig,
      MediaClock clock,
      Consumer<ServerMetrics> meters) {
    this(
        config,
        components,
        sessionConfig,
        clock,
        WallClock.system(),
        Observability.defaults(),
        meters);
  }

  /**
   * A host for calls built from shared {@code components}, observed as {@code observability} says
   * (recordings: their directory is created now).
   */
  public CallHost(
      ServerConfig config,
      Components components,
      SessionConfig sessionConfig,
      MediaClock clock,
      WallClock wallClock,
      Observability observability,
      Consumer<ServerMetrics> meters) {
    this.config = config;
    this.components = components;
    this.sessionConfig = sessionConfig;
    this.clock = clock;
    this.wallClock = wallClock;
    this.metrics = new ServerMetrics(active::get, observability.meterRegistry());
    this.tracer = observability.openTelemetry().getTracer("dev.parley.server");
    Recordings.Policy policy = observability.recordings();
    try {
      this.recordings = policy == null ? null : new Recordings(policy, clock, wallClock);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot record calls in " + java.util.Objects.requireNonNull(policy).dir(), e);
    }
    meters.accept(metrics);
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  ServerConfig config() {
    return config;
  }

  /** A slot for a new call, or empty (counted as a rejection) when full or draining. */
  public Optional<Slot> reserve() {
    while (true) {
      int now = active.get();
      if (draining.get() || now >= config.maxSessions()) {
        metrics.rejected();
        return Optional.empty();
      }
      if (active.compareAndSet(now, now + 1)) {
        return Optional.of(new Slot());
      }
    }
  }

  /** Counts a session refused before reserving a slot (a bad token, a foreign origin). */
  public void rejected() {
    metrics.rejected();
  }

  /** Calls holding a slot now. */
  public int active() {
    return active.get();
  }

  /** Whether new calls are welcome: false once draining. */
  public boolean ready() {
    return !draining.get();
  }

  /** The running call with this id. */
  public Optional<Call> call(String id) {
    return Optional.ofNullable(calls.get(id));
  }

  /** Adds a watcher of every call's events (called on the calls' loops: must be quick). */
  public void watch(Watcher watcher) {
    watchers.add(watcher);
  }

  public void unwatch(Watcher watcher) {
    watchers.remove(watcher);
  }

  private void fanOut(String id, SessionEvent event) {
    for (Watcher w : watchers) {
      w.event(id, event);
    }
    if (event instanceof SessionEvent.SessionEnded) {
      calls.remove(id);
    }
  }

  /**
   * Starts a drain and returns at once: not ready from now on, no new calls, active calls end after
   * the grace period. Idempotent.
   */
  public void drain() {
    if (!draining.compareAndSet(false, true)) {
      return;
    }
    Thread.ofVirtual().name("parley-drain").start(this::finishDrain);
  }

  private void finishDrain() {
    try {
      awaitIdle(config.drainGrace());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Call call : calls.values()) {
      call.end("server draining", CloseCodes.GOING_AWAY);
    }
  }

  /** Ends every call now (close code 1001) and admits no more: for stopping the server. */
  public void drainNow() {
    draining.set(true);
    for (Call call : calls.values()) {
      call.end("server stopping", CloseCodes.GOING_AWAY);
    }
  }

  /** Waits until no call holds a slot; true if that happened within {@code timeout}. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = clock.nanos() + timeout.toNanos();
    lock.lock();
    try {
      while (active.get() > 0) {
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
}
