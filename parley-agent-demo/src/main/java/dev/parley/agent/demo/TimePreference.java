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
package dev.parley.agent.demo;

import java.util.Locale;

/**
 * When in the day the user wants to fly: an exact time ("3 pm") or a part of the day ("in the
 * morning"), as a window of minutes after midnight.
 *
 * @param fromMinute the earliest wanted departure, minutes after midnight
 * @param toMinute the latest, equal to {@code fromMinute} for an exact time
 * @param spoken how the desk says it back ({@code "3 PM"}, {@code "in the morning"})
 */
record TimePreference(int fromMinute, int toMinute, String spoken) {
  static final TimePreference MORNING = new TimePreference(6 * 60, 12 * 60 - 1, "in the morning");
  static final TimePreference AFTERNOON =
      new TimePreference(12 * 60, 17 * 60 - 1, "in the afternoon");
  static final TimePreference EVENING = new TimePreference(17 * 60, 21 * 60 - 1, "in the evening");
  static final TimePreference NIGHT = new TimePreference(20 * 60, 24 * 60 - 1, "at night");

  /** An exact time of day. */
  static TimePreference at(int hour24, int minute) {
    int h12 = hour24 % 12 == 0 ? 12 : hour24 % 12;
    String spoken =
        minute == 0
            ? h12 + (hour24 < 12 ? " AM" : " PM")
            : String.format(Locale.ROOT, "%d:%02d %s", h12, minute, hour24 < 12 ? "AM" : "PM");
    if (hour24 == 12 && minute == 0) {
      spoken = "noon";
    }
    return new TimePreference(hour24 * 60 + minute, hour24 * 60 + minute, spoken);
  }

  /** Whether this is one time rather than a window. */
  boolean exact() {
    return fromMinute == toMinute;
  }

  /** Whether the time is after noon (for a bare corrected hour: "3 pm, no, 4"). */
  boolean afternoon() {
    return fromMinute >= 12 * 60;
  }

  /** How far {@code minute} lies outside the window, 0 inside it. */
  int distance(int minute) {
    if (minute < fromMinute) {
      return fromMinute - minute;
    }
    return Math.max(0, minute - toMinute);
  }
}
