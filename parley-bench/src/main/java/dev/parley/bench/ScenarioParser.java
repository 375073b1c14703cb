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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads scenario files: a line-oriented text format, one {@code scenario NAME} header followed by
 * indented lines, {@code #} comments. The full grammar is in {@code docs/bench.md}:
 *
 * <pre>
 * scenario denver-900
 *   voice slt rate 1.1 noise 20 phone      # optional; defaults: slt, rate 1.0, clean, wideband
 *   agent "Sure, let me look that up."     # the stand-in agent's reply; one per user turn
 *   tool search_flights 1200               # a tool's latency in ms (tool suites)
 *   say "I want to book a flight to"
 *   pause 900                              # inside the turn: the agent must hold
 *   say "Denver"
 *   play "caller.wav" "to Denver please"   # a real recording instead of the voice
 *   play "caller.wav" 1300..2800 "Denver"  # a slice of one, cut at word boundaries
 *   after agent 600                        # when the agent's reply is audible, 600 ms more
 *   after reply 500                        # when the agent's reply has ended, 500 ms more
 *   say "mhm"
 *   wait 1000
 *   expect hold | take within 1500 | keep | stop within 500
 *   expect tool book_flight {"destination": "Boston"}
 *   expect no-tool cancel_booking
 *   tail 4000                              # how long the call goes on after the last step
 * </pre>
 *
 * <p>Every problem is reported as a {@link ScenarioFormatException} naming the file, the line and
 * what is wrong; the first one found ends the parse. Stateless and thread-safe.
 */
public final class ScenarioParser {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
  private static final Set<String> VOICES = Set.of("slt");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEFAULT_TAIL_MILLIS = 4000;

  private ScenarioParser() {}

  /** Parses the text of one scenario file of {@code suite}; {@code file} names it in errors. */
  public static List<Scenario> parse(Suite suite, String file, String text)
      throws ScenarioFormatException {
    return parse(suite, file, text, null);
  }

  /**
   * Parses a scenario file whose relative recording paths are found beside {@code file}, else under
   * {@code recordings} if given (the installation's directory, for the bundled files), else from
   * the working directory.
   */
  public static List<Scenario> parse(
      Suite suite, String file, String text, java.nio.file.@Nullable Path recordings)
      throws ScenarioFormatException {
    List<Scenario> scenarios = new ArrayList<>();
    Set<String> names = new HashSet<>();
    @Nullable Draft draft = null;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int lineNo = i + 1;
      String line = stripComment(lines[i]).strip();
      if (line.isEmpty()) {
        continue;
      }
      List<String> tokens = tokens(file, lineNo, line);
      String keyword = tokens.getFirst();
      if (keyword.equals("scenario")) {
        if (draft != null) {
          scenarios.add(draft.finish(suite, file));
        }
        need(file, lineNo, tokens, 2, "scenario NAME");
        String name = tokens.get(1);
        if (!NAME.matcher(name).matches()) {
          throw new ScenarioFormatException(
              file,
              lineNo,
              "bad scenario name '" + name + "': use lower-case letters, digits, '-', '_', '.'");
        }
        if (!names.add(name)) {
          throw new ScenarioFormatException(file, lineNo, "duplicate scenario name '" + name + "'");
        }
        draft = new Draft(name, lineNo, recordings);
        continue;
      }
      if (draft == null) {
        throw new ScenarioFormatException(
            file, lineNo, "'" + keyword + "' before the first 'scenario NAME' line");
      }
      draft.accept(file, lineNo, tokens, line);
    }
    if (draft != null) {
      scenarios.add(draft.finish(suite, file));
    }
    if (scenarios.isEmpty()) {
      throw new ScenarioFormatException(file, 1, "no scenarios in the file");
    }
    return List.copyOf(scenarios);
  }

  private static String stripComment(String line) {
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '#' && !quoted) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  /** Splits on spaces; a double-quoted string is one token (quotes kept); '{' starts JSON. */
  private static List<String> tokens(String file, int lineNo, String line)
      throws ScenarioFormatException {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '"') {
        int end = line.indexOf('"', i + 1);
        if (end < 0) {
          throw new ScenarioFormatException(file, lineNo, "unterminated quoted text");
        }
        out.add(line.substring(i, end + 1));
        i = end + 1;
      } else if (c == '{') {
        out.add(line.substring(i));
        break;
      } else {
        int end = i;
        while (end < line.length() && !Character.isWhitespace(line.charAt(end))) {
          end++;
        }
        out.add(line.substring(i, end));
        i = end;
      }
    }
    return out;
  }

  private static void need(String file, int lineNo, List<String> tokens, int count, String form)
      throws ScenarioFormatException {
    if (tokens.size() != count) {
      throw new ScenarioFormatException(
          file, lineNo, "expected '" + form + "' but found '" + String.join(" ", tokens) + "'");
    }
  }

  private static String quoted(String file, int lineNo, String token, String what)
      throws ScenarioFormatException {
    if (token.length() < 2 || !token.startsWith("\"") || !token.endsWith("\"")) {
      throw new ScenarioFormatException(
          file, lineNo, what + " must be in double quotes, found " + token);
    }
    String text = token.substring(1, token.length() - 1).strip();
    if (text.isEmpty()) {
      throw new ScenarioFormatException(file, lineNo, what + " is empty");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        throw new ScenarioFormatException(
            file,
            lineNo,
            what + " has a character the voice cannot speak: '" + c + "' (use plain ASCII)");
      }
    }
    return text;
  }

  /** {@code FROM..TO} in milliseconds of a recording, {@code TO} may be {@code end}. */
  private static long[] slice(String file, int lineNo, String token)
      throws ScenarioFormatException {
    int dots = token.indexOf("..");
    if (dots < 0) {
      throw new ScenarioFormatException(
          file, lineNo, "a slice must be FROM..TO in ms (TO may be 'end'), found '" + token + "'");
    }
    long from = millis(file, lineNo, token.substring(0, dots), 0, 3_600_000, "a slice's start");
    String to = token.substring(dots + 2);
    long end =
        to.equals("end")
            ? Scenario.Step.Recording.TO_END
            : millis(file, lineNo, to, 0, 3_600_000, "a slice's end");
    if (end <= from + 20) {
      throw new ScenarioFormatException(
          file, lineNo, "a slice must end more than 20 ms after it starts, found '" + token + "'");
    }
    return new long[] {from, end};
  }

  private static long millis(String file, int lineNo, String token, long min, long max, String what)
      throws ScenarioFormatException {
    long value;
    try {
      value = Long.parseLong(token.endsWith("ms") ? token.substring(0, token.length() - 2) : token);
    } catch (NumberFormatException e) {
      throw new ScenarioFormatException(
          file, lineNo, what + " must be whole milliseconds, found '" + token + "'");
    }
    if (value < min || value > max) {
      throw new ScenarioFormatException(
          file, lineNo, what + " must be " + min + ".." + max + " ms, found " + value);
    }
    return value;
  }

  private static double number(
      String file, int lineNo, String token, double min, double max, String what)
      throws ScenarioFormatException {
    double value;
    try {
      value = Double.parseDouble(token);
    } catch (NumberFormatException e) {
      throw new ScenarioFormatException(
          file, lineNo, what + " must be a number, found '" + token + "'");
    }
    if (!(value >= min && value <= max)) {
      throw new ScenarioFormatException(
          file, lineNo, what + " must be " + min + ".." + max + ", found " + token);
    }
    return value;
  }

  /** A scenario being read. */
  private static final class Draft {
    private final String name;
    private final int line;
    private Scenario.Voice voice = Scenario.Voice.plain();
    private final List<Scenario.Step> steps = new ArrayList<>();
    private final List<String> replies = new ArrayList<>();
    private final Map<String, Long> tools = new LinkedHashMap<>();
    private final List<Scenario.Expectation> expectations = new ArrayList<>();
    private long tailMillis = DEFAULT_TAIL_MILLIS;

    private final java.nio.file.@Nullable Path recordings;

    Draft(String name, int line, java.nio.file.@Nullable Path recordings) {
      this.name = name;
      this.line = line;
      this.recordings = recordings;
    }

    void accept(String file, int lineNo, List<String> t, String raw)
        throws ScenarioFormatException {
      switch (t.getFirst()) {
        case "voice" -> voice = voice(file, lineNo, t);
        case "agent" -> {
          need(file, lineNo, t, 2, "agent \"reply\"");
          replies.add(quoted(file, lineNo, t.get(1), "the agent's reply"));
        }
        case "tool" -> {
          need(file, lineNo, t, 3, "tool NAME MS");
          tools.put(
              toolName(file, lineNo, t.get(1)),
              millis(file, lineNo, t.get(2), 0, 60_000, "a tool's latency"));
        }
        case "say" -> {
          need(file, lineNo, t, 2, "say \"text\"");
          steps.add(
              new Scenario.Step.Say(lineNo, quoted(file, lineNo, t.get(1), "what the user says")));
        }
        case "play" -> {
          if (t.size() != 3 && t.size() != 4) {
            need(file, lineNo, t, 3, "play \"FILE.wav\" [FROM..TO] \"what it says\"");
          }
          java.nio.file.Path wav =
              java.nio.file.Path.of(quoted(file, lineNo, t.get(1), "the recording"));
          if (!wav.isAbsolute()) {
            java.nio.file.Path beside = java.nio.file.Path.of(file).resolveSibling(wav);
            if (java.nio.file.Path.of(file).getParent() != null
                && java.nio.file.Files.isRegularFile(beside)) {
              wav = beside;
            } else if (recordings != null) {
              wav = recordings.resolve(wav);
            }
          }
          if (!java.nio.file.Files.isRegularFile(wav)) {
            throw new ScenarioFormatException(file, lineNo, "no such recording: " + wav);
          }
          String words = quoted(file, lineNo, t.getLast(), "the recording's words");
          if (t.size() == 3) {
            steps.add(new Scenario.Step.Recording(lineNo, wav, words));
          } else {
            long[] slice = slice(file, lineNo, t.get(2));
            steps.add(new Scenario.Step.Recording(lineNo, wav, words, slice[0], slice[1]));
          }
        }
        case "pause" -> {
          need(file, lineNo, t, 2, "pause MS");
          steps.add(
              new Scenario.Step.Pause(
                  lineNo, millis(file, lineNo, t.get(1), 100, 10_000, "a pause")));
        }
        case "wait" -> {
          need(file, lineNo, t, 2, "wait MS");
          steps.add(
              new Scenario.Step.Wait(lineNo, millis(file, lineNo, t.get(1), 0, 30_000, "a wait")));
        }
        case "after" -> {
          need(file, lineNo, t, 3, "after agent|reply MS");
          long after = millis(file, lineNo, t.get(2), 0, 10_000, "the offset");
          switch (t.get(1)) {
            case "agent" -> steps.add(new Scenario.Step.AfterAgent(lineNo, after));
            case "reply" -> steps.add(new Scenario.Step.AfterReply(lineNo, after));
            default ->
                throw new ScenarioFormatException(
                    file,
                    lineNo,
                    "expected 'after agent MS' or 'after reply MS' but found '" + raw + "'");
          }
        }
        case "tail" -> {
          need(file, lineNo, t, 2, "tail MS");
          tailMillis = millis(file, lineNo, t.get(1), 0, 30_000, "the tail");
        }
        case "expect" -> expectations.add(expectation(file, lineNo, t));
        default ->
            throw new ScenarioFormatException(
                file,
                lineNo,
                "unknown line '"
                    + t.getFirst()
                    + "' (known: scenario, voice, agent, tool, say, play, pause, wait, after,"
                    + " expect, tail)");
      }
    }

    private static String toolName(String file, int lineNo, String name)
        throws ScenarioFormatException {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
        throw new ScenarioFormatException(file, lineNo, "bad tool name '" + name + "'");
      }
      return name;
    }

    private static Scenario.Voice voice(String file, int lineNo, List<String> t)
        throws ScenarioFormatException {
      if (t.size() < 2) {
        throw new ScenarioFormatException(
            file, lineNo, "expected 'voice NAME [rate R] [noise SNR_DB] [phone]'");
      }
      String name = t.get(1);
      if (!VOICES.contains(name)) {
        throw new ScenarioFormatException(
            file,
            lineNo,
            "unknown voice '" + name + "' (known: " + String.join(", ", VOICES) + ")");
      }
      double rate = 1.0;
      double noise = Double.NaN;
      boolean phone = false;
      for (int i = 2; i < t.size(); i++) {
        switch (t.get(i)) {
          case "rate" -> {
            if (++i >= t.size()) {
              throw new ScenarioFormatException(
                  file, lineNo, "'rate' needs a value, such as rate 1.1");
            }
            rate = number(file, lineNo, t.get(i), 0.7, 1.4, "the rate");
          }
          case "noise" -> {
            if (++i >= t.size()) {
              throw new ScenarioFormatException(
                  file, lineNo, "'noise' needs an SNR in dB, such as noise 20");
            }
            noise = number(file, lineNo, t.get(i), -5, 60, "the noise SNR (dB)");
          }
          case "phone" -> phone = true;
          default ->
              throw new ScenarioFormatException(
                  file,
                  lineNo,
                  "unknown voice option '" + t.get(i) + "' (known: rate, noise, phone)");
        }
      }
      return new Scenario.Voice(name, rate, noise, phone);
    }

    private static Scenario.Expectation expectation(String file, int lineNo, List<String> t)
        throws ScenarioFormatException {
      if (t.size() < 2) {
        throw new ScenarioFormatException(
            file, lineNo, "'expect' needs what: hold, take, keep, stop, tool, no-tool");
      }
      String what = t.get(1);
      return switch (what) {
        case "hold" -> {
          need(file, lineNo, t, 2, "expect hold");
          yield new Scenario.Expectation.Hold(lineNo);
        }
        case "keep" -> {
          need(file, lineNo, t, 2, "expect keep");
          yield new Scenario.Expectation.Keep(lineNo);
        }
        case "take", "stop" -> {
          long within = 10_000;
          if (t.size() == 4 && t.get(2).equals("within")) {
            within = millis(file, lineNo, t.get(3), 0, 10_000, "the budget");
          } else if (t.size() != 2) {
            throw new ScenarioFormatException(
                file, lineNo, "expected 'expect " + what + " [within MS]'");
          }
          yield what.equals("take")
              ? new Scenario.Expectation.Take(lineNo, within)
              : new Scenario.Expectation.Stop(lineNo, within);
        }
        case "tool" -> {
          if (t.size() < 3 || t.size() > 4) {
            throw new ScenarioFormatException(
                file, lineNo, "expected 'expect tool NAME {\"arg\": \"value\", ...}'");
          }
          String name = toolName(file, lineNo, t.get(2));
          Map<String, String> args = t.size() == 4 ? arguments(file, lineNo, t.get(3)) : Map.of();
          yield new Scenario.Expectation.Tool(lineNo, name, args);
        }
        case "no-tool" -> {
          need(file, lineNo, t, 3, "expect no-tool NAME");
          yield new Scenario.Expectation.NoTool(lineNo, toolName(file, lineNo, t.get(2)));
        }
        default ->
            throw new ScenarioFormatException(
                file,
                lineNo,
                "unknown expectation '"
                    + what
                    + "' (known: hold, take, keep, stop, tool, no-tool)");
      };
    }

    private static Map<String, String> arguments(String file, int lineNo, String json)
        throws ScenarioFormatException {
      JsonNode node;
      try {
        node = JSON.readTree(json);
      } catch (JsonProcessingException e) {
        throw new ScenarioFormatException(
            file, lineNo, "tool arguments are not valid JSON: " + e.getOriginalMessage());
      }
      if (node == null || !node.isObject()) {
        throw new ScenarioFormatException(file, lineNo, "tool arguments must be a JSON object");
      }
      Map<String, String> args = new LinkedHashMap<>();
      for (var field : node.properties()) {
        JsonNode value = field.getValue();
        if (!value.isValueNode() || value.isNull()) {
          throw new ScenarioFormatException(
              file,
              lineNo,
              "tool argument '" + field.getKey() + "' must be a string, number or boolean");
        }
        args.put(field.getKey(), value.asText());
      }
      return args;
    }

    Scenario finish(Suite suite, String file) throws ScenarioFormatException {
      if (steps.stream()
          .noneMatch(s -> s instanceof Scenario.Step.Say || s instanceof Scenario.Step.Recording)) {
        throw new ScenarioFormatException(file, line, "scenario '" + name + "' has no 'say' line");
      }
      if (expectations.isEmpty()) {
        throw new ScenarioFormatException(
            file, line, "scenario '" + name + "' has no 'expect' line: say what the agent must do");
      }
      for (Scenario.Expectation e : expectations) {
        switch (e) {
          case Scenario.Expectation.Hold h -> {
            if (steps.stream().noneMatch(s -> s instanceof Scenario.Step.Pause)) {
              throw new ScenarioFormatException(
                  file, h.line(), "'expect hold' needs a 'pause' step");
            }
          }
          case Scenario.Expectation.Keep k -> requireOverlap(file, k.line(), "keep");
          case Scenario.Expectation.Stop s -> requireOverlap(file, s.line(), "stop");
          case Scenario.Expectation.Take t -> {}
          case Scenario.Expectation.Tool t -> {}
          case Scenario.Expectation.NoTool t -> {}
        }
      }
      return new Scenario(
          suite, name, file, line, voice, steps, replies, tools, expectations, tailMillis);
    }

    private void requireOverlap(String file, int lineNo, String what)
        throws ScenarioFormatException {
      for (int i = 0; i + 1 < steps.size(); i++) {
        if (steps.get(i) instanceof Scenario.Step.AfterAgent
            && (steps.get(i + 1) instanceof Scenario.Step.Say
                || steps.get(i + 1) instanceof Scenario.Step.Recording)) {
          return;
        }
      }
      throw new ScenarioFormatException(
          file,
          lineNo,
          "'expect " + what + "' needs an 'after agent MS' step followed by a 'say' step");
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
