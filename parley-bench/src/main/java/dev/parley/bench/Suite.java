package dev.parley.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * The benchmark's suites, each a behaviour of Full-Duplex-Bench v1 (the first four) or v3 (tool use
 * under disfluency), and the scenario file each is read from.
 */
public enum Suite {
  PAUSE_HANDLING,
  SMOOTH_TURN_TAKING,
  BACKCHANNEL,
  USER_INTERRUPTION,
  SELF_CORRECTION,
  TOOL_USE;

  /** The name in files, metrics and on the command line: {@code pause_handling}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the suite needs an agent with tools (FDB-v3) rather than the stand-in agent. */
  public boolean needsTools() {
    return this == SELF_CORRECTION || this == TOOL_USE;
  }

  /** The bundled scenario file, a class-path resource. */
  String resource() {
    return "scenarios/" + id() + ".scn";
  }

  /** The suite called {@code id}, if there is one. */
  public static Optional<Suite> byId(String id) {
    for (Suite s : values()) {
      if (s.id().equals(id.toLowerCase(Locale.ROOT))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
