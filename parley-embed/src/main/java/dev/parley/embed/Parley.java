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
package dev.parley.embed;

import dev.parley.core.audio.AudioClip;
import dev.parley.core.audio.WavReader;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.WallClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.LiveSession;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.Agent;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.server.ServerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Parley inside an application: one agent on one speech stack, ready to serve calls, to run a call
 * offline, or to hand out sessions to a transport of the application's own.
 *
 * <pre>{@code
 * Parley parley = Parley.builder()
 *     .agent(LangChain4jAgent.builder(model).tools(new BookingTools()).build())
 *     .speech(Speech.embedded())       // Silero, PocketSphinx, Flite, Smart Turn, with fallbacks
 *     .port(8080)
 *     .build();
 * try (ParleyServer server = parley.serve()) {   // /ws, /twilio, /telnyx, /health, /metrics
 *   server.join();
 * }
 * }</pre>
 *
 * <p>The speech stack is loaded once (in {@link Builder#build()} when none was given) and shared by
 * every call; each call gets its own session loop. Immutable and thread-safe: {@link #serve},
 * {@link #call} and {@link #session} may be called any number of times from any thread.
 */
public final class Parley {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Parley.class);

  private final Components components;
  private final SessionConfig sessionConfig;
  private final ServerConfig serverConfig;
  private final MediaClock clock;
  private final WallClock wallClock;
  private final List<Consumer<ServerMetrics>> meters;
  private final ModelledLatency offlineLatency;
  private final Duration offlineTail;
  private final Speech speech;

  private Parley(Builder b, Agent agent, Speech speech) {
    this.speech = speech;
    this.components = speech.components(agent);
    this.sessionConfig = b.sessionConfig;
    this.serverConfig = b.serverConfig != null ? b.serverConfig : b.server.build();
    this.clock = b.clock;
    this.wallClock = b.wallClock;
    this.meters = List.copyOf(b.meters);
    this.offlineLatency = b.offlineLatency;
    this.offlineTail = b.offlineTail;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The version of the Parley jars on the class path, as the build wrote it into their manifest;
   * {@code "development build"} when run from classes rather than a jar.
   */
  public static String version() {
    String version = Parley.class.getPackage().getImplementationVersion();
    return version == null ? "development build" : version;
  }

  /**
   * Starts a server on this agent and speech stack: browser calls on {@code /ws}, Twilio and Telnyx
   * media streams on {@code /twilio} and {@code /telnyx}, the Asterisk AudioSocket port when one
   * was set, and {@code /health}, {@code /ready}, {@code /metrics}. Close it to stop; {@link
   * ParleyServer#drain()} lets calls finish first.
   *
   * @throws IOException when the port cannot be bound
   */
  public ParleyServer serve() throws IOException {
    return ParleyServer.start(
        serverConfig,
        components,
        sessionConfig,
        clock,
        wallClock,
        metrics -> meters.forEach(m -> m.accept(metrics)));
  }

  /**
   * Starts one live call on the application's own transport: offer the caller's 16 kHz mono audio
   * to the session in 20 ms frames as it arrives; the agent's audio goes to {@code output} on the
   * session's loop, and {@code listener} hears every event (on the loop too: it must be quick).
   * Hang up to end it.
   */
  public LiveSession session(String name, AudioOutput output, Consumer<SessionEvent> listener) {
    return LiveSession.start(name, clock, components, sessionConfig, listener, output);
  }

  /**
   * Runs a call offline on the virtual clock: {@code callerAudio} (16 kHz mono PCM16) is streamed
   * in as if live, followed by the builder's tail of silence for the agent to answer.
   */
  public OfflineCall call(short[] callerAudio) {
    return OfflineCall.run(callerAudio, components, sessionConfig, offlineLatency, offlineTail);
  }

  /**
   * Runs a call offline from a WAV recording (any rate and channel count; converted to 16 kHz
   * mono).
   *
   * @throws IOException when the file cannot be read or is not a WAV recording
   */
  public OfflineCall call(Path wav) throws IOException {
    AudioClip clip = WavReader.read(wav);
    if (clip.frames() == 0) {
      throw new IOException(wav + ": the recording is empty");
    }
    return call(clip.toSessionAudio());
  }

  /** The providers every call shares. */
  public Components components() {
    return components;
  }

  /** The speech stack, with what fell back when it loaded. */
  public Speech speech() {
    return speech;
  }

  /** The conversational rules of every call. */
  public SessionConfig sessionConfig() {
    return sessionConfig;
  }

  /** How {@link #serve()} listens and what it admits. */
  public ServerConfig serverConfig() {
    return serverConfig;
  }

  /**
   * Collects an embedded Parley. Only the agent is required; the defaults are those of {@code
   * parley serve} (loopback, port 8080, 400 calls, 30 s drain) and {@link Speech#embedded()}. Not
   * thread-safe.
   */
  public static final class Builder {
    private @Nullable Agent agent;
    private @Nullable Speech speech;
    private SessionConfig sessionConfig = SessionConfig.defaults();
    private final ServerConfig.Builder server = ServerConfig.builder();
    private @Nullable ServerConfig serverConfig;
    private MediaClock clock = MediaClock.system();
    private WallClock wallClock = WallClock.system();
    private final List<Consumer<ServerMetrics>> meters = new ArrayList<>();
    private ModelledLatency offlineLatency = ModelledLatency.none();
    private Duration offlineTail = Duration.ofSeconds(4);
    private Consumer<String> notes = note -> LOG.warn("parley: {}", note);

    private Builder() {}

    /** The agent that answers every call (required). It must be thread-safe. */
    public Builder agent(Agent agent) {
      this.agent = agent;
      return this;
    }

    /** The speech stack; {@link Speech#embedded()} when not given. */
    public Builder speech(Speech speech) {
      this.speech = speech;
      return this;
    }

    /** The conversational rules (endpointing, barge-in, pacing, ...); Parley's defaults if not. */
    public Builder sessionConfig(SessionConfig config) {
      this.sessionConfig = config;
      return this;
    }

    /** The least time between the caller's end of speech and the agent's first audio (0 to 5 s). */
    public Builder pacing(Duration pacing) {
      this.sessionConfig = sessionConfig.withPacingMillis(millis("pacing", pacing));
      return this;
    }

    /** The address {@link #serve()} listens on (default 127.0.0.1). */
    public Builder bind(String address) {
      server.bind(address);
      return this;
    }

    /** The HTTP port (default 8080; 0 picks a free one, see {@link ParleyServer#port()}). */
    public Builder port(int port) {
      server.port(port);
      return this;
    }

    /**
     * The port of {@code /health}, {@code /ready} and {@code /metrics} (default 8081 on loopback; 0
     * picks a free one, see {@link ParleyServer#managementUri()}; -1 serves them on the call port).
     */
    public Builder managementPort(int port) {
      server.managementPort(port);
      return this;
    }

    /** Serves Asterisk AudioSocket on this TCP port too (0 picks a free one). */
    public Builder audioSocketPort(int port) {
      server.audioSocketPort(port);
      return this;
    }

    /** Calls admitted at once over every transport; more are refused (default 400). */
    public Builder maxSessions(int calls) {
      server.maxSessions(calls);
      return this;
    }

    /** How long calls may go on once a drain starts (default 30 s). */
    public Builder drainGrace(Duration grace) {
      server.drainGrace(grace);
      return this;
    }

    /** The key that signs browser session tokens (at least 16 characters). */
    public Builder tokenSecret(String secret) {
      server.tokenSecret(secret);
      return this;
    }

    /** Makes {@code /twilio} check {@code X-Twilio-Signature} with this auth token. */
    public Builder twilioAuthToken(String token) {
      server.twilioAuthToken(token);
      return this;
    }

    /** The externally visible base URL Twilio signs ({@code https://voice.example.com}). */
    public Builder publicUrl(String url) {
      server.publicUrl(url);
      return this;
    }

    /** Browser origins allowed on {@code /ws} besides the server's own. */
    public Builder allowedOrigins(List<String> origins) {
      server.allowedOrigins(origins);
      return this;
    }

    /** Every server setting at once; replaces what {@link #port} and the others set. */
    public Builder server(ServerConfig config) {
      this.serverConfig = config;
      return this;
    }

    /** Adds meters to the server's registry when it starts ({@link ServerMetrics#registry()}). */
    public Builder meters(Consumer<ServerMetrics> meters) {
      this.meters.add(meters);
      return this;
    }

    /**
     * Records Parley's {@code parley.*} meters into the application's registry too; {@code
     * /metrics} keeps serving them as well.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      Objects.requireNonNull(registry, "registry");
      return meters(metrics -> metrics.publishTo(registry));
    }

    /** The clock of live calls; tests pass a manual one. */
    public Builder clock(MediaClock clock) {
      this.clock = clock;
      return this;
    }

    /** The calendar clock that dates browser tokens. */
    public Builder wallClock(WallClock wallClock) {
      this.wallClock = wallClock;
      return this;
    }

    /** What each component costs in an offline call ({@link #call}); nothing by default. */
    public Builder offlineLatency(ModelledLatency latency) {
      this.offlineLatency = latency;
      return this;
    }

    /** The silence after the caller's recording in an offline call, for the agent to answer. */
    public Builder offlineTail(Duration tail) {
      millis("offlineTail", tail);
      this.offlineTail = tail;
      return this;
    }

    /** Where the speech stack says what fell back; a warning in the log if not. */
    public Builder notes(Consumer<String> notes) {
      this.notes = notes;
      return this;
    }

    /**
     * Loads the speech stack when none was given and checks every setting.
     *
     * @throws IllegalStateException without an agent
     * @throws IllegalArgumentException naming a setting out of range
     */
    public Parley build() {
      Agent a = agent;
      if (a == null) {
        throw new IllegalStateException("Parley.builder() needs an agent: .agent(...)");
      }
      Speech s = speech;
      if (s == null) {
        s = Speech.embedded();
        s.fallbacks().forEach(notes);
      }
      return new Parley(this, a, s);
    }

    private static long millis(String name, Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, was " + d);
      }
      return d.toMillis();
    }
  }
}
