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
package dev.parley.report;

import static dev.parley.report.Markup.escape;
import static dev.parley.report.Markup.oneLine;
import static dev.parley.report.Markup.px;
import static dev.parley.report.Markup.seconds;
import static dev.parley.report.Markup.truncate;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A picture of one call as a single self-contained HTML page: a time axis in seconds, a user lane
 * (speech, eager and final turn ends, transcripts), a latency lane (end of user speech to first
 * response audio, coloured against the human budget), an agent lane (utterances by kind,
 * interruptions), a tools lane (calls by status, speculative ones hatched), a table of turns and
 * the service failures.
 *
 * <p>The page carries its own CSS and inline SVG and needs no script, font or network; tooltips are
 * SVG {@code <title>}s. The time axis fits about 1160 px but never goes below 60 px per second, so
 * long calls scroll sideways while lane names stay put. Output is deterministic: the same events
 * give byte-identical HTML. Stateless and thread-safe.
 */
public final class CallReport {
  // Text is measured by estimate, as the page must not depend on which sans-serif font is
  // installed; labels inside bars are also clipped to the bar in case a font runs wider.
  private static final double CHAR_PX = 6.2;
  // Transcripts are italic and unclipped, so they are measured generously.
  private static final double TRANSCRIPT_CHAR_PX = 6.8;
  private static final double FIT_WIDTH_PX = 1160;
  private static final double MIN_PX_PER_SECOND = 60;
  private static final double MAX_PX_PER_SECOND = 240;
  private static final double PAD_LEFT = 16;
  private static final double PAD_RIGHT = 48;
  private static final int LABEL_WIDTH = 84;

  private static final int AXIS_HEIGHT = 32;
  private static final int USER_TOP = AXIS_HEIGHT;
  private static final int USER_HEIGHT = 76;
  private static final int LATENCY_TOP = USER_TOP + USER_HEIGHT;
  private static final int LATENCY_HEIGHT = 40;
  private static final int AGENT_TOP = LATENCY_TOP + LATENCY_HEIGHT;
  private static final int AGENT_HEIGHT = 66;
  private static final int TOOLS_TOP = AGENT_TOP + AGENT_HEIGHT;
  private static final int TOOL_ROW_HEIGHT = 24;

  private static final int USER_BAR_Y = USER_TOP + 10;
  private static final int USER_BAR_HEIGHT = 20;
  private static final int BRACKET_Y = LATENCY_TOP + 26;
  private static final int AGENT_BAR_Y = AGENT_TOP + 18;
  private static final int AGENT_BAR_HEIGHT = 22;
  private static final int AGENT_MARK_Y = AGENT_TOP + 9;
  // A label cut to fewer characters than this says nothing ("m…"): it goes under the bar whole.
  private static final int MIN_INSIDE_CHARS = 6;
  private static final int MAX_BELOW_CHARS = 18;
  private static final int TOOL_BAR_HEIGHT = 16;

  private static final long[] TICK_STEPS_MILLIS = {
    100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000
  };
  private static final double MIN_TICK_GAP_PX = 56;

  private CallReport() {}

