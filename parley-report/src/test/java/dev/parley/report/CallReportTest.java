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

import static dev.parley.report.ScriptedCall.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SessionEvent.AgentSpeechEnded;
import dev.parley.core.event.SessionEvent.AgentSpeechStarted;
import dev.parley.core.event.SessionEvent.ToolCallEnded;
import dev.parley.core.event.SessionEvent.ToolCallStarted;
import dev.parley.core.event.SessionEvent.UserSpeechStarted;
import dev.parley.core.event.SessionEvent.UserTurnEnded;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallReportTest {
  private static final String HTML =
      CallReport.render("Order status", ScriptedCall.USER_AUDIO_MILLIS, ScriptedCall.events());

  @Test
  void drawsEveryLaneOfTheCall() {
    assertThat(HTML)
        .startsWith("<!DOCTYPE html>")
        .contains(">User</text>", ">Latency</text>", ">Agent</text>", ">Tools</text>")
        .contains("class=\"user-speech\"")
        .contains("class=\"eager\"", "class=\"resumed\"", "class=\"turn-end\"")
        .contains("class=\"utterance filler\"", "class=\"utterance backchannel\"")
        .contains("class=\"utterance response\"", "class=\"cut\"")
        .contains("class=\"interrupted\"", "class=\"ignored\"", "class=\"agent-resumed\"")
        .contains("class=\"tool ok speculative\"", ">lookup_order 1.15 s</text>")
        .contains("class=\"failure\"");
  }

  @Test
  void labelsEachTurnWithItsLatencyAgainstTheBudget() {
    assertThat(HTML)
        .contains("<g class=\"latency slow\">", ">1400 ms</text>")
        .contains("<g class=\"latency good\">", ">300 ms</text>")
        .contains("<g class=\"latency none\">", ">no reply</text>")
        .contains("<td class=\"num latency-cell slow\">1400</td>")
        .contains("<td class=\"num latency-cell good\">300</td>")
        .contains("reply latency median 850 ms, worst 1400 ms");
  }

  @Test
  void tableSaysWhatTheUserHeard() {
    assertThat(HTML)
        .contains("<td>2.10</td>".replace("<td>", "<td class=\"num\">"))
        .contains("<td class=\"num\">3.50</td>")
        .contains("interrupted at 5.30 s; heard “" + ScriptedCall.HEARD_1 + "”")
        .contains("heard in full")
        .contains("<td>no reply</td>");
  }

  @Test
  void escapesEveryTextFromTheCall() {
    assertThat(HTML)
        .contains("Where&#39;s my order &lt;#1234&gt; &amp; &quot;when&quot;?")
        .contains("connection reset &lt;503&gt; &amp; closed")
        .doesNotContain("<#1234>", "<503>");
    String hostile = "</title><script>alert('x')</script>";
    String page = CallReport.render(hostile, 0, List.of(new UserTurnEnded(ms(100), hostile)));
    assertThat(page).doesNotContain("<script>");
  }

  @Test
  void isWellFormedXmlSoNothingEscapedTheMarkup() throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    factory.setExpandEntityReferences(false);

    assertThatCode(
            () ->
                factory
                    .newDocumentBuilder()
                    .parse(new ByteArrayInputStream(HTML.getBytes(StandardCharsets.UTF_8))))
        .doesNotThrowAnyException();
  }

  @Test
  void rendersTheSameBytesEveryTime() {
    String again =
        CallReport.render("Order status", ScriptedCall.USER_AUDIO_MILLIS, ScriptedCall.events());

    assertThat(again).isEqualTo(HTML);
  }

  @Test
  void aCallWithNoEventsRendersAnEmptyPicture() {
    String page = CallReport.render("Silence", 0, List.of());

    assertThat(page)
        .contains("<svg", ">0 s</text>", ">1 s</text>", ">No user turns.</p>", ">None.</p>")
        .endsWith("</html>\n");
  }

  @Test
  void theAxisCoversTheUserAudioEvenWithoutEvents() {
    assertThat(CallReport.render("Quiet caller", 5000, List.of())).contains(">5 s</text>");
  }

  @Test
  void startsWithoutEndsRunToTheEndOfTheCall() {
    List<SessionEvent> events =
        List.of(
            new UserSpeechStarted(ms(1000)),
            new AgentSpeechStarted(ms(2000), SpeechKind.RESPONSE, "never finished"),
            new ToolCallStarted(ms(2000), "t1", "search", "{}", false));

    String page = CallReport.render("Cut short", 4000, events);

    assertThat(page)
        .contains("class=\"user-speech open\"", "1.00–4.00 s (still speaking when the call ended)")
        .contains("class=\"utterance response open\"", "response 2.00–4.00 s, no end event")
        .contains("class=\"tool running\"", "search (t1) still running when the call ended")
        .contains("search ≥ 2.00 s</text>");
  }

  @Test
  void endsWithoutStartsAreMarkedNotInvented() {
    List<SessionEvent> events =
        List.of(
            new SessionEvent.UserSpeechEnded(ms(500)),
            new AgentSpeechEnded(ms(800), SpeechKind.RESPONSE, "half", true),
            new ToolCallEnded(ms(900), "t9", "lookup", ToolStatus.FAILED));

    String page = CallReport.render("Orphans", 1000, events);

    assertThat(picture(page))
        .contains("user speech end without a start")
        .contains("agent speech end without a start: half")
        .contains("lookup (t9) ended without a start")
        .doesNotContain("<rect class=\"user-speech", "<g class=\"utterance", "<g class=\"tool ");
  }

  @Test
  void toolCallsThatOverlapGetTheirOwnRows() {
    List<SessionEvent> events =
        List.of(
            new ToolCallStarted(ms(0), "a", "weather", "{}", false),
            new ToolCallStarted(ms(100), "b", "calendar", "{}", true),
            new ToolCallEnded(ms(2000), "a", "weather", ToolStatus.CANCELLED),
            new ToolCallEnded(ms(2100), "b", "calendar", ToolStatus.COMPENSATED));

    String page = CallReport.render("Parallel tools", 3000, events);

    assertThat(page)
        .contains("<g class=\"tool cancelled\">", "<g class=\"tool compensated speculative\">")
        .contains(" y=\"" + 222 + "\"", " y=\"" + 246 + "\"");
  }

  @Test
  void longCallsKeepSixtyPixelsPerSecondAndScroll() {
    String page = CallReport.render("Long call", 600_000, List.of());

    // 16 px padding + 600 s at 60 px/s + 48 px for the last tick label.
    assertThat(page).contains("width=\"36064.0\"", ">10:00</text>");
  }

  /** The timeline's SVG, without the legend's swatches. */
  private static String picture(String page) {
    int start = page.indexOf("<div class=\"scroll\">");
    return page.substring(start, page.indexOf("</section>", start));
  }

  @Test
  void writesTheRenderedPageAsUtf8(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("call.html");

    CallReport.write(file, "Order status", ScriptedCall.USER_AUDIO_MILLIS, ScriptedCall.events());

    assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo(HTML);
  }
}
