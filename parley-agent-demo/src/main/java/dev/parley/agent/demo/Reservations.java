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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's reservation system: an in-memory ledger of bookings for every call of one {@link
 * TravelDeskAgent}. It stands in for an airline's back end so that a booking, its cancellation and
 * its status are real state a test can inspect. Each booking belongs to the phone call that made
 * it: the desk's tools find and cancel only the calling call's bookings, so no caller can read or
 * cancel another's by guessing a reference. Thread-safe.
 */
public final class Reservations {
  private static final String LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  // Insertion order is booking order; every access holds the lock.
  private final Map<String, Booking> byReference = new LinkedHashMap<>();
  private long sequence;

  /**
   * One booking.
   *
   * @param reference the booking reference the caller is told
   * @param owner the phone call that made it ({@code CallInfo.callId}), the only one that sees it
   * @param callId the tool call that made it
   * @param flight the flight
   * @param passengers how many seats
   * @param cancelled whether it was cancelled
   */
  public record Booking(
      String reference,
      String owner,
      String callId,
      Flight flight,
      int passengers,
      boolean cancelled) {
    /** The flight number. */
    public String flightNumber() {
      return flight.number();
    }

    /** The origin city's name. */
    public String from() {
      return flight.from().name();
    }

    /** The destination city's name. */
    public String to() {
      return flight.to().name();
    }

    /** The date, ISO-8601. */
    public String date() {
      return flight.date().toString();
    }

    /** The departure time, {@code HH:MM}. */
    public String departs() {
      return flight.departs();
    }
  }

  /**
   * Books {@code passengers} seats on {@code flight} for the phone call {@code owner}, by its tool
   * call {@code callId}.
   */
  synchronized Booking book(String owner, String callId, Flight flight, int passengers) {
    long n = ++sequence;
    long h = Flight.seed(callId + "#" + n);
    StringBuilder reference = new StringBuilder("PX");
    for (int i = 0; i < 4; i++) {
      reference.append(LETTERS.charAt((int) Math.floorMod(h >>> (i * 5), LETTERS.length())));
    }
    reference.append(n % 10);
    Booking booking = new Booking(reference.toString(), owner, callId, flight, passengers, false);
    byReference.put(booking.reference(), booking);
    return booking;
  }

  /** Cancels the call {@code owner}'s booking; empty if it has none by that reference. */
  synchronized Optional<Booking> cancel(String owner, String reference) {
    if (find(owner, reference).isEmpty()) {
      return Optional.empty();
    }
    Booking cancelled =
        byReference.computeIfPresent(
            reference,
            (r, b) -> new Booking(r, b.owner(), b.callId(), b.flight(), b.passengers(), true));
    return Optional.ofNullable(cancelled);
  }

  /** The call {@code owner}'s booking with {@code reference}: another call's is not there. */
  synchronized Optional<Booking> find(String owner, String reference) {
    return find(reference).filter(b -> b.owner().equals(owner));
  }

  /** The booking with {@code reference}, whichever call made it: for operators and tests. */
  public synchronized Optional<Booking> find(String reference) {
    return Optional.ofNullable(byReference.get(reference));
  }

  /** Every booking made, cancelled ones included, in the order made. */
  public synchronized List<Booking> all() {
    return List.copyOf(new ArrayList<>(byReference.values()));
  }

  /** The bookings that stand (not cancelled). */
  public List<Booking> standing() {
    return all().stream().filter(b -> !b.cancelled()).toList();
  }
}
