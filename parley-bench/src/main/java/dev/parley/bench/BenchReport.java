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

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's {@code report.html}: every metric per configuration side by side against its
 * published anchor, latency histograms, and each failing scenario with why it failed and a picture
 * of its call (user speech and pauses, agent speech by kind, interruptions, turn ends, tool calls),
 * linked to the full call page. Self-contained HTML with inline SVG; deterministic. Stateless.
 */
final class BenchReport {
  private static final String[] COLOURS = {"#2f6fb0", "#c0502b", "#4f9a4a", "#8a5bb5"};

  private BenchReport() {}

  static String render(
      List<SuiteScore> scores,
      Map<Suite, String> skipped,
      List<BenchConfig> configs,
      BenchStack stack) {
    StringBuilder h = new StringBuilder();
    h.append(
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>parley bench</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1280px}
        table{border-collapse:collapse;margin:8px 0 20px}
        td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f3f3f3} td.num{text-align:right;font-variant-numeric:tabular-nums}
        .fail{color:#a02020} .muted{color:#777} h2{margin-top:28px}
        .scenario{margin:10px 0 18px;padding:8px;border:1px solid #e3e3e3;border-radius:4px}
        svg text{font:11px system-ui,sans-serif}
        </style></head><body>
        <h1>parley bench</h1>
        """);
    h.append("<p>Full-Duplex-Bench v1/v3 metrics, ")
        .append(configs.size())
        .append(" configurations side by side. ASR: <b>")
        .append(esc(stack.asrName()))
        .append("</b>; VAD: ")
        .append(esc(stack.vad().name()))
        .append("; agent voice: ")
        .append(esc(stack.agentVoice().name()))
        .append("; user voice: ")
        .append(esc(stack.userVoice().name()))
        .append("; turn model: ")
        .append(esc(stack.turnDetector().map(t -> t.name()).orElse("none")))
        .append("; modelled latency: ")
        .append(esc(String.valueOf(new java.util.TreeMap<>(stack.latency().millisByComponent()))))
        .append(" ms. Latencies run from the user's true end of speech; the agent takes the turn")
        .append(" with more than 3 words or over 1 s of speech.</p>\n");

    h.append("<h2>Metrics</h2>\n<table><tr><th>metric</th>");
    for (BenchConfig c : configs) {
      h.append("<th>").append(esc(c.name())).append("</th>");
    }
    h.append("<th>published anchor</th></tr>\n");
    for (Suite suite : Suite.values()) {
      List<String> metricNames = new ArrayList<>();
      for (SuiteScore s : scores) {
        if (s.suite() == suite) {
          for (String k : s.metrics().keySet()) {
            if (!metricNames.contains(k)) {
              metricNames.add(k);
            }
          }
        }
      }
      if (metricNames.isEmpty()) {
        if (skipped.containsKey(suite)) {
          h.append("<tr><td>")
              .append(suite.id())
              .append("</td><td colspan=\"")
              .append(configs.size() + 1)
              .append("\" class=\"muted\">skipped: ")
              .append(esc(skipped.get(suite)))
              .append("</td></tr>\n");
        }
        continue;
      }
      if (suite.realSpeech()) {
        h.append("<tr><th colspan=\"")
            .append(configs.size() + 2)
            .append("\">")
            .append(suite.id())
            .append(": ")
            .append(esc(suite.speech()))
            .append("</th></tr>\n");
      }
      for (String metric : metricNames) {
        h.append("<tr><td>").append(suite.id()).append('.').append(esc(metric)).append("</td>");
        for (BenchConfig c : configs) {
          Number v = null;
          for (SuiteScore s : scores) {
            if (s.suite() == suite && s.config().equals(c.name())) {
              v = s.metrics().get(metric);
            }
          }
          h.append("<td class=\"num\">").append(v == null ? "—" : format(v)).append("</td>");
        }
        h.append("<td class=\"muted\">")
            .append(Anchors.of(suite.id(), metric).map(a -> esc(a.text())).orElse(""))
            .append("</td></tr>\n");
      }
    }
    h.append("</table>\n");

    h.append("<h2>Latency histograms</h2>\n");
    histogram(
        h,
        scores,
        configs,
        Suite.SMOOTH_TURN_TAKING,
        "latency_ms",
        "user end of speech → first agent audio");
    histogram(
        h,
        scores,
        configs,
        Suite.USER_INTERRUPTION,
        "stop_latency_ms",
        "user onset → agent audio stops");
    histogram(
        h, scores, configs, Suite.TOOL_USE, "first_word_latency_ms", "user end → first agent word");
    histogram(
        h,
        scores,
        configs,
        Suite.TOOL_USE,
        "task_completion_latency_ms",
        "user end → answer with the tool result");

    h.append("<h2>Failing scenarios</h2>\n");
    int failing = 0;
    for (SuiteScore s : scores) {
      for (Verdict v : s.failing()) {
        failing++;
        h.append("<div class=\"scenario\"><b>")
            .append(esc(v.run().scenario().id()))
            .append("</b> under <b>")
            .append(esc(s.config()))
            .append("</b> <span class=\"muted\">(")
            .append(esc(v.run().scenario().file()))
            .append(':')
            .append(v.run().scenario().line())
            .append(v.valid() ? "" : ", invalid: not counted in rates")
            .append(")</span> — <a href=\"")
            .append(esc(Bench.relativeCallPage(v.run())))
            .append("\">call</a><ul>");
        for (String f : v.failures()) {
          h.append("<li class=\"fail\">").append(esc(f)).append("</li>");
        }
        h.append("</ul>");
        timeline(h, v.run());
        h.append("</div>\n");
      }
    }
    if (failing == 0) {
      h.append("<p>None.</p>\n");
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void histogram(
      StringBuilder h,
      List<SuiteScore> scores,
      List<BenchConfig> configs,
      Suite suite,
      String measure,
      String caption) {
    List<List<Double>> series = new ArrayList<>();
    double max = 0;
    for (BenchConfig c : configs) {
      List<Double> values = new ArrayList<>();
      for (SuiteScore s : scores) {
        if (s.suite() == suite && s.config().equals(c.name())) {
          values = s.values(measure);
        }
      }
      series.add(values);
      for (double v : values) {
        max = Math.max(max, v);
      }
    }
    if (series.stream().allMatch(List::isEmpty)) {
      return;
    }
    long bin = max <= 1000 ? 50 : max <= 3000 ? 100 : 250;
    int bins = (int) (Math.max(0, max) / bin) + 1;
    int[][] counts = new int[series.size()][bins];
    int top = 1;
    for (int k = 0; k < series.size(); k++) {
      for (double v : series.get(k)) {
        int b = (int) Math.clamp((long) Math.floor(Math.max(0, v) / bin), 0, bins - 1);
        top = Math.max(top, ++counts[k][b]);
      }
    }
    int width = Math.max(360, bins * 14 * series.size() + 60);
    int height = 150;
    h.append("<p><b>")
        .append(suite.id())
        .append('.')
        .append(measure)
        .append("</b> — ")
        .append(esc(caption))
        .append("<br>");
    h.append("<svg width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height + 40)
        .append("\">");
    double bw = (width - 50.0) / bins;
    for (int b = 0; b < bins; b++) {
      for (int k = 0; k < series.size(); k++) {
        double barH = counts[k][b] * (double) height / top;
        double x = 40 + b * bw + k * bw / series.size();
        h.append(
            String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s %d–%d ms: %d</title></rect>",
                x,
                height - barH + 5,
                Math.max(1, bw / series.size() - 1),
                barH,
                COLOURS[k % COLOURS.length],
                esc(configs.get(k).name()),
                b * bin,
                (b + 1) * bin,
                counts[k][b]));
      }
      if (b % Math.max(1, bins / 8) == 0) {
        h.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\">%d</text>",
                40 + b * bw,
                height + 20,
                b * bin));
      }
    }
    h.append(
        String.format(
            Locale.ROOT,
            "<text x=\"0\" y=\"14\">%d</text><text x=\"0\" y=\"%d\">0</text>",
            top,
            height + 5));
    int lx = 40;
    for (int k = 0; k < configs.size(); k++) {
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s (ms)</text>",
              lx,
              height + 27,
              COLOURS[k % COLOURS.length],
              lx + 14,
              height + 36,
              esc(configs.get(k).name())));
      lx += 130;
    }
    h.append("</svg></p>\n");
  }

  /** A compact picture of one call: user lane, agent lane, tools lane, on a shared time axis. */
  private static void timeline(StringBuilder h, ScenarioRun run) {
    CallFacts f = new CallFacts(run);
    long total = Math.max(1000, run.callMillis());
    double pxPerMs = Math.min(0.12, 1100.0 / total);
    int width = (int) (total * pxPerMs) + 70;
    int toolRows = Math.max(1, f.tools.size());
    int height = 96 + toolRows * 14;
    h.append("<svg width=\"").append(width).append("\" height=\"").append(height).append("\">");
    h.append(
        "<text x=\"0\" y=\"24\">user</text><text x=\"0\" y=\"54\">agent</text><text x=\"0\" y=\"82\">tools</text>");
    int x0 = 50;
    for (long t = 0; t <= total; t += 1000) {
      double x = x0 + t * pxPerMs;
      h.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%.1f\" y1=\"8\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>",
              x,
              x,
              height - 12));
      h.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%.1f\" y=\"%d\" fill=\"#999\">%ds</text>",
              x,
              height - 2,
              t / 1000));
    }
    for (SimulatedUser.Span s : run.spans()) {
      boolean pause = s.kind() == SimulatedUser.Span.Kind.PAUSE;
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"12\" width=\"%.1f\" height=\"18\" fill=\"%s\"><title>%s %d–%d ms %s</title></rect>",
              x0 + s.startMillis() * pxPerMs,
              Math.max(1, (s.endMillis() - s.startMillis()) * pxPerMs),
              pause ? "#ddd" : s.overAgent() ? "#e0a030" : "#2f6fb0",
              pause ? "pause" : "said",
              s.startMillis(),
              s.endMillis(),
              esc(s.text())));
    }
    for (CallFacts.Utterance u : f.utterances) {
      String fill =
          u.kind() == SpeechKind.RESPONSE
              ? "#4f9a4a"
              : u.kind() == SpeechKind.FILLER ? "#8a5bb5" : "#9bc59a";
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"42\" width=\"%.1f\" height=\"18\" fill=\"%s\"%s><title>%s %d–%d ms: %s</title></rect>",
              x0 + u.startMillis() * pxPerMs,
              Math.max(1, u.millis() * pxPerMs),
              fill,
              u.interrupted() ? " stroke=\"#a02020\" stroke-width=\"2\"" : "",
              u.kind().name().toLowerCase(Locale.ROOT),
              u.startMillis(),
              u.endMillis(),
              esc(u.heardText())));
    }
    for (SessionEvent e : run.events()) {
      long at = CallFacts.ms(e.atNanos());
      String mark =
          switch (e) {
            case SessionEvent.UserTurnEnded t -> "#2f6fb0";
            case SessionEvent.AgentInterrupted i -> "#a02020";
            case SessionEvent.InterruptionIgnored i -> "#e0a030";
            default -> "";
          };
      if (!mark.isEmpty()) {
        h.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"8\" x2=\"%.1f\" y2=\"64\" stroke=\"%s\" stroke-dasharray=\"3,2\"><title>%s at %d ms</title></line>",
                x0 + at * pxPerMs,
                x0 + at * pxPerMs,
                mark,
                esc(dev.parley.core.event.EventJson.type(e)),
                at));
      }
    }
    int row = 0;
    for (CallFacts.ToolCall c : f.tools) {
      long end = c.endMillis() < 0 ? run.callMillis() : c.endMillis();
      h.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"11\" fill=\"%s\"><title>%s %s %s</title></rect>",
              x0 + c.startMillis() * pxPerMs,
              72 + row * 14,
              Math.max(2, (end - c.startMillis()) * pxPerMs),
              c.kept() ? "#c0502b" : "#bbb",
              esc(c.name()),
              esc(c.argumentsJson()),
              c.status() == null ? "unfinished" : c.status().name().toLowerCase(Locale.ROOT)));
      row++;
    }
    h.append("</svg>");
  }

  private static String format(Number v) {
    return v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
