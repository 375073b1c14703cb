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

import dev.parley.core.session.SessionConfig;
import dev.parley.core.turn.BargeInPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A named session configuration the benchmark compares: {@code default} (Parley's defaults), {@code
 * naive} (fixed 500 ms silence ends a turn, any voice onset stops the agent, no pacing, no agent
 * backchannels), or a user's own file of {@code key = value} lines over one of them.
 *
 * <pre>
 * base = default                 # or naive
 * pacingMillis = 200
 * endpointing.minWaitMillis = 300
 * bargeIn.minWords = 3
 * recognizer.hints = false       # the recogniser without the agent's words and slots
 * </pre>
 *
 * @param recognizerHints whether the recogniser gets the agent's domain words and slots, as a live
 *     call does (true unless a file says {@code recognizer.hints = false}, to measure what they do)
 */
public record BenchConfig(String name, SessionConfig session, boolean recognizerHints) {

  /** A configuration whose recogniser hears the call as a live one would. */
  public BenchConfig(String name, SessionConfig session) {
    this(name, session, true);
  }

  /** {@code default}, {@code naive}, or a configuration file's path. */
  public static BenchConfig named(String nameOrFile) throws ConfigException {
    return switch (nameOrFile) {
      case "default" -> new BenchConfig("default", SessionConfig.defaults());
      case "naive" -> new BenchConfig("naive", SessionConfig.naive());
      default -> read(Path.of(nameOrFile));
    };
  }

