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
package dev.parley.app;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.WallCalendar;
import dev.parley.core.clock.WallClock;
import dev.parley.core.session.Components;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.server.CallHost;
import dev.parley.server.CarrierApis;
import dev.parley.server.Observability;
import dev.parley.server.ParleyServer;
import dev.parley.server.Recordings;
import dev.parley.server.ServerConfig;
import dev.parley.speech.silero.SileroVad;
import io.micrometer.core.instrument.Gauge;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley serve}: the server, for browsers, phones and load balancers. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves calls: the browser page at /, browser calls at /ws, Twilio at /twilio, Telnyx at",
      "/telnyx, Asterisk AudioSocket on --audiosocket-port; /health, /ready and /metrics on",
      "--management-port (loopback). Calls beyond the measured capacity are refused (503).",
      "SIGTERM drains: /ready turns 503 at once, calls get --drain-grace to finish.",
      "Settings come from --config FILE (YAML or properties), then PARLEY_* environment",
      "variables, then the options given here; see docs/operations.md for every key."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = 8080;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDR",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}). Off loopback, browser calls need a"
              + " token.")
  String bind = "127.0.0.1";

  @Option(
      names = "--audiosocket-port",
      defaultValue = "-1",
      paramLabel = "PORT",
      description = "Asterisk AudioSocket TCP port (default: off).")
  int audioSocketPort = -1;

  @Option(
      names = "--max-sessions",
      paramLabel = "N",
      description =
          "Calls admitted at once; more are refused with 503 (default: measured for the chosen"
              + " --vad/--stt/--tts per core, times this machine's cores; see docs/deploy.md)."
              + " Below it, a call is also refused while the measured load has no headroom.")
  @Nullable Integer maxSessions;

  @Option(
      names = "--management-port",
      defaultValue = "8081",
      paramLabel = "PORT",
      description =
          "Port of /health, /ready and /metrics, on threads of their own (default:"
              + " ${DEFAULT-VALUE}; 0 picks a free one; -1 serves them on the call port).")
  int managementPort = 8081;

  @Option(
      names = "--management-bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDR",
      description = "Address of the management port (default: ${DEFAULT-VALUE}).")
  String managementBind = "127.0.0.1";

  @Option(
      names = "--allowed-host",
      paramLabel = "NAME",
      description =
          "A Host name the call port answers to besides loopback names and --public-url's"
              + " (DNS rebinding); repeat for more.")
  List<String> allowedHosts = new ArrayList<>();

  @Option(
      names = "--audiosocket-allow",
      paramLabel = "ADDR[/BITS]",
      description =
          "A peer address or CIDR block allowed to open AudioSocket connections; repeat for"
              + " more (default: any, with a warning off loopback).")
  List<String> audioSocketAllow = new ArrayList<>();

  @Option(
      names = "--no-load-admission",
      description =
          "Refuse calls only at --max-sessions and while draining, not also while the measured"
              + " load (late frames, scheduler lag, CPU) has no headroom.")
  boolean noLoadAdmission;

  @Option(names = "--no-demo-page", description = "Do not serve the browser demo page at /.")
  boolean noDemoPage;

  @Option(
      names = "--token-signing-key-env",
      defaultValue = "PARLEY_TOKEN_SIGNING_KEY",
      paramLabel = "VAR",
      description =
          "Environment variable holding the key that signs call tokens, at least 32 characters"
              + " and not the bearer secret (default: ${DEFAULT-VALUE}; unset: a random key per"
              + " process).")
  String tokenSigningKeyEnv = "PARLEY_TOKEN_SIGNING_KEY";

  @Option(
      names = "--drain-grace",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description = "How long calls may go on after SIGTERM (default: ${DEFAULT-VALUE}).")
  double drainGraceSeconds = 30;

  @Option(
      names = "--token-secret-env",
      defaultValue = "PARLEY_TOKEN_SECRET",
      paramLabel = "VAR",
      description =
          "Environment variable holding the secret that signs browser tokens (default:"
              + " ${DEFAULT-VALUE}; at least 16 characters).")
  String tokenSecretEnv = "PARLEY_TOKEN_SECRET";

  @Option(
      names = "--twilio-auth-token-env",
      defaultValue = "TWILIO_AUTH_TOKEN",
      paramLabel = "VAR",
      description =
          "Environment variable holding the Twilio auth token; when set, /twilio checks"
              + " X-Twilio-Signature (default: ${DEFAULT-VALUE}).")
  String twilioTokenEnv = "TWILIO_AUTH_TOKEN";

  @Option(
      names = "--public-url",
      paramLabel = "URL",
      description = "The externally visible base URL (https://voice.example.com) Twilio signs.")
  @Nullable String publicUrl;

  @Option(
      names = "--allowed-origin",
      paramLabel = "ORIGIN",
      description = "A browser origin allowed on /ws besides the server's own; * for any.")
  List<String> allowedOrigins = new ArrayList<>();

  @Option(
      names = "--max-message-bytes",
      defaultValue = "65536",
      paramLabel = "BYTES",
      description = "Largest WebSocket message accepted (default: ${DEFAULT-VALUE}).")
  int maxMessageBytes = 65_536;

  @Option(
      names = "--max-messages-per-second",
      defaultValue = "200",
      paramLabel = "N",
      description = "Messages a session may send per second (default: ${DEFAULT-VALUE}).")
  int maxMessagesPerSecond = 200;

  @Option(
      names = "--agent",
      defaultValue = "demo",
      paramLabel = "NAME",
      description =
          "The agent (default: ${DEFAULT-VALUE}, the travel-desk demo; known: demo, echo; or a"
              + " speech-to-speech model that answers every call, "
              + SpeechModels.KNOWN
              + ", key from OPENAI_API_KEY).")
  String agent = "demo";

  @CommandLine.Mixin SpeechModelOptions speechModel = new SpeechModelOptions();

  @Option(
      names = "--greeting",
      paramLabel = "TEXT",
      description =
          "What the agent says as each call connects, before the caller speaks (interruptible);"
              + " default: the agent's own greeting (the demo desk greets).")
  @Nullable String greeting;

  @Option(
      names = "--vad",
      defaultValue = "silero",
      paramLabel = "NAME",
      description = "The voice activity detector: silero or energy (default: ${DEFAULT-VALUE}).")
  String vad = "silero";

  @Option(
      names = "--tts",
      defaultValue = "flite",
      paramLabel = "NAME",
      description =
          "The speech synthesiser: flite, placeholder, or piper:VOICE.onnx for a Piper voice you"
              + " supply (default: ${DEFAULT-VALUE}).")
  String tts = "flite";

  @Option(
      names = "--stt",
      defaultValue = "sphinx",
      paramLabel = "NAME",
      description =
          "The speech recogniser: sphinx; vosk:MODEL_DIR or whisper:MODEL.bin for a model you"
              + " supply; or none to hear no words (turns end on silence, pitch and context;"
              + " default: ${DEFAULT-VALUE}).")
  String stt = "sphinx";

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Settings file, .yaml or .properties: server, speech, agent, session (every pacing,"
              + " barge-in, idle, masking and prompt setting), record, logging, tracing keys."
              + " PARLEY_<KEY> variables (and PARLEY_<KEY>_FILE) override it.")
  @Nullable Path configFile;

  @Option(
      names = "--record",
      paramLabel = "DIR",
      description =
          "Records every call into DIR/<time>-<call id>/: call.wav (caller left, agent right),"
              + " events.jsonl, timeline.json, report.html. Off by default: recordings hold"
              + " callers' voices and words.")
  @Nullable Path recordDir;

  @Option(
      names = "--record-max-calls",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Recordings kept; the oldest go first (default: ${DEFAULT-VALUE}).")
  int recordMaxCalls = 1000;

  @Option(
      names = "--record-max-age-hours",
      defaultValue = "168",
      paramLabel = "HOURS",
      description = "How long a recording is kept (default: ${DEFAULT-VALUE}, a week).")
  double recordMaxAgeHours = 168;

  @Option(
      names = "--otlp",
      paramLabel = "URL",
      description =
          "Sends call, turn, agent, tool and recogniser spans over OTLP/HTTP to URL"
              + " (http://collector:4318); OTEL_EXPORTER_OTLP_ENDPOINT does the same. Off by"
              + " default.")
  @Nullable String otlp;

  @Option(
      names = "--log-format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "Log lines on standard error: text or json (default: ${DEFAULT-VALUE}).")
  String logFormat = "text";

  /** The session rules: defaults, or what the settings say. */
  SessionConfig session = SessionConfig.defaults();

  private @Nullable String tokenSecret;
  private @Nullable String twilioToken;
  private String instructions = "";

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec == null ? Main.console(System.out) : spec.commandLine().getOut();
    PrintWriter err = spec == null ? Main.console(System.err) : spec.commandLine().getErr();
    ServeSettings settings = ServeSettings.load(Optional.ofNullable(configFile), System.getenv());
    apply(settings, err);
    Logging.configure(logFormat);
    ServerConfig config = config();
    Observability observability = Observability.defaults();
    if (recordDir != null) {
      observability = observability.withRecordings(recordings(recordDir));
    }
    String endpoint = otlp != null ? otlp : System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
    OpenTelemetrySdk tracing =
        endpoint == null || endpoint.isBlank() ? null : Tracing.otlp(endpoint, System.getenv());
    if (tracing != null) {
      observability = observability.withOpenTelemetry(tracing);
    }
    try (ParleyServer server = start(config, err, observability)) {
      server.drainOnShutdown();
      out.println("parley: serving on " + server.uri() + " (calls /ws, /twilio, /telnyx)");
      out.println(
          "parley: /health, /ready, /metrics on "
              + server.managementUri()
              + "; at most "
              + config.maxSessions()
              + " calls");
      if (recordDir != null) {
        out.println(
            "parley: recording every call in "
                + recordDir
                + " (the last "
                + recordMaxCalls
                + ", for "
                + recordMaxAgeHours
                + " h); recordings hold callers' voices and words");
      }
      if (tracing != null) {
        out.println("parley: sending traces to " + endpoint);
      }
      if (server.audioSocketPort() >= 0) {
        out.println("parley: Asterisk AudioSocket on TCP port " + server.audioSocketPort());
      }
      out.flush();
      server.join();
    } finally {
      if (tracing != null) {
        tracing.close(); // flushes the last calls' spans
      }
    }
    return 0;
  }

  /** Takes each setting not given as an option from {@code settings} (file, then environment). */
  void apply(ServeSettings settings, PrintWriter err) throws UsageException {
    if (!given("--port")) {
      port = (int) settings.number("server.port");
    }
    if (!given("--bind")) {
      bind = settings.text("server.bind").orElse(bind);
    }
    if (!given("--audiosocket-port")) {
      audioSocketPort = (int) settings.number("server.audioSocketPort");
    }
    if (!given("--max-sessions")) {
      // 0, the default, leaves the ceiling to the capacity measured for the stack: a fixed 400
      // here once overrode it whenever a server started, and admitted 51 calls where 17 hold.
      long fromFile = settings.number("server.maxSessions");
      maxSessions = fromFile > 0 ? (int) fromFile : null;
    }
    if (!given("--drain-grace")) {
      drainGraceSeconds = settings.decimal("server.drainGraceSeconds");
    }
    if (!given("--public-url")) {
      publicUrl = settings.text("server.publicUrl").orElse(publicUrl);
    }
    if (!given("--allowed-origin")) {
      allowedOrigins = new ArrayList<>(settings.list("server.allowedOrigins"));
    }
    if (!given("--max-message-bytes")) {
      maxMessageBytes = (int) settings.number("server.maxMessageBytes");
    }
    if (!given("--max-messages-per-second")) {
      maxMessagesPerSecond = (int) settings.number("server.maxMessagesPerSecond");
    }
    tokenSecret = settings.text("server.tokenSecret").orElse(null);
    twilioToken = settings.text("server.twilioAuthToken").orElse(null);
    if (!given("--agent")) {
      agent = settings.text("agent.name").orElse(agent);
    }
    if (!given("--vad")) {
      vad = settings.text("speech.vad").orElse(vad);
    }
    if (!given("--stt")) {
      stt = settings.text("speech.stt").orElse(stt);
    }
    if (!given("--tts")) {
      tts = settings.text("speech.tts").orElse(tts);
    }
    if (!given("--record")) {
      recordDir = settings.text("record.dir").map(Path::of).orElse(recordDir);
    }
    if (!given("--record-max-calls")) {
      recordMaxCalls = (int) settings.number("record.maxCalls");
    }
    if (!given("--record-max-age-hours")) {
      recordMaxAgeHours = settings.decimal("record.maxAgeHours");
    }
    if (!given("--otlp")) {
      otlp = settings.text("tracing.otlpEndpoint").orElse(otlp);
    }
    if (!given("--log-format")) {
      logFormat = settings.text("logging.format").orElse(logFormat);
    }
    instructions = settings.text("agent.instructions").orElse("");
    if (!given("--greeting")) {
      greeting = settings.text("agent.greeting").orElse(greeting);
    }
    session = settings.session();
  }

  private boolean given(String option) {
    return spec != null && spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  Recordings.Policy recordings(Path dir) throws UsageException {
    if (recordMaxCalls < 1) {
      throw new UsageException("--record-max-calls must be at least 1");
    }
    if (!(recordMaxAgeHours > 0)) {
      throw new UsageException("--record-max-age-hours must be positive");
    }
    return new Recordings.Policy(
        dir, recordMaxCalls, Duration.ofMillis(Math.round(recordMaxAgeHours * 3_600_000)));
  }

  ServerConfig config() throws UsageException {
    if (drainGraceSeconds < 0 || drainGraceSeconds > 3600) {
      throw new UsageException("--drain-grace must be between 0 and 3600 seconds");
    }
    try {
      return ServerConfig.builder()
          .bind(bind)
          .port(port)
          .audioSocketPort(audioSocketPort)
          .maxSessions(
              maxSessions != null
                  ? maxSessions
                  : Capacity.defaultMaxSessions(
                      vad, stt, tts, Runtime.getRuntime().availableProcessors()))
          .drainGrace(Duration.ofMillis(Math.round(drainGraceSeconds * 1000)))
          .tokenSecret(tokenSecret != null ? tokenSecret : env(tokenSecretEnv))
          .twilioAuthToken(twilioToken != null ? twilioToken : env(twilioTokenEnv))
          .publicUrl(publicUrl)
          .allowedOrigins(allowedOrigins)
          .maxMessageBytes(maxMessageBytes)
          .maxMessagesPerSecond(maxMessagesPerSecond)
          .managementPort(managementPort)
          .managementBind(managementBind)
          .allowedHosts(allowedHosts)
          .audioSocketAllow(audioSocketAllow)
          .demoPage(!noDemoPage)
          .admitByLoad(!noLoadAdmission)
          .tokenSigningKey(env(tokenSigningKeyEnv))
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
  }

  /** Loads the shared speech stack once and starts the server on it. */
  ParleyServer start(ServerConfig config, PrintWriter err) throws UsageException {
    return start(config, err, Observability.defaults());
  }

  /** Loads the shared speech stack once and starts the server on it, observed as said. */
  ParleyServer start(ServerConfig config, PrintWriter err, Observability observability)
      throws UsageException {
    CallHost.@Nullable SpeechModel speechModel = speechModel();
    VoiceActivityDetector detector = SpeechStack.vad(vad, err);
    Components components =
        SpeechStack.components(
            detector,
            SpeechStack.synthesizer(tts, err),
            SpeechStack.recognizer(stt, List.of(), 0, err),
            SpeechStack.turnDetector(err),
            // A speech model answers every call itself: the cascade keeps the demo desk, unused.
            opening(
                speechModel != null
                    ? Agents.demo(WallCalendar.today())
                    : agent(agent, instructions)));
    SpeechStack.prepareRecognizer(components, err); // the first call need not wait for models
    CarrierApis carriers;
    try {
      carriers = CarrierApis.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
    try {
      ParleyServer server =
          ParleyServer.start(
              config,
              components,
              session,
              MediaClock.system(),
              WallClock.system(),
              observability,
              metrics -> {
                if (detector instanceof SileroVad silero) {
                  // How well concurrent calls share model runs: 1 alone, more under load.
                  Gauge.builder("parley.vad.windows.per.run", silero, SileroVad::windowsPerRun)
                      .description("Silero VAD windows scored per ONNX Runtime run since start")
                      .register(metrics.registry());
                }
              });
      // Credentials for end_call and transfer_call through Twilio's and Telnyx's REST APIs.
      server.host().carrierApis(carriers);
      server.host().speechModel(speechModel);
      return server;
    } catch (IOException e) {
      throw new UsageException(
          "cannot listen on " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
    }
  }

  /** The speech-to-speech model {@code --agent} names, or null for a cascaded agent. */
  private CallHost.@Nullable SpeechModel speechModel() throws UsageException {
    if (!SpeechModels.names(agent)) {
      speechModel.refuseForCascaded();
      return null;
    }
    try {
      LocalDate today = WallCalendar.today();
      List<dev.parley.core.tool.Tool> callable = speechModel.tools(today);
      return new CallHost.SpeechModel(
          SpeechModels.create(agent, System.getenv()),
          instructions.isBlank() ? SpeechModels.INSTRUCTIONS : instructions,
          callable,
          dev.parley.core.turn.BargeInPolicy.Settings.defaults(),
          speechModel.delegate(today));
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
  }

  private Agent opening(Agent named) throws UsageException {
    try {
      return Agents.opening(named, greeting, true);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--greeting: " + e.getMessage(), e);
    }
  }

  /** The agent, with the operator's instructions as its system prompt where it has one. */
  private static dev.parley.core.spi.Agent agent(String spec, String instructions)
      throws UsageException {
    if (instructions.isBlank()) {
      return SpeechStack.agent(spec, WallCalendar.today());
    }
    if (!spec.strip().toLowerCase(java.util.Locale.ROOT).startsWith("openai:")) {
      throw new UsageException(
          "agent.instructions applies to language-model agents (openai:URL#MODEL), not " + spec);
    }
    try {
      return Agents.openai(
          spec.strip().substring("openai:".length()),
          WallCalendar.today(),
          System.getenv(),
          instructions);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
  }

  /** The variable {@code name}, or the file {@code name_FILE} names; null if neither is set. */
  private static @Nullable String env(String name) throws UsageException {
    return ServeSettings.env(System.getenv(), name).orElse(null);
  }
}