  /**
   * Renders one call.
   *
   * @param title the page heading, for example the scenario's name
   * @param userAudioMillis how long the user's audio ran; the axis covers at least this much
   * @param events the call's events, in delivery order
   * @return a complete HTML document
   */
  public static String render(String title, long userAudioMillis, List<SessionEvent> events) {
    CallTimeline timeline = CallTimeline.of(events, userAudioMillis);
    List<TurnLatency> turns = CallTimeline.turnLatencies(events);
    StringBuilder out = new StringBuilder(16_384);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append(CSS)
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n<p class=\"summary\">")
        .append(escape(summary(timeline, turns)))
        .append("</p>\n");
    timeline(out, timeline, turns);
    legend(out);
    turnTable(out, timeline, turns);
    failures(out, timeline);
    out.append("</body>\n</html>\n");
    return out.toString();
  }

  /** Renders one call into a UTF-8 file, replacing any earlier one. */
  public static void write(Path file, String title, long userAudioMillis, List<SessionEvent> events)
      throws IOException {
    Files.writeString(file, render(title, userAudioMillis, events), StandardCharsets.UTF_8);
  }

  /**
   * The reply latency of every user turn, in turn order, exactly as the picture draws it.
   *
   * <p>A turn's user end is the last user speech end after the previous turn ended and at or before
   * this one (the turn end itself when there is none, so a missed speech edge never borrows the
   * previous turn's). Its agent start is the first {@link SpeechKind#RESPONSE} starting at or after
   * the turn end and before the next turn ends: a reply that comes only after the user spoke again
   * answers the later turn, and fillers and backchannels are not answers. Events may come in
   * delivery order; they are ordered by time first.
   */
  public static List<TurnLatency> turnLatencies(List<SessionEvent> events) {
    return CallTimeline.turnLatencies(events);
  }

  /** Maps call time to x and picks tick spacing. */
  private record Scale(double pxPerSecond) {
    static Scale fit(long endNanos) {
      double seconds = axisNanos(endNanos) / 1e9;
      return new Scale(Math.clamp(FIT_WIDTH_PX / seconds, MIN_PX_PER_SECOND, MAX_PX_PER_SECOND));
    }

    /** How much time the axis spans: the call, but at least a second so it always has a scale. */
    static long axisNanos(long endNanos) {
      return Math.max(endNanos, 1_000_000_000L);
    }

    double x(long nanos) {
      return PAD_LEFT + Math.max(0, nanos) / 1e9 * pxPerSecond;
    }

    long tickStepMillis() {
      for (long step : TICK_STEPS_MILLIS) {
        if (step / 1000.0 * pxPerSecond >= MIN_TICK_GAP_PX) {
          return step;
        }
      }
      return TICK_STEPS_MILLIS[TICK_STEPS_MILLIS.length - 1];
    }
  }

  /** A tool call with its row and the label it gets, inside the bar or to its right. */
  private record PlacedTool(
      CallTimeline.ToolCall call, int row, double x1, double x2, String label, boolean inside) {
    double extent() {
      return inside ? x2 : x2 + 4 + textWidth(label);
    }
  }

  private static void timeline(StringBuilder out, CallTimeline t, List<TurnLatency> turns) {
    Scale scale = Scale.fit(t.endNanos);
    List<PlacedTool> tools = placeTools(t.toolCalls, scale);
    int rows = 1;
    double width = scale.x(Scale.axisNanos(t.endNanos)) + PAD_RIGHT;
    for (PlacedTool tool : tools) {
      rows = Math.max(rows, tool.row() + 1);
      width = Math.max(width, tool.extent() + 8);
    }
    int height = TOOLS_TOP + 12 + rows * TOOL_ROW_HEIGHT;
    out.append("<section class=\"timeline\">\n");
    laneNames(out, height);
    out.append("<div class=\"scroll\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(px(width))
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(px(width))
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"Timeline of the call\">\n")
        .append("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\"")
        .append(" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">")
        .append("<rect width=\"2.5\" height=\"6\" fill=\"#fff\" fill-opacity=\"0.6\"/>")
        .append("</pattern></defs>\n");
    laneBackgrounds(out, width, height);
    axis(out, scale, t, height);
    userLane(out, scale, t);
    latencyLane(out, scale, turns);
    agentLane(out, scale, t);
    toolsLane(out, scale, t, tools);
    out.append("</svg>\n</div>\n</section>\n");
  }

  private static void laneNames(StringBuilder out, int height) {
    out.append("<svg class=\"lanes\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(LABEL_WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" aria-hidden=\"true\">\n");
    laneBackgrounds(out, LABEL_WIDTH, height);
    laneName(out, "seconds", AXIS_HEIGHT / 2.0, "axis-name");
    laneName(out, "User", USER_TOP + USER_HEIGHT / 2.0, "lane-name");
    laneName(out, "Latency", LATENCY_TOP + LATENCY_HEIGHT / 2.0, "lane-name");
    laneName(out, "Agent", AGENT_TOP + AGENT_HEIGHT / 2.0, "lane-name");
    laneName(out, "Tools", TOOLS_TOP + (height - TOOLS_TOP) / 2.0, "lane-name");
    out.append("</svg>\n");
  }

  private static void laneName(StringBuilder out, String name, double centreY, String css) {
    out.append("<text class=\"")
        .append(css)
        .append("\" x=\"12\" y=\"")
        .append(px(centreY + 4))
        .append("\">")
        .append(name)
        .append("</text>\n");
  }

  private static void laneBackgrounds(StringBuilder out, double width, int height) {
    band(out, "band-axis", 0, AXIS_HEIGHT, width);
    band(out, "band", USER_TOP, USER_HEIGHT, width);
    band(out, "band-alt", LATENCY_TOP, LATENCY_HEIGHT, width);
    band(out, "band", AGENT_TOP, AGENT_HEIGHT, width);
    band(out, "band-alt", TOOLS_TOP, height - TOOLS_TOP, width);
  }

  private static void band(StringBuilder out, String css, int y, int bandHeight, double width) {
    out.append("<rect class=\"")
        .append(css)
        .append("\" x=\"0\" y=\"")
        .append(y)
        .append("\" width=\"")
        .append(px(width))
        .append("\" height=\"")
        .append(bandHeight)
        .append("\"/>\n");
  }

  private static void axis(StringBuilder out, Scale scale, CallTimeline t, int height) {
    long step = scale.tickStepMillis();
    long endMillis = Scale.axisNanos(t.endNanos) / 1_000_000L;
    out.append("<g class=\"axis\">\n");
    for (long at = 0; at <= endMillis; at += step) {
      String x = px(scale.x(at * 1_000_000L));
      out.append("<line class=\"grid\" x1=\"")
          .append(x)
          .append("\" x2=\"")
          .append(x)
          .append("\" y1=\"")
          .append(AXIS_HEIGHT - 6)
          .append("\" y2=\"")
          .append(height)
          .append("\"/><text x=\"")
          .append(x)
          .append("\" y=\"18\" text-anchor=\"middle\">")
          .append(tickLabel(at, step))
          .append("</text>\n");
    }
    out.append("</g>\n");
    for (SessionEvent.ServiceFailed failure : t.failures) {
      double x = scale.x(failure.atNanos());
      out.append("<g class=\"failure\">")
          .append(
              title(
                  at(failure.atNanos())
                      + " "
                      + failure.component()
                      + " failed: "
                      + failure.message()))
          .append("<path d=\"M")
          .append(px(x))
          .append(' ')
          .append(AXIS_HEIGHT - 13)
          .append("l5 5l-5 5l-5-5z\"/></g>\n");
    }
  }

  private static String tickLabel(long atMillis, long stepMillis) {
    if (stepMillis < 1000 && atMillis % 1000 != 0) {
      return String.format(Locale.ROOT, "%.1f s", atMillis / 1000.0);
    }
    long seconds = atMillis / 1000;
    if (seconds < 60) {
      return seconds + " s";
    }
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }

  private static void userLane(StringBuilder out, Scale scale, CallTimeline t) {
    out.append("<g class=\"user-lane\">\n");
    for (CallTimeline.Speech speech : t.userSpeech) {
      double x1 = scale.x(speech.startNanos());
      double x2 = Math.max(scale.x(speech.endNanos()), x1 + 2);
      out.append("<rect class=\"user-speech")
          .append(speech.open() ? " open" : "")
          .append("\" x=\"")
          .append(px(x1))
          .append("\" y=\"")
          .append(USER_BAR_Y)
          .append("\" width=\"")
          .append(px(x2 - x1))
          .append("\" height=\"")
          .append(USER_BAR_HEIGHT)
          .append("\" rx=\"3\">")
          .append(
              title(
                  "user speech "
                      + span(speech.startNanos(), speech.endNanos())
                      + (speech.open() ? " (still speaking when the call ended)" : "")))
          .append("</rect>\n");
    }
    for (SessionEvent.UserTurnEagerEnd eager : t.eagerEnds) {
      String tip =
          String.format(
              Locale.ROOT,
              "%s eager end of turn (p = %.2f): %s",
              at(eager.atNanos()),
              eager.probability(),
              eager.text());
      vertical(out, "eager", scale.x(eager.atNanos()), USER_TOP + 3, USER_TOP + 38, tip);
    }
    for (CallTimeline.Mark resume : t.resumes) {
      double x = scale.x(resume.atNanos());
      out.append("<g class=\"resumed\">")
          .append(title(at(resume.atNanos()) + " " + resume.text()))
          .append("<path d=\"M")
          .append(px(x))
          .append(' ')
          .append(USER_TOP + 1)
          .append("l5 5l-5 5l-5-5z\"/></g>\n");
    }
    double previousX = 4;
    for (int i = 0; i < t.turnEnds.size(); i++) {
      SessionEvent.UserTurnEnded end = t.turnEnds.get(i);
      double x = scale.x(end.atNanos());
      String number = "#" + (i + 1);
      vertical(
          out,
          "turn-end",
          x,
          USER_TOP + 3,
          USER_TOP + 40,
          at(end.atNanos()) + " turn " + (i + 1) + " ended: " + end.text());
      double room = x - 4 - previousX - (number.length() + 1) * TRANSCRIPT_CHAR_PX;
      String text = truncate(oneLine(end.text()), (int) (room / TRANSCRIPT_CHAR_PX));
      out.append("<text class=\"transcript\" x=\"")
          .append(px(x - 4))
          .append("\" y=\"")
          .append(USER_TOP + 58)
          .append("\" text-anchor=\"end\"><tspan class=\"turn-no\">")
          .append(number)
          .append("</tspan> ")
          .append(escape(text))
          .append(title(end.text()))
          .append("</text>\n");
      previousX = x + 6;
    }
    orphans(out, scale, t.userOrphans, USER_BAR_Y, USER_BAR_Y + USER_BAR_HEIGHT);
    out.append("</g>\n");
  }

  private static void latencyLane(StringBuilder out, Scale scale, List<TurnLatency> turns) {
    out.append("<g class=\"latency-lane\">\n");
    for (TurnLatency turn : turns) {
      double x1 = scale.x(turn.userEndNanos());
      if (!turn.answered()) {
        out.append("<g class=\"latency none\">")
            .append(title("turn " + turn.turn() + ": the agent never answered"))
            .append("<path class=\"bracket\" d=\"M")
            .append(px(x1))
            .append(' ')
            .append(BRACKET_Y - 5)
            .append("v10m0-5h22\"/><text x=\"")
            .append(px(x1 + 26))
            .append("\" y=\"")
            .append(BRACKET_Y + 4)
            .append("\">no reply</text></g>\n");
        continue;
      }
      long latencyMillis = turn.latencyMillis().orElseThrow();
      String budget = LatencyBudget.of(latencyMillis).name().toLowerCase(Locale.ROOT);
      double x2 = scale.x(turn.agentStartNanos());
      out.append("<g class=\"latency ")
          .append(budget)
          .append("\">")
          .append(
              title(
                  "turn "
                      + turn.turn()
                      + ": user speech ended "
                      + at(turn.userEndNanos())
                      + ", agent answered "
                      + at(turn.agentStartNanos())
                      + ": "
                      + latencyMillis
                      + " ms ("
                      + budget
                      + ")"))
          .append("<path class=\"guide\" d=\"M")
          .append(px(x1))
          .append(' ')
          .append(USER_BAR_Y + USER_BAR_HEIGHT)
          .append("V")
          .append(BRACKET_Y)
          .append("M")
          .append(px(x2))
          .append(' ')
          .append(BRACKET_Y)
          .append("V")
          .append(AGENT_BAR_Y)
          .append("\"/><path class=\"bracket\" d=\"M")
          .append(px(x1))
          .append(' ')
          .append(BRACKET_Y - 5)
          .append("v10m0-5H")
          .append(px(x2))
          .append("m0-5v10\"/><text x=\"")
          .append(px((x1 + x2) / 2))
          .append("\" y=\"")
          .append(BRACKET_Y - 8)
          .append("\" text-anchor=\"middle\">")
          .append(latencyMillis)
          .append(" ms</text></g>\n");
    }
    out.append("</g>\n");
  }

  private static void agentLane(StringBuilder out, Scale scale, CallTimeline t) {
    out.append("<g class=\"agent-lane\">\n");
    for (CallTimeline.Utterance u : t.utterances) {
      double x1 = scale.x(u.startNanos());
      double x2 = Math.max(scale.x(u.endNanos()), x1 + 2);
      String kind = u.kind().name().toLowerCase(Locale.ROOT);
      StringBuilder tip = new StringBuilder();
      tip.append(kind).append(' ').append(span(u.startNanos(), u.endNanos()));
      if (u.interrupted()) {
        tip.append(", interrupted");
      } else if (u.open()) {
        tip.append(", no end event");
      }
      tip.append('\n').append(u.text());
      if (u.interrupted()) {
        tip.append("\nheard: ").append(u.heardText());
      }
      out.append("<g class=\"utterance ")
          .append(kind)
          .append(u.open() ? " open" : "")
          .append("\">")
          .append(title(tip.toString()))
          .append("<rect x=\"")
          .append(px(x1))
          .append("\" y=\"")
          .append(AGENT_BAR_Y)
          .append("\" width=\"")
          .append(px(x2 - x1))
          .append("\" height=\"")
          .append(AGENT_BAR_HEIGHT)
          .append("\" rx=\"3\"/>");
      String text = oneLine(u.text());
      int room = (int) ((x2 - x1 - 8) / CHAR_PX);
      if (textWidth(text) <= x2 - x1 - 8 || room >= MIN_INSIDE_CHARS) {
        clipped(out, x1, AGENT_BAR_Y, x2 - x1, AGENT_BAR_HEIGHT, "", truncate(text, room));
      } else if (!text.isEmpty()) {
        out.append("<text class=\"below\" x=\"")
            .append(px(x1))
            .append("\" y=\"")
            .append(AGENT_BAR_Y + AGENT_BAR_HEIGHT + 14)
            .append("\">")
            .append(escape(truncate(text, MAX_BELOW_CHARS)))
            .append("</text>");
      }
      if (u.interrupted()) {
        double cy = AGENT_BAR_Y + AGENT_BAR_HEIGHT / 2.0;
        String cross = "M" + px(x2 - 5) + ' ' + px(cy - 5) + "l10 10m0-10l-10 10";
        out.append("<path class=\"cut-halo\" d=\"")
            .append(cross)
            .append("\"/><path class=\"cut\" d=\"")
            .append(cross)
            .append("\"/>");
      }
      out.append("</g>\n");
    }
    for (SessionEvent.AgentInterrupted e : t.interruptions) {
      double x = scale.x(e.atNanos());
      out.append("<g class=\"interrupted\">")
          .append(title(at(e.atNanos()) + " interrupted; the user heard: " + e.heardText()))
          .append("<path d=\"M")
          .append(px(x - 6))
          .append(' ')
          .append(AGENT_MARK_Y - 6)
          .append("h12l-6 10z\"/></g>\n");
    }
    for (SessionEvent.InterruptionIgnored e : t.ignored) {
      out.append("<circle class=\"ignored\" cx=\"")
          .append(px(scale.x(e.atNanos())))
          .append("\" cy=\"")
          .append(AGENT_MARK_Y)
          .append("\" r=\"4.5\">")
          .append(title(at(e.atNanos()) + " not an interruption: " + e.reason()))
          .append("</circle>\n");
    }
    for (CallTimeline.Mark resumed : t.agentResumes) {
      double x = scale.x(resumed.atNanos());
      out.append("<g class=\"agent-resumed\">")
          .append(title(at(resumed.atNanos()) + " agent " + resumed.text()))
          .append("<path d=\"M")
          .append(px(x - 4))
          .append(' ')
          .append(AGENT_MARK_Y - 6)
          .append("l10 6l-10 6z\"/></g>\n");
    }
    orphans(out, scale, t.agentOrphans, AGENT_BAR_Y, AGENT_BAR_Y + AGENT_BAR_HEIGHT);
    out.append("</g>\n");
  }

  private static List<PlacedTool> placeTools(List<CallTimeline.ToolCall> calls, Scale scale) {
    List<PlacedTool> placed = new ArrayList<>(calls.size());
    List<Double> rowEnds = new ArrayList<>();
    for (CallTimeline.ToolCall call : calls) {
      double x1 = scale.x(call.startNanos());
      double x2 = Math.max(scale.x(call.endNanos()), x1 + 3);
      // A call still running at the end lasted at least this long.
      String label =
          oneLine(call.name())
              + String.format(
                  Locale.ROOT,
                  call.status() == null ? " ≥ %.2f s" : " %.2f s",
                  (call.endNanos() - call.startNanos()) / 1e9);
      boolean inside = x2 - x1 >= textWidth(label) + 8;
      int row = 0;
      while (row < rowEnds.size() && rowEnds.get(row) + 6 > x1) {
        row++;
      }
      PlacedTool tool = new PlacedTool(call, row, x1, x2, label, inside);
      if (row == rowEnds.size()) {
        rowEnds.add(tool.extent());
      } else {
        rowEnds.set(row, tool.extent());
      }
      placed.add(tool);
    }
    return placed;
  }

  private static void toolsLane(
      StringBuilder out, Scale scale, CallTimeline t, List<PlacedTool> tools) {
    out.append("<g class=\"tools-lane\">\n");
    for (PlacedTool tool : tools) {
      CallTimeline.ToolCall call = tool.call();
      ToolStatus status = call.status();
      String state = status == null ? "running" : status.name().toLowerCase(Locale.ROOT);
      int y = TOOLS_TOP + 8 + tool.row() * TOOL_ROW_HEIGHT;
      String x = px(tool.x1());
      String w = px(tool.x2() - tool.x1());
      out.append("<g class=\"tool ")
          .append(state)
          .append(call.speculative() ? " speculative" : "")
          .append("\">")
          .append(
              title(
                  call.name()
                      + " ("
                      + call.id()
                      + ") "
                      + (status == null ? "still running when the call ended" : state)
                      + (call.speculative() ? ", speculative" : "")
                      + "\n"
                      + span(call.startNanos(), call.endNanos())
                      + "\narguments: "
                      + call.argumentsJson()))
          .append("<rect class=\"bar\" x=\"")
          .append(x)
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(w)
          .append("\" height=\"")
          .append(TOOL_BAR_HEIGHT)
          .append("\" rx=\"2\"/>");
      if (call.speculative()) {
        out.append("<rect class=\"hatch\" x=\"")
            .append(x)
            .append("\" y=\"")
            .append(y)
            .append("\" width=\"")
            .append(w)
            .append("\" height=\"")
            .append(TOOL_BAR_HEIGHT)
            .append("\" rx=\"2\"/>");
      }
      if (tool.inside()) {
        clipped(out, tool.x1(), y, tool.x2() - tool.x1(), TOOL_BAR_HEIGHT, "inside", tool.label());
      } else {
        out.append("<text class=\"outside\" x=\"")
            .append(px(tool.x2() + 4))
            .append("\" y=\"")
            .append(y + 12)
            .append("\">")
            .append(escape(tool.label()))
            .append("</text>");
      }
      out.append("</g>\n");
    }
    orphans(out, scale, t.toolOrphans, TOOLS_TOP + 8, TOOLS_TOP + 8 + TOOL_BAR_HEIGHT);
    out.append("</g>\n");
  }

  /**
   * A one-line label inside a bar, in a nested viewport that clips it to the bar (no ids needed,
   * unlike a clip path), baseline-centred for 11 px text.
   */
  private static void clipped(
      StringBuilder out, double x, int y, double width, int height, String css, String text) {
    out.append("<svg x=\"")
        .append(px(x))
        .append("\" y=\"")
        .append(y)
        .append("\" width=\"")
        .append(px(width))
        .append("\" height=\"")
        .append(height)
        .append("\"><text");
    if (!css.isEmpty()) {
      out.append(" class=\"").append(css).append('"');
    }
    out.append(" x=\"4\" y=\"")
        .append(px(height / 2.0 + 4))
        .append("\">")
        .append(escape(text))
        .append("</text></svg>");
  }

  private static void orphans(
      StringBuilder out, Scale scale, List<CallTimeline.Orphan> orphans, int y1, int y2) {
    for (CallTimeline.Orphan orphan : orphans) {
      vertical(
          out,
          "orphan",
          scale.x(orphan.atNanos()),
          y1 - 3,
          y2 + 3,
          at(orphan.atNanos()) + " " + orphan.description());
    }
  }

  /** A vertical marker line with a wider invisible strip so its tooltip is easy to hit. */
  private static void vertical(
      StringBuilder out, String css, double x, int y1, int y2, String tooltip) {
    out.append("<g class=\"")
        .append(css)
        .append("\">")
        .append(title(tooltip))
        .append("<rect class=\"hit\" x=\"")
        .append(px(x - 4))
        .append("\" y=\"")
        .append(y1)
        .append("\" width=\"8\" height=\"")
        .append(y2 - y1)
        .append("\"/><line x1=\"")
        .append(px(x))
        .append("\" x2=\"")
        .append(px(x))
        .append("\" y1=\"")
        .append(y1)
        .append("\" y2=\"")
        .append(y2)
        .append("\"/></g>\n");
  }

  private static void legend(StringBuilder out) {
    out.append("<ul class=\"legend\">\n");
    legendItem(
        out,
        "<rect class=\"user-speech\" x=\"1\" y=\"2\" width=\"24\" height=\"10\"/>",
        "user speech");
    legendItem(
        out,
        "<g class=\"turn-end\"><line x1=\"13\" x2=\"13\" y1=\"0\" y2=\"14\"/></g>",
        "turn end");
    legendItem(
        out, "<g class=\"eager\"><line x1=\"13\" x2=\"13\" y1=\"0\" y2=\"14\"/></g>", "eager end");
    legendItem(out, "<g class=\"resumed\"><path d=\"M13 2l5 5l-5 5l-5-5z\"/></g>", "user resumed");
    legendItem(
        out,
        "<g class=\"utterance response\"><rect x=\"1\" y=\"2\" width=\"24\" "
            + "height=\"10\"/></g>",
        "response");
    legendItem(
        out,
        "<g class=\"utterance backchannel\"><rect x=\"1\" y=\"2\" width=\"24\" "
            + "height=\"10\"/></g>",
        "backchannel");
    legendItem(
        out,
        "<g class=\"utterance filler\"><rect x=\"1\" y=\"2\" width=\"24\" " + "height=\"10\"/></g>",
        "filler");
    legendItem(
        out,
        "<g class=\"utterance response\"><rect x=\"1\" y=\"2\" width=\"18\" "
            + "height=\"10\"/><path class=\"cut-halo\" d=\"M15 3l8 8m0-8l-8 8\"/>"
            + "<path class=\"cut\" d=\"M15 3l8 8m0-8l-8 8\"/></g>",
        "cut off");
    legendItem(out, "<g class=\"interrupted\"><path d=\"M7 2h12l-6 10z\"/></g>", "interrupted");
    legendItem(
        out, "<circle class=\"ignored\" cx=\"13\" cy=\"7\" r=\"4.5\"/>", "not an interruption");
    legendItem(
        out, "<g class=\"agent-resumed\"><path d=\"M9 1l10 6l-10 6z\"/></g>", "agent resumed");
    legendItem(out, latencySwatch("good"), "latency ≤ 400 ms");
    legendItem(out, latencySwatch("slow"), "≤ 1500 ms");
    legendItem(out, latencySwatch("dead"), "> 1500 ms");
    for (String status : List.of("ok", "cancelled", "failed", "compensated", "running")) {
      legendItem(
          out,
          "<g class=\"tool "
              + status
              + "\"><rect class=\"bar\" x=\"1\" y=\"2\" "
              + "width=\"24\" height=\"10\"/></g>",
          "tool " + status);
    }
    legendItem(
        out,
        "<g class=\"tool ok speculative\"><rect class=\"bar\" x=\"1\" y=\"2\" "
            + "width=\"24\" height=\"10\"/><rect class=\"hatch\" x=\"1\" y=\"2\" width=\"24\" "
            + "height=\"10\"/></g>",
        "speculative tool");
    legendItem(
        out, "<g class=\"failure\"><path d=\"M13 2l5 5l-5 5l-5-5z\"/></g>", "service failure");
    out.append("</ul>\n");
  }

  private static String latencySwatch(String budget) {
    return "<g class=\"latency "
        + budget
        + "\"><path class=\"bracket\" d=\"M2 3v8m0-4h22m0-4v8\"/></g>";
  }

  private static void legendItem(StringBuilder out, String swatch, String name) {
    out.append("<li><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"26\" height=\"14\"")
        .append(" aria-hidden=\"true\">")
        .append(swatch)
        .append("</svg>")
        .append(escape(name))
        .append("</li>\n");
  }

  private static void turnTable(StringBuilder out, CallTimeline t, List<TurnLatency> turns) {
    out.append("<h2>Turns</h2>\n");
    if (turns.isEmpty()) {
      out.append("<p class=\"muted\">No user turns.</p>\n");
      return;
    }
    out.append("<table class=\"turns\">\n<thead><tr><th>#</th><th>User said</th>")
        .append("<th class=\"num\">User end (s)</th><th class=\"num\">Agent start (s)</th>")
        .append("<th class=\"num\">Latency (ms)</th><th>Heard / interrupted</th></tr></thead>\n")
        .append("<tbody>\n");
    for (TurnLatency turn : turns) {
      out.append("<tr><td class=\"num\">")
          .append(turn.turn())
          .append("</td><td>")
          .append(escape(turn.userText()))
          .append("</td><td class=\"num\">")
          .append(seconds(turn.userEndNanos()))
          .append("</td>");
      if (turn.answered()) {
        long latencyMillis = turn.latencyMillis().orElseThrow();
        out.append("<td class=\"num\">")
            .append(seconds(turn.agentStartNanos()))
            .append("</td><td class=\"num latency-cell ")
            .append(LatencyBudget.of(latencyMillis).name().toLowerCase(Locale.ROOT))
            .append("\">")
            .append(latencyMillis)
            .append("</td><td>")
            .append(escape(outcome(t, turn.agentStartNanos())))
            .append("</td></tr>\n");
      } else {
        out.append("<td class=\"num\">—</td><td class=\"num latency-cell none\">—</td>")
            .append("<td>no reply</td></tr>\n");
      }
    }
    out.append("</tbody>\n</table>\n");
  }

  /** What became of the response that started at the given time. */
  private static String outcome(CallTimeline t, long startNanos) {
    CallTimeline.@Nullable Utterance response = null;
    for (CallTimeline.Utterance u : t.utterances) {
      if (u.startNanos() == startNanos && u.kind() == SpeechKind.RESPONSE) {
        response = u;
        break;
      }
    }
    if (response == null) {
      return "";
    }
    if (response.interrupted()) {
      return "interrupted at " + at(response.endNanos()) + "; heard “" + response.heardText() + "”";
    }
    if (response.open()) {
      return response.endNanos() >= t.endNanos
          ? "still speaking when the call ended"
          : "no end event";
    }
    return "heard in full";
  }

  private static void failures(StringBuilder out, CallTimeline t) {
    out.append("<h2>Service failures</h2>\n");
    if (t.failures.isEmpty()) {
      out.append("<p class=\"muted\">None.</p>\n");
      return;
    }
    out.append("<ul class=\"failures\">\n");
    for (SessionEvent.ServiceFailed failure : t.failures) {
      out.append("<li><span class=\"at\">")
          .append(at(failure.atNanos()))
          .append("</span> <b>")
          .append(escape(failure.component()))
          .append("</b>: ")
          .append(escape(failure.message()))
          .append("</li>\n");
    }
    out.append("</ul>\n");
  }

  private static String summary(CallTimeline t, List<TurnLatency> turns) {
    List<Long> latencies = new ArrayList<>();
    for (TurnLatency turn : turns) {
      turn.latencyMillis().ifPresent(latencies::add);
    }
    latencies.sort(null);
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%.1f s", t.endNanos / 1e9))
        .append(" · ")
        .append(count(turns.size(), "user turn"))
        .append(", ")
        .append(latencies.size())
        .append(" answered");
    if (!latencies.isEmpty()) {
      int n = latencies.size();
      long median =
          n % 2 == 1
              ? latencies.get(n / 2)
              : Math.round((latencies.get(n / 2 - 1) + latencies.get(n / 2)) / 2.0);
      s.append(" · reply latency median ")
          .append(median)
          .append(" ms, worst ")
          .append(latencies.get(n - 1))
          .append(" ms");
    }
    s.append(" · ")
        .append(count(t.interruptions.size(), "interruption"))
        .append(" · ")
        .append(count(t.toolCalls.size(), "tool call"))
        .append(" · ")
        .append(count(t.failures.size(), "service failure"));
    return s.toString();
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String title(String text) {
    return "<title>" + escape(text) + "</title>";
  }

  private static String at(long nanos) {
    return seconds(nanos) + " s";
  }

  private static String span(long startNanos, long endNanos) {
    return seconds(startNanos) + "–" + seconds(endNanos) + " s";
  }

  private static double textWidth(String text) {
    return text.codePointCount(0, text.length()) * CHAR_PX;
  }

  private static final String CSS =
      """
      body { margin: 24px; color: #202124; background: #fff;
        font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
          sans-serif; }
      h1 { font-size: 20px; margin: 0 0 4px; }
      h2 { font-size: 16px; margin: 24px 0 8px; }
      .summary, .muted { color: #5f6368; margin: 0 0 14px; }
      .timeline { display: inline-flex; max-width: 100%; box-sizing: border-box;
        border: 1px solid #dadce0; border-radius: 6px; overflow: hidden; }
      .timeline svg { display: block; }
      .lanes { flex: none; border-right: 1px solid #dadce0; }
      .scroll { overflow-x: auto; flex: 1 1 auto; min-width: 0; }
      svg text { font-family: inherit; font-size: 11px; fill: #3c4043; }
      .lane-name { font-size: 13px; font-weight: 600; fill: #202124; }
      .axis-name { fill: #80868b; }
      .band { fill: #fff; } .band-alt { fill: #f8f9fa; } .band-axis { fill: #f1f3f4; }
      .grid { stroke: #e8eaed; stroke-width: 1; }
      .hit { fill: transparent; }
      .user-speech { fill: #8e7cc3; } .user-speech.open { fill-opacity: 0.55;
        stroke: #8e7cc3; stroke-dasharray: 3 2; }
      .turn-end line { stroke: #3c4043; stroke-width: 2; }
      .eager line { stroke: #e37400; stroke-width: 1.5; stroke-dasharray: 3 2; }
      .resumed path { fill: #e37400; }
      .transcript { font-style: italic; fill: #3c4043; }
      .turn-no { font-style: normal; font-weight: 700; fill: #5f6368; }
      .latency .bracket { fill: none; stroke-width: 2; }
      .latency .guide { fill: none; stroke-width: 1; stroke-dasharray: 1 3; }
      .latency text { font-weight: 700; }
      .latency.good .bracket, .latency.good .guide { stroke: #188038; }
      .latency.good text { fill: #188038; }
      .latency.slow .bracket, .latency.slow .guide { stroke: #e37400; }
      .latency.slow text { fill: #b06000; }
      .latency.dead .bracket, .latency.dead .guide { stroke: #d93025; }
      .latency.dead text { fill: #d93025; }
      .latency.none .bracket { stroke: #9aa0a6; stroke-dasharray: 3 2; }
      .latency.none text { fill: #80868b; font-weight: 400; font-style: italic; }
      .utterance rect { fill: #1a73e8; } .utterance text { fill: #fff; }
      .utterance text.below { fill: #3c4043; }
      .utterance.backchannel rect { fill: #12a4af; }
      .utterance.filler rect { fill: #fbbc04; } .utterance.filler text { fill: #202124; }
      .utterance.open rect { fill-opacity: 0.6; }
      .cut { stroke: #d93025; stroke-width: 2.5; stroke-linecap: round; fill: none; }
      .cut-halo { stroke: #fff; stroke-width: 5; stroke-linecap: round; fill: none; }
      .interrupted path { fill: #d93025; }
      .ignored { fill: #fff; stroke: #80868b; stroke-width: 1.5; }
      .agent-resumed path { fill: #188038; }
      .tool .bar { stroke-width: 1.5; }
      .tool.ok .bar { fill: #34a853; stroke: #188038; }
      .tool.cancelled .bar { fill: #9aa0a6; stroke: #5f6368; }
      .tool.failed .bar { fill: #ea4335; stroke: #b31412; }
      .tool.compensated .bar { fill: #a142f4; stroke: #7627bb; }
      .tool.running .bar { fill: #dadce0; stroke: #5f6368; stroke-dasharray: 4 2; }
      .tool.speculative .bar { stroke-dasharray: 3 2; }
      .tool .hatch { fill: url(#hatch); }
      .tool text.inside { fill: #fff; } .tool.running text.inside { fill: #202124; }
      .tool text.outside { fill: #3c4043; }
      .failure path { fill: #d93025; stroke: #fff; stroke-width: 1; }
      .orphan line { stroke: #80868b; stroke-width: 2; stroke-dasharray: 2 2; }
      .utterance:hover rect, .tool:hover .bar, .user-speech:hover { filter: brightness(0.9); }
      .legend { display: flex; flex-wrap: wrap; gap: 6px 18px; list-style: none; padding: 0;
        margin: 12px 0 0; color: #3c4043; font-size: 12px; }
      .legend li { display: flex; align-items: center; gap: 6px; }
      .turns { border-collapse: collapse; font-size: 13px; }
      .turns th, .turns td { border-bottom: 1px solid #e8eaed; padding: 5px 10px; text-align: left;
        vertical-align: top; }
      .turns th { color: #5f6368; font-weight: 600; }
      .turns .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      .latency-cell { font-weight: 700; }
      .latency-cell.good { color: #188038; } .latency-cell.slow { color: #b06000; }
      .latency-cell.dead { color: #d93025; } .latency-cell.none { color: #80868b; }
      .failures .at { color: #5f6368; font-variant-numeric: tabular-nums; }
      """;
}
