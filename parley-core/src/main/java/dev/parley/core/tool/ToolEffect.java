package dev.parley.core.tool;

/** What running a tool does to the world, which decides when the session lets it run. */
public enum ToolEffect {
  /**
   * Only reads (search flights, look up a booking). May run speculatively on an eager end of turn;
   * a result is reused when the final turn makes the same call, and discarded otherwise.
   */
  READ_ONLY,
  /**
   * Writes, but running it twice with the same arguments equals running it once (set a seat). Runs
   * only for a final turn.
   */
  IDEMPOTENT,
  /**
   * Changes the world each time it runs (book, pay, send). Runs only for a final turn, at most once
   * per call id, and never for a reply that was discarded or interrupted before the call started.
   */
  SIDE_EFFECTING
}
