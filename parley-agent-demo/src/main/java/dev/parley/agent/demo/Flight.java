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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One scheduled flight of the demo's made-up airline, Parley Air.
 *
 * @param number the flight number ({@code "PA 412"})
 * @param from where it leaves
 * @param to where it lands
 * @param date the day it leaves
 * @param departMinute departure, minutes after midnight local to the origin
 * @param durationMinutes time in the air
 * @param fareUsd fare per passenger in US dollars
 * @param seatsLeft seats still for sale
 */
record Flight(
    String number,
    City from,
    City to,
    LocalDate date,
    int departMinute,
    int durationMinutes,
    int fareUsd,
    int seatsLeft) {

  /**
   * The flights between two cities on a day: the same every time for the same three inputs (a
   * schedule generated from a hash of them), none when the two cities are the same.
   */
  static List<Flight> schedule(City from, City to, LocalDate date) {
    if (from.equals(to)) {
      return List.of();
    }
    SplittableRandom random =
        new SplittableRandom(seed(from.name() + "|" + to.name() + "|" + date));
    double km = from.kilometresTo(to);
    int duration = (int) (5 * Math.round((35 + km / 820.0 * 60) / 5));
    int count = km > 6000 ? 2 + random.nextInt(2) : 4 + random.nextInt(4);
    List<Flight> flights = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // Spread departures over 6:00-21:30 in equal bands, jittered inside each band.
      int band = (21 * 60 + 30 - 6 * 60) / count;
      int depart = 6 * 60 + i * band + 5 * random.nextInt(Math.max(1, band / 5));
      double base = 59 + 0.11 * km;
      int fare = (int) Math.round(base * (0.8 + 0.8 * random.nextDouble()));
      String number = String.format(Locale.ROOT, "PA %d", 100 + random.nextInt(900));
      // One flight in ten is nearly full.
      int seats = random.nextInt(10) == 0 ? 1 : 2 + random.nextInt(8);
      flights.add(new Flight(number, from, to, date, depart, duration, fare, seats));
    }
    flights.sort(Comparator.comparingInt(Flight::departMinute));
    return List.copyOf(flights);
  }

  /** A stable 64-bit hash (FNV-1a) of {@code text}, independent of the JVM. */
  static long seed(String text) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      h ^= text.charAt(i);
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** Departure as {@code "09:05"}. */
  String departs() {
    return clock(departMinute);
  }

  /** Arrival as {@code "11:20"} (origin time; a later day is shown with "+1"). */
  String arrives() {
    int at = departMinute + durationMinutes;
    return clock(at % (24 * 60)) + (at >= 24 * 60 ? "+1" : "");
  }

  /** Departure as the desk says it: {@code "9:05 AM"}. */
  String spokenDeparture() {
    int h = departMinute / 60;
    int m = departMinute % 60;
    int h12 = h % 12 == 0 ? 12 : h % 12;
    return String.format(Locale.ROOT, "%d:%02d %s", h12, m, h < 12 ? "AM" : "PM");
  }

  private static String clock(int minute) {
    return String.format(Locale.ROOT, "%02d:%02d", minute / 60, minute % 60);
  }
}
