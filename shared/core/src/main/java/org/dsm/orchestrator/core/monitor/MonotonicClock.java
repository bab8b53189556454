package org.dsm.orchestrator.core.monitor;

/** Nanosecond monotonic time source; tests pass a manual clock, production uses {@link #SYSTEM}. */
@FunctionalInterface
public interface MonotonicClock {
  MonotonicClock SYSTEM = System::nanoTime;

  long nanoTime();
}
