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

import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * One value the user said in a turn: a city (with its role, if the words gave one), a date, a time,
 * a passenger count, or a yes/no answer.
 *
 * @param kind what the value is
 * @param city the city, for {@link Kind#CITY}
 * @param role whether the city is where the trip starts or ends, {@link Role#UNSAID} if the words
 *     did not say
 * @param date the date, for {@link Kind#DATE}
 * @param time the time, for {@link Kind#TIME}
 * @param count the passengers, for {@link Kind#COUNT}
 * @param yes the answer, for {@link Kind#ANSWER}
 * @param corrective whether the user marked it as a correction ("actually", "I mean", "not X, Y")
 *     with nothing earlier in the same turn for it to replace: it revises a value of an earlier
 *     turn
 */
record Mention(
    Kind kind,
    @Nullable City city,
    Role role,
    @Nullable LocalDate date,
    @Nullable TimePreference time,
    int count,
    boolean yes,
    boolean corrective) {

  /** What kind of value a mention is. */
  enum Kind {
    CITY,
    DATE,
    TIME,
    COUNT,
    ANSWER
  }

  /** Which end of the trip a city is. */
  enum Role {
    ORIGIN,
    DESTINATION,
    UNSAID
  }

  static Mention city(City city, Role role) {
    return new Mention(Kind.CITY, city, role, null, null, 0, false, false);
  }

  static Mention date(LocalDate date) {
    return new Mention(Kind.DATE, null, Role.UNSAID, date, null, 0, false, false);
  }

  static Mention time(TimePreference time) {
    return new Mention(Kind.TIME, null, Role.UNSAID, null, time, 0, false, false);
  }

  static Mention count(int count) {
    return new Mention(Kind.COUNT, null, Role.UNSAID, null, null, count, false, false);
  }

  static Mention answer(boolean yes) {
    return new Mention(Kind.ANSWER, null, Role.UNSAID, null, null, 0, yes, false);
  }

  Mention withRole(Role role) {
    return new Mention(kind, city, role, date, time, count, yes, corrective);
  }

  Mention asCorrective(boolean corrective) {
    return new Mention(kind, city, role, date, time, count, yes, corrective);
  }

  /** Whether two mentions say the same value (roles aside). */
  boolean sameValue(Mention other) {
    return kind == other.kind
        && java.util.Objects.equals(city, other.city)
        && java.util.Objects.equals(date, other.date)
        && java.util.Objects.equals(time, other.time)
        && count == other.count
        && yes == other.yes;
  }

  @Override
  public String toString() {
    return switch (kind) {
      case CITY -> (corrective ? "~" : "") + role + "=" + (city == null ? "?" : city.name());
      case DATE -> (corrective ? "~" : "") + "DATE=" + date;
      case TIME -> (corrective ? "~" : "") + "TIME=" + (time == null ? "?" : time.spoken());
      case COUNT -> (corrective ? "~" : "") + "COUNT=" + count;
      case ANSWER -> (corrective ? "~" : "") + (yes ? "YES" : "NO");
    };
  }
}
