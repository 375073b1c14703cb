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

import dev.parley.core.event.SessionEvent;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints what a converse run did: its turns with their latency, and where the files are. */
final class Summary {
  private Summary() {}

  /**
   * Prints the run; {@code words} says where the user's words came from and {@code clock} how time
   * was kept, so a reader knows what the numbers are worth.
   */
  static void print(PrintWriter out, Converse.Result result, String words, String clock) {
    out.println("words: " + words);
    out.println("clock: " + clock);
    long lastUserEnd = -1;
    long turnEnd = -1;
    int turns = 0;
    for (SessionEvent event : result.events()) {
      switch (event) {
        case SessionEvent.UserSpeechEnded e -> lastUserEnd = e.atNanos();
        case SessionEvent.UserTurnEnded e -> {
          turns++;
          turnEnd = lastUserEnd;
          out.printf(Locale.ROOT, "turn %d  user: \"%s\"%n", turns, e.text());
        }
        case SessionEvent.AgentSpeechStarted e -> {
          if (turnEnd >= 0) {
            out.printf(
                Locale.ROOT,
                "        agent after %d ms: \"%s\"%n",
                (e.atNanos() - turnEnd) / 1_000_000,
                e.text());
            turnEnd = -1;
          }
        }
        case SessionEvent.AgentInterrupted e ->
            out.printf(Locale.ROOT, "        interrupted; heard \"%s\"%n", e.heardText());
        default -> {}
      }
    }
    out.printf(
        Locale.ROOT,
        "%d turns in %.1f s of user audio%n",
        turns,
        result.userAudioMillis() / 1000.0);
    out.println("call recording: " + result.callWav());
    out.println("timeline:       " + result.timelineJson());
    out.println("event trace:    " + result.eventsJsonl());
    out.println("report:         " + result.reportHtml());
    out.flush();
  }
}
