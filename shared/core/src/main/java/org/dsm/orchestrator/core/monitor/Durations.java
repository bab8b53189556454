package org.dsm.orchestrator.core.monitor;

/** Nanoseconds to milliseconds, kept to microsecond precision (the histogram's resolution). */
final class Durations {
  private Durations() {}

  static double toMillis(double nanos) {
    return Math.round(nanos / 1_000.0) / 1_000.0;
  }
}
