package dev.parley.core.clock;

/** The wall clock of live calls. */
enum SystemClock implements MediaClock {
  INSTANCE;

  @Override
  public long nanos() {
    return System.nanoTime();
  }
}
