package org.dsm.orchestrator.core.monitor;

import java.util.concurrent.atomic.AtomicLong;

/** A clock the test advances by hand, so durations are exact. */
final class ManualClock implements MonotonicClock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  void advanceMillis(double millis) {
    nanos.addAndGet(Math.round(millis * 1_000_000));
  }
}
