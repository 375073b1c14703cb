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
package dev.parley.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * The benchmark's suites, each a behaviour of Full-Duplex-Bench v1 (the first four) or v3 (tool use
 * under disfluency), and the scenario file each is read from; and the real-speech suites, real
 * human recordings spliced at word boundaries and always heard by the local recogniser, in a
 * development half and a held-out half that no tuning may look at.
 */
public enum Suite {
  PAUSE_HANDLING,
  SMOOTH_TURN_TAKING,
  BACKCHANNEL,
  USER_INTERRUPTION,
  SELF_CORRECTION,
  TOOL_USE,
  REAL,
  REAL_HELDOUT;

  /** What {@code --suite real} selects: both halves of the real-speech cases. */
  public static final String REAL_FAMILY = "real";

  /** The name in files, metrics and on the command line: {@code pause_handling}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the suite needs an agent with tools (FDB-v3) rather than the stand-in agent. */
  public boolean needsTools() {
    return this == SELF_CORRECTION || this == TOOL_USE;
  }

  /**
   * Whether the suite plays real human recordings, which must be heard by a real recogniser (an
   * oracle would hand over words the recording never had timed that way).
   */
  public boolean realSpeech() {
    return this == REAL || this == REAL_HELDOUT;
  }

  /** How the user's speech was made, for the report and {@code metrics.json}. */
  public String speech() {
    return realSpeech()
        ? "real human recordings spliced at word boundaries, heard by the local recogniser"
            + " (PocketSphinx)"
            + (this == REAL_HELDOUT ? " (held out from tuning)" : "")
        : "synthetic (the embedded voice)";
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
