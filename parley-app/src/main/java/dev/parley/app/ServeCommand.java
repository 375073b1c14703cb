package dev.parley.app;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.WallCalendar;
import dev.parley.core.clock.WallClock;
import dev.parley.core.session.Components;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.speech.silero.SileroVad;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
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
      "/telnyx, Asterisk AudioSocket on --audiosocket-port; /health, /ready and /metrics.",
      "SIGTERM drains: /ready turns 503 at once, calls get --drain-grace to finish."
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
      defaultValue = "400",
      paramLabel = "N",
      description = "Calls admitted at once; more are refused (default: ${DEFAULT-VALUE}).")
  int maxSessions = 400;

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
          "The agent (default: ${DEFAULT-VALUE}, the travel-desk demo; known: demo, echo).")
  String agent = "demo";

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

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec == null ? Main.console(System.out) : spec.commandLine().getOut();
    PrintWriter err = spec == null ? Main.console(System.err) : spec.commandLine().getErr();
    ServerConfig config = config();
    try (ParleyServer server = start(config, err)) {
      server.drainOnShutdown();
      out.println("parley: serving on " + server.uri() + " (calls /ws, /twilio, /telnyx)");
      if (server.audioSocketPort() >= 0) {
        out.println("parley: Asterisk AudioSocket on TCP port " + server.audioSocketPort());
      }
      out.flush();
      server.join();
    }
    return 0;
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
          .maxSessions(maxSessions)
          .drainGrace(Duration.ofMillis(Math.round(drainGraceSeconds * 1000)))
          .tokenSecret(env(tokenSecretEnv))
          .twilioAuthToken(env(twilioTokenEnv))
          .publicUrl(publicUrl)
          .allowedOrigins(allowedOrigins)
          .maxMessageBytes(maxMessageBytes)
          .maxMessagesPerSecond(maxMessagesPerSecond)
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
  }

  /** Loads the shared speech stack once and starts the server on it. */
  ParleyServer start(ServerConfig config, PrintWriter err) throws UsageException {
    VoiceActivityDetector detector = SpeechStack.vad(vad, err);
    Components components =
        SpeechStack.components(
            detector,
            SpeechStack.synthesizer(tts, err),
            SpeechStack.recognizer(stt, List.of(), 0, err),
            SpeechStack.turnDetector(err),
            SpeechStack.agent(agent, WallCalendar.today()));
    SpeechStack.prepareRecognizer(components, err); // the first call need not wait for models
    try {
      return ParleyServer.start(
          config,
          components,
          SessionConfig.defaults(),
          MediaClock.system(),
          WallClock.system(),
          metrics -> {
            if (detector instanceof SileroVad silero) {
              // How well concurrent calls share model runs: 1 alone, more under load.
              Gauge.builder("parley.vad.windows.per.run", silero, SileroVad::windowsPerRun)
                  .description("Silero VAD windows scored per ONNX Runtime run since start")
                  .register(metrics.registry());
            }
          });
    } catch (IOException e) {
      throw new UsageException(
          "cannot listen on " + config.bind() + ":" + config.port() + ": " + e.getMessage(), e);
    }
  }

  private static @Nullable String env(String name) {
    return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank()).orElse(null);
  }
}
