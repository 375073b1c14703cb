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
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * What the travel desk says, in two registers: the usual one, and a shorter, calmer, apologetic one
 * for a caller whose last turn sounded upset or agitated (no pleasantries, one apology, only what
 * is needed). Both keep the question phrases the desk recognises its own questions by ("where are
 * you flying to", "what date", "how many passengers", "shall I book").
 */
final class Wording {
  private final boolean soothing;
  private boolean apologised;

  Wording(boolean soothing) {
    this.soothing = soothing;
  }

  boolean soothing() {
    return soothing;
  }

  /** The apology an upset caller hears once per reply, at its start. */
  private String sorry() {
    if (!soothing || apologised) {
      return "";
    }
    apologised = true;
    return "Sorry. ";
  }

  String greeting() {
    return sorry() + "Hello, this is the travel desk. Where are you flying to?";
  }

  /** Asks where to; the offer of help only opens a call. */
  String askDestination(boolean first) {
    if (soothing) {
      return sorry() + "Where are you flying to?";
    }
    return first
        ? "Sure, I can help with that. Where are you flying to?"
        : "Where are you flying to?";
  }

  String askOrigin(City destination) {
    return soothing
        ? sorry() + "Where are you flying from?"
        : "To " + destination.name() + ". Where are you flying from?";
  }

  String askDate() {
    return soothing ? sorry() + "What date?" : "What date would you like to fly?";
  }

  String askPassengers() {
    return soothing ? sorry() + "How many passengers?" : "And how many passengers are flying?";
  }

  /** Acknowledges a corrected value: "Boston, not New York." */
  String revised(String now, String before) {
    return soothing ? sorry() + now + "." : "Okay, " + now + " instead of " + before + ".";
  }

  /** Says that nothing fits the wanted time, before offering the nearest flight. */
  String nothingAt(TimePreference time) {
    return soothing
        ? "Nothing " + time.spoken() + "."
        : "Nothing leaves " + time.spoken() + " with enough seats; the closest is this one.";
  }

  String offer(Flight f, int passengers) {
    String date = date(f.date());
    if (soothing) {
      return sorry()
          + f.number()
          + " on "
          + date
          + " at "
          + f.spokenDeparture()
          + ", "
          + dollars(f.fareUsd() * passengers)
          + " in all. Shall I book it?";
    }
    return "Flight "
        + f.number()
        + " from "
        + f.from().name()
        + " to "
        + f.to().name()
        + " leaves "
        + date
        + " at "
        + f.spokenDeparture()
        + ", "
        + dollars(f.fareUsd())
        + " a person"
        + (passengers > 1 ? " for " + passengers + " passengers" : "")
        + ". Shall I book it?";
  }

  String booked(String reference, Flight f) {
    if (soothing) {
      return sorry() + "Done. You're booked, reference " + spell(reference) + ".";
    }
    return "You're booked on "
        + f.number()
        + " to "
        + f.to().name()
        + " on "
        + date(f.date())
        + ". Your reference is "
        + spell(reference)
        + ".";
  }

  String alreadyBooked(String reference) {
    return sorry() + "You're already booked, reference " + spell(reference) + ".";
  }

  String cancelled(String to, LocalDate date) {
    return soothing
        ? sorry() + "I've cancelled the booking to " + to + "."
        : "I've cancelled your booking to " + to + " on " + date(date) + ".";
  }

  String couldNotCancel(String reference, String why) {
    return sorry()
        + "I could not cancel booking "
        + spell(reference)
        + ": "
        + why
        + ". It still stands. Please tell me if you want me to try again.";
  }

  String declined() {
    return soothing
        ? sorry() + "I won't book it."
        : "No problem, I won't book it. What would you like to change?";
  }

  String noFlights(City from, City to, LocalDate date) {
    return sorry()
        + "There are no flights with enough seats from "
        + from.name()
        + " to "
        + to.name()
        + " on "
        + date(date)
        + ". What date would work instead?";
  }

  String toolFailed(String what, String why) {
    return (soothing ? sorry() : "I'm sorry, ") + "I couldn't " + what + ": " + why + ".";
  }

  String status(String reference, String status, String to, String date) {
    return sorry()
        + "Booking "
        + spell(reference)
        + " to "
        + to
        + " on "
        + date(LocalDate.parse(date))
        + " is "
        + status
        + ".";
  }

  String noBooking() {
    return sorry() + "I don't have a booking for you yet.";
  }

  String goodbye() {
    return soothing ? "Thank you. Goodbye." : "Thanks for calling the travel desk. Goodbye.";
  }

  String notUnderstood() {
    return soothing
        ? sorry() + "Could you say that again?"
        : "Sorry, I didn't catch that. Could you say it again?";
  }

  String anythingElse() {
    return soothing ? "" : " Anything else?";
  }

  /** "Friday, October 9th". */
  static String date(LocalDate date) {
    return date.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
        + ", "
        + date.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH)
        + " "
        + ordinal(date.getDayOfMonth());
  }

  static String ordinal(int n) {
    String suffix =
        n % 100 >= 11 && n % 100 <= 13
            ? "th"
            : switch (n % 10) {
              case 1 -> "st";
              case 2 -> "nd";
              case 3 -> "rd";
              default -> "th";
            };
    return n + suffix;
  }

  static String dollars(int amount) {
    return "$" + amount;
  }

  /** A reference spelled for speech: "P X 4 7 K 2". */
  static String spell(String reference) {
    return String.join(" ", reference.split(""));
  }
}