  /** A configuration that could not be read; the message names the file, line and problem. */
  public static final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
      super(message);
    }
  }

  /** Reads a configuration file; its name (without extension) names the configuration. */
  public static BenchConfig read(Path file) throws ConfigException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(
          "unknown config '" + file + "': not default, naive or an existing file");
    } catch (IOException e) {
      throw new ConfigException(file + ": " + e.getMessage());
    }
    String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    String name =
        fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
    SessionConfig config = SessionConfig.defaults();
    boolean hints = true;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      line = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (line.isEmpty()) {
        continue;
      }
      String where = fileName + ":" + (i + 1) + ": ";
      int eq = line.indexOf('=');
      if (eq < 0) {
        throw new ConfigException(where + "expected 'key = value' but found '" + line + "'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      try {
        if (key.equals("recognizer.hints")) {
          hints = bool(key, value);
          continue;
        }
        config = apply(config, key, value);
      } catch (NumberFormatException e) {
        throw new ConfigException(where + key + ": '" + value + "' is not a number");
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + e.getMessage());
      }
    }
    return new BenchConfig(name, config, hints);
  }

  private static SessionConfig apply(SessionConfig c, String key, String value) {
    SessionConfig.Vad v = c.vad();
    SessionConfig.Endpointing e = c.endpointing();
    BargeInPolicy.Settings b = c.bargeIn();
    SessionConfig.Backchannels k = c.backchannels();
    return switch (key) {
      case "base" ->
          switch (value) {
            case "default" -> SessionConfig.defaults();
            case "naive" -> SessionConfig.naive();
            default -> throw new IllegalArgumentException("base must be default or naive");
          };
      case "pacingMillis" -> c.withPacingMillis(Long.parseLong(value));
      case "vad.startThreshold" ->
          c.withVad(
              new SessionConfig.Vad(
                  Double.parseDouble(value),
                  v.stopThreshold(),
                  v.minSpeechMillis(),
                  v.minSilenceMillis()));
      case "vad.stopThreshold" ->
          c.withVad(
              new SessionConfig.Vad(
                  v.startThreshold(),
                  Double.parseDouble(value),
                  v.minSpeechMillis(),
                  v.minSilenceMillis()));
      case "vad.minSpeechMillis" ->
          c.withVad(
              new SessionConfig.Vad(
                  v.startThreshold(),
                  v.stopThreshold(),
                  Long.parseLong(value),
                  v.minSilenceMillis()));
      case "vad.minSilenceMillis" ->
          c.withVad(
              new SessionConfig.Vad(
                  v.startThreshold(),
                  v.stopThreshold(),
                  v.minSpeechMillis(),
                  Long.parseLong(value)));
      case "endpointing.fixedSilenceMillis" ->
          c.withEndpointing(
              new SessionConfig.Endpointing(
                  Long.parseLong(value),
                  e.minWaitMillis(),
                  e.hardFallbackMillis(),
                  e.eagerThreshold(),
                  e.rules(),
                  e.holdMaxWaitMillis()));
      case "endpointing.minWaitMillis" ->
          c.withEndpointing(
              new SessionConfig.Endpointing(
                  e.fixedSilenceMillis(),
                  Long.parseLong(value),
                  e.hardFallbackMillis(),
                  e.eagerThreshold(),
                  e.rules(),
                  e.holdMaxWaitMillis()));
      case "endpointing.hardFallbackMillis" ->
          c.withEndpointing(
              new SessionConfig.Endpointing(
                  e.fixedSilenceMillis(),
                  e.minWaitMillis(),
                  Long.parseLong(value),
                  e.eagerThreshold(),
                  e.rules(),
                  e.holdMaxWaitMillis()));
      case "endpointing.eagerThreshold" ->
          c.withEndpointing(
              new SessionConfig.Endpointing(
                  e.fixedSilenceMillis(),
                  e.minWaitMillis(),
                  e.hardFallbackMillis(),
                  Double.parseDouble(value),
                  e.rules(),
                  e.holdMaxWaitMillis()));
      case "endpointing.holdMaxWaitMillis" ->
          c.withEndpointing(
              new SessionConfig.Endpointing(
                  e.fixedSilenceMillis(),
                  e.minWaitMillis(),
                  e.hardFallbackMillis(),
                  e.eagerThreshold(),
                  e.rules(),
                  Long.parseLong(value)));
      case "bargeIn.interruptOnAnyOnset" ->
          c.withBargeIn(
              new BargeInPolicy.Settings(
                  bool(key, value),
                  b.minWords(),
                  b.maxBackchannelMillis(),
                  b.falseInterruptionMillis(),
                  b.backchannels(),
                  b.interruptions()));
      case "bargeIn.minWords" ->
          c.withBargeIn(
              new BargeInPolicy.Settings(
                  b.interruptOnAnyOnset(),
                  Integer.parseInt(value),
                  b.maxBackchannelMillis(),
                  b.falseInterruptionMillis(),
                  b.backchannels(),
                  b.interruptions()));
      case "bargeIn.maxBackchannelMillis" ->
          c.withBargeIn(
              new BargeInPolicy.Settings(
                  b.interruptOnAnyOnset(),
                  b.minWords(),
                  Long.parseLong(value),
                  b.falseInterruptionMillis(),
                  b.backchannels(),
                  b.interruptions()));
      case "bargeIn.falseInterruptionMillis" ->
          c.withBargeIn(
              new BargeInPolicy.Settings(
                  b.interruptOnAnyOnset(),
                  b.minWords(),
                  b.maxBackchannelMillis(),
                  Long.parseLong(value),
                  b.backchannels(),
                  b.interruptions()));
      case "backchannels.enabled" ->
          c.withBackchannels(
              new SessionConfig.Backchannels(
                  bool(key, value),
                  k.minTurnMillis(),
                  k.minPauseMillis(),
                  k.frequency(),
                  k.minSpacingMillis(),
                  k.phrases(),
                  k.gain()));
      case "backchannels.frequency" ->
          c.withBackchannels(
              new SessionConfig.Backchannels(
                  k.enabled(),
                  k.minTurnMillis(),
                  k.minPauseMillis(),
                  Double.parseDouble(value),
                  k.minSpacingMillis(),
                  k.phrases(),
                  k.gain()));
      default ->
          throw new IllegalArgumentException(
              "unknown key '"
                  + key
                  + "' (known: base, pacingMillis, vad.startThreshold, vad.stopThreshold,"
                  + " vad.minSpeechMillis, vad.minSilenceMillis, endpointing.fixedSilenceMillis,"
                  + " endpointing.minWaitMillis, endpointing.hardFallbackMillis,"
                  + " endpointing.eagerThreshold, endpointing.holdMaxWaitMillis,"
                  + " bargeIn.interruptOnAnyOnset, bargeIn.minWords,"
                  + " bargeIn.maxBackchannelMillis, bargeIn.falseInterruptionMillis,"
                  + " backchannels.enabled, backchannels.frequency, recognizer.hints)");
    };
  }

  private static boolean bool(String key, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + ": '" + value + "' is not true or false");
    };
  }
}
