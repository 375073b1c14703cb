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
import dev.parley.core.clock.WallClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.log.CallMdc;
import dev.parley.core.s2s.LiveSpeechToSpeech;
import dev.parley.core.s2s.SpeechToSpeech;
import dev.parley.core.session.Components;
import dev.parley.core.session.LiveSession;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.tool.Tool;
import dev.parley.core.turn.BargeInPolicy;
import io.opentelemetry.api.trace.Tracer;
import java.net.http.HttpClient;
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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CallHost.class);

  /** A reserved place for one call; release it if the call never starts. */
  public final class Slot {
    private final AtomicBoolean released = new AtomicBoolean();
    private final String id;

    private Slot(String id) {
      this.id = id;
    }

    /** The id the call will have: logged with everything about it, refusal or failure. */
    public String callId() {
      return id;
    }

    /** Starts the call on this slot, its session on a loop of its own. */
    public Call start(String transport, Call.Peer peer) {
      return start(CallInfo.of(transport), peer);
    }

    /**
     * Starts the call the transport described (carrier ids, numbers, parameters) on this slot,
     * under the slot's call id; its session can hang up and transfer through the carrier's API (see
     * {@link #carrierApis}), and the carrier ids go into its log lines and spans.
     */
    public Call start(CallInfo described, Call.Peer peer) {
      CallInfo info = described.withCallId(id);
      String transport = info.transport();
      Map<String, String> carrierIds = info.carrierIds();
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
                clock,
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
        String name = transport + "-" + id.substring(0, 8);
        Consumer<SessionEvent> listener =
            call.listener(
                event -> {
                  observers.accept(event);
                  fanOut(id, event);
                });
        SpeechModel speech = speechModel;
        if (speech != null) {
          LiveSpeechToSpeech session;
          try {
            Agent delegate = speech.delegate();
            session =
                delegate == null
                    ? LiveSpeechToSpeech.start(
                        name,
                        clock,
                        speech.model(),
                        speech.instructions(),
                        speech.tools(),
                        speech.bargeIn(),
                        listener,
                        call.output())
                    : LiveSpeechToSpeech.startDelegated(
                        name,
                        clock,
                        speech.model(),
                        new LiveSpeechToSpeech.Delegate(delegate, id, false),
                        speech.bargeIn(),
                        listener,
                        call.output());
          } catch (RuntimeException e) {
            // The model could not be reached: the slot goes back, the transport refuses the call.
            calls.remove(id);
            release();
            throw e;
          }
          call.attach(new CallSession.SpeechToSpeech(session));
        } else {
          LiveSession session =
              LiveSession.start(
                  name,
                  clock,
                  observers.components(),
                  sessionConfig,
                  listener,
                  call.output(),
                  nanos -> {
                    metrics.frameDelay(nanos);
                    load.frame(nanos);
                  },
                  info,
                  carriers.control(info, http, CARRIER_TIMEOUT));
          call.attach(new CallSession.Cascaded(session));
        }
        if (draining.get()) {
          call.end("server draining", CloseCodes.GOING_AWAY);
        }
        return call;
      }
    }

    /** Gives the slot back; idempotent. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        CallHost.this.release();
      }
    }
  }

  /** Why a call was refused: the {@code reason} tag of {@code parley_sessions_rejected_total}. */
  public enum Refusal {
    /** At {@code --max-sessions}. */
    CAPACITY(503),
    /** The measured load leaves no headroom (see {@link LoadWatch}). */
    OVERLOAD(503),
    /** Draining: going away. */
    DRAINING(503),
    /** No token, or a bad, expired, used or revoked one; a bad carrier signature. */
    UNAUTHORISED(401),
    /** A Host or Origin not on the allow-lists, or a peer address not allowed. */
    FORBIDDEN(403);

    private final int httpStatus;

    Refusal(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** The HTTP status an upgrade refused for this reason gets. */
    public int httpStatus() {
      return httpStatus;
    }

    /** The metric tag and log word. */
    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The outcome of asking for a slot. */
  public sealed interface Admission {}

  /** Admitted: start the call on the slot, or release it. */
  public record Admitted(Slot slot) implements Admission {}

  /** Refused, logged and counted; {@code callId} names it in the log and in the answer. */
  public record Refused(Refusal reason, String detail, String callId) implements Admission {}

  /** Someone who watches every call's events (the per-session event stream). */
  public interface Watcher {
    void event(String callId, SessionEvent event);
  }

  /**
   * A speech-to-speech model that answers every call instead of the cascaded components (see {@link
   * #speechModel(SpeechModel)}).
   *
   * @param model the model, one engine for every call
   * @param instructions its system prompt
   * @param tools the functions it may call, under Parley's effect rules
   * @param bargeIn when caller speech under the model's interrupts it
   * @param delegate the agent that answers each turn while the model only speaks (delegation), or
   *     null for the model to answer with {@code tools}
   */
  public record SpeechModel(
      SpeechToSpeech model,
      String instructions,
      List<Tool> tools,
      BargeInPolicy.Settings bargeIn,
      @Nullable Agent delegate) {
    public SpeechModel {
      tools = List.copyOf(tools);
    }
  }

  /** The longest a carrier's REST API may take to hang up or transfer. */
  private static final Duration CARRIER_TIMEOUT = Duration.ofSeconds(5);

  private final ServerConfig config;
  private final Components components;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(CARRIER_TIMEOUT).build();
  private volatile CarrierApis carriers = CarrierApis.none();
  private volatile @Nullable SpeechModel speechModel;
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
  private final LoadWatch load;

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
    this.load =
        clock == MediaClock.system()
            ? LoadWatch.system(metrics::processCpu, IdleReclaim.fullCollection(active::get))
            : new LoadWatch(clock, () -> 0); // virtual time: tests drive the probe
    metrics.watchLoad(load);
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

  /**
   * Answers calls started from now on with a speech-to-speech model instead of the cascaded
   * components; null goes back to them.
   */
  public void speechModel(@Nullable SpeechModel model) {
    this.speechModel = model;
  }

  public ServerMetrics metrics() {
    return metrics;
  }

  ServerConfig config() {
    return config;
  }

  /**
   * A slot for a new call, or empty (logged and counted as a rejection) when full, overloaded or
   * draining.
   */
  public Optional<Slot> reserve() {
    return switch (admit("unknown", "")) {
      case Admitted a -> Optional.of(a.slot());
      case Refused r -> Optional.empty();
    };
  }

  /**
   * Admits a new call on {@code transport} from {@code peer} while the process can carry it: not
   * draining, under {@code maxSessions}, and the measured load ({@link LoadWatch}) has headroom.
   * Admitted calls are never ended for load: only new ones are turned away. A refusal is logged
   * with its call id and counted.
   */
  public Admission admit(String transport, String peer) {
    String id = UUID.randomUUID().toString();
    while (true) {
      int now = active.get();
      Refused refused = check(now, id, transport, peer);
      if (refused != null) {
        return refused;
      }
      if (active.compareAndSet(now, now + 1)) {
        if (config.admitByLoad() && !load.step(now, unpaced())) {
          release(); // this window's step is taken: the load of the last ones is not known yet
          return refuse(
              Refusal.OVERLOAD,
              "server busy: admitting calls step by step, retry in a second",
              id,
              transport,
              peer);
        }
        return new Admitted(new Slot(id));
      }
    }
  }

  /**
   * Where and as whom calls started from now on reach their carrier's REST API to hang up and
   * transfer ({@code CarrierApis.fromEnvironment(System.getenv())} for {@code parley serve});
   * without it they reach the production endpoints with no credentials.
   */
  public void carrierApis(CarrierApis apis) {
    this.carriers = apis;
  }

  /**
   * The refusal a new call would get now, logged and counted, or null if it would be admitted (no
   * slot is taken: for refusing at connect, before a transport's handshake).
   */
  public @Nullable Refused refusalNow(String transport, String peer) {
    return check(active.get(), UUID.randomUUID().toString(), transport, peer);
  }

  private @Nullable Refused check(int now, String id, String transport, String peer) {
    if (draining.get()) {
      return refuse(Refusal.DRAINING, "server draining", id, transport, peer);
    }
    if (now >= config.maxSessions()) {
      return refuse(
          Refusal.CAPACITY, "server busy: " + now + " calls, the maximum", id, transport, peer);
    }
    String overload = config.admitByLoad() ? load.overload() : "";
    // The first call is always admitted: a server that measures overload with no call at all is
    // starved by something else, and refusing every call would not help.
    if (!overload.isEmpty() && now > 0) {
      return refuse(Refusal.OVERLOAD, "server busy: " + overload, id, transport, peer);
    }
    return null;
  }

  /** Calls admitted without pacing: a quarter of the maximum, at least 4. */
  private int unpaced() {
    return Math.max(4, config.maxSessions() / 4);
  }

  /** Logs and counts a call refused before it could start (a bad token, a foreign origin). */
  public Refused refuse(Refusal reason, String detail, String transport, String peer) {
    return refuse(reason, detail, UUID.randomUUID().toString(), transport, peer);
  }

  private Refused refuse(Refusal reason, String detail, String id, String transport, String peer) {
    metrics.rejected(reason.tag());
    org.slf4j.event.Level level =
        reason.httpStatus() == 503 ? org.slf4j.event.Level.INFO : org.slf4j.event.Level.WARN;
    LOG.atLevel(level)
        .log(
            "call refused call_id={} transport={} peer={} reason={} detail=\"{}\"",
            id,
            transport,
            peer,
            reason.tag(),
            detail);
    return new Refused(reason, detail, id);
  }

  /** The measured load that admission reads. */
  LoadWatch load() {
    return load;
  }

  private void release() {
    active.decrementAndGet();
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Stops measuring the load: for closing the server. */
  void close() {
    load.close();
  }

  /** Calls holding a slot now. */
  public int active() {
    return active.get();
  }

  /** Whether new calls are welcome: false once draining, at the maximum or overloaded. */
  public boolean ready() {
    return !draining.get()
        && active.get() < config.maxSessions()
        && (!config.admitByLoad() || load.overload().isEmpty());
  }

  /** Why {@link #ready()} is false, or the empty string. */
  public String notReadyBecause() {
    if (draining.get()) {
      return "draining";
    }
    if (active.get() >= config.maxSessions()) {
      return "at capacity";
    }
    return config.admitByLoad() ? load.overload() : "";
  }

  /** Whether the server is draining. */
  public boolean draining() {
    return draining.get();
  }

  /** The running calls. */
  java.util.Collection<Call> calls() {
    return java.util.List.copyOf(calls.values());
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
