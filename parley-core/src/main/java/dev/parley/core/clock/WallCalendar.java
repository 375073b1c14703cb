package dev.parley.core.clock;

import java.time.LocalDate;

/**
 * Today's date on the machine's calendar, for the edge of an application that must hand an agent a
 * date ("tomorrow", "next Friday"). Agents and sessions never call this: they are given the date,
 * so a recorded call replays the same on any day.
 */
public final class WallCalendar {
  private WallCalendar() {}

  /** Today in the system's default time zone. */
  public static LocalDate today() {
    return LocalDate.now();
  }
}
