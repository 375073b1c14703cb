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
package dev.parley.loadtest;

import java.util.Locale;

/**
 * What a load test measured. Server-side figures come from the server's {@code /metrics}; a figure
 * the server did not expose is {@code NaN} (written as JSON {@code null}).
 *
 * @param sessions callers asked for
 * @param seconds seconds of audio each caller streamed
 * @param connected callers the server admitted
 * @param refused callers the server turned away at the upgrade because it was full or overloaded
 *     (503): admission working, not a failure; the admitted calls are judged
 * @param failed admitted callers cut off or failed, or refused for any other reason (a bad token),
 *     with {@link #firstFailure} the first reason
 * @param frameDelayMsP50 median delay from a caller frame's arrival to the end of its processing
 * @param frameDelayMsP99 its 99th percentile
 * @param frameDelayMsMax its maximum
 * @param droppedFrames caller frames the server dropped during the test
 * @param turnDecisionMsP50 median time from the end of user speech to the end-of-turn decision
 * @param turnDecisionMsP99 its 99th percentile
 * @param cpuPercent the server process's CPU use under load, percent of all cores
 * @param rssMb the server's resident memory under load, MiB
 * @param mbPerSession resident memory added per session over the idle server, MiB
 * @param peakActiveSessions the most sessions the server reported active at once
 * @param framesSent caller frames written in all
 * @param callerMaxLagMs the load generator's own lag, which should stay near zero: the longest a 20
 *     ms tick came late or a frame waited for the previous one to be written
 * @param turnEnds {@code user_turn_end} events the callers received
 * @param agentAudioSeconds agent audio the callers received, seconds per caller on average
 * @param trend how RSS, heap after GC and threads moved while all callers were connected, or empty
 */
public record LoadReport(
    int sessions,
    int seconds,
    int connected,
    int refused,
    int failed,
    String firstFailure,
    double frameDelayMsP50,
    double frameDelayMsP99,
    double frameDelayMsMax,
    long droppedFrames,
    double turnDecisionMsP50,
    double turnDecisionMsP99,
    double cpuPercent,
    double rssMb,
    double mbPerSession,
    int peakActiveSessions,
    long framesSent,
    long callerMaxLagMs,
    long turnEnds,
    double agentAudioSeconds,
    String trend) {

  /**
   * Whether the run held: every admitted caller served to the end, p99 frame delay within 20 ms,
   * nothing dropped, and at least one caller admitted. Callers refused with 503 are the server
   * defending the admitted ones and do not fail the run.
   */
  public boolean held() {
    return failed == 0 && connected > 0 && droppedFrames == 0 && frameDelayMsP99 <= 20;
  }

  /**
   * The JSON of {@code --out}: exactly the keys {@code sessions}, {@code seconds}, {@code
   * admitted}, {@code refused}, {@code failed}, {@code frame_delay_ms_p50}, {@code
   * frame_delay_ms_p99}, {@code frame_delay_ms_max}, {@code dropped_frames}, {@code
   * turn_decision_ms_p99}, {@code cpu_percent}, {@code rss_mb}, {@code mb_per_session}.
   */
  public String toJson() {
    return "{\n"
        + "  \"sessions\": "
        + sessions
        + ",\n  \"seconds\": "
        + seconds
        + ",\n  \"admitted\": "
        + connected
        + ",\n  \"refused\": "
        + refused
        + ",\n  \"failed\": "
        + failed
        + ",\n  \"frame_delay_ms_p50\": "
        + number(frameDelayMsP50)
        + ",\n  \"frame_delay_ms_p99\": "
        + number(frameDelayMsP99)
        + ",\n  \"frame_delay_ms_max\": "
        + number(frameDelayMsMax)
        + ",\n  \"dropped_frames\": "
        + droppedFrames
        + ",\n  \"turn_decision_ms_p99\": "
        + number(turnDecisionMsP99)
        + ",\n  \"cpu_percent\": "
        + number(cpuPercent)
        + ",\n  \"rss_mb\": "
        + number(rssMb)
        + ",\n  \"mb_per_session\": "
        + number(mbPerSession)
        + "\n}\n";
  }

  /** The report for a terminal. */
  public String toText() {
    StringBuilder out = new StringBuilder();
    line(
        out,
        "sessions",
        sessions
            + " asked, "
            + connected
            + " admitted, "
            + refused
            + " refused (503), "
            + failed
            + " failed");
    if (!firstFailure.isEmpty()) {
      line(out, "first failure", firstFailure);
    }
    line(out, "audio", seconds + " s per caller, " + framesSent + " frames sent");
    line(
        out,
        "frame delay",
        "p50 "
            + ms(frameDelayMsP50)
            + ", p99 "
            + ms(frameDelayMsP99)
            + ", max "
            + ms(frameDelayMsMax));
    line(out, "dropped frames", Long.toString(droppedFrames));
    line(out, "turn decision", "p50 " + ms(turnDecisionMsP50) + ", p99 " + ms(turnDecisionMsP99));
    line(out, "server CPU", fixed(cpuPercent, 1) + " % of all cores");
    line(
        out,
        "server memory",
        fixed(rssMb, 1) + " MiB resident, " + fixed(mbPerSession, 2) + " MiB per session");
    line(out, "active sessions", "peak " + peakActiveSessions);
    line(
        out,
        "callers heard",
        turnEnds + " turn ends, " + fixed(agentAudioSeconds, 1) + " s of agent audio per caller");
    if (!trend.isEmpty()) {
      line(out, "trend", trend);
    }
    line(out, "caller lag", "max " + callerMaxLagMs + " ms (the load generator's own)");
    line(
        out,
        "verdict",
        held() ? "held (admitted calls: p99 ≤ 20 ms, no drops, all served)" : "did not hold");
    return out.toString();
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format(Locale.ROOT, "%-16s %s%n", label, value));
  }

  private static String ms(double value) {
    return Double.isNaN(value) ? "n/a" : fixed(value, 2) + " ms";
  }

  private static String fixed(double value, int decimals) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  private static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "null";
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
