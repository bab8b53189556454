package org.dsm.orchestrator.core.metrics;

import java.time.Duration;
import java.util.List;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.port.MetricsStore;

/**
 * How recorders retry a store write: up to {@code maxAttempts} tries with exponential backoff
 * capped at {@code maxBackoff}. {@code sleeper} is injectable so tests do not wait.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Sleeper sleeper) {

  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  public static RetryPolicy of(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    return new RetryPolicy(
        maxAttempts, initialBackoff, maxBackoff, duration -> Thread.sleep(duration.toMillis()));
  }

  /** Lambda: the caller waits, so few, short retries. */
  public static RetryPolicy synchronousDefault() {
    return of(3, Duration.ofMillis(20), Duration.ofMillis(100));
  }

  /** Background writer: nobody waits, so longer backoff. */
  public static RetryPolicy bufferedDefault() {
    return of(5, Duration.ofMillis(100), Duration.ofSeconds(2));
  }

  /** What {@link #write} did: the attempts it started, and the last failure (null: written). */
  record Outcome(int attempts, RuntimeException failure) {}

  /**
   * Writes the batch, retrying on failure.
   *
   * @return null on success, else the last failure
   */
  RuntimeException write(MetricsStore store, List<InvocationRecord> batch) {
    return write(store, batch, Deadline.NONE).failure();
  }

  /**
   * Writes the batch by {@code deadline}, retrying on failure: an attempt starts only while time is
   * left, a retry only when some is left after its backoff, and each attempt is bounded by the
   * store ({@link MetricsStore#write(List, Deadline)}).
   */
  Outcome write(MetricsStore store, List<InvocationRecord> batch, Deadline deadline) {
    RuntimeException last = null;
    Duration backoff = initialBackoff;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      long waitMs = attempt == 1 ? 0 : backoff.toMillis();
      if (deadline.whyNotStarted(waitMs) != null) {
        long left = Math.max(0, deadline.leftMs());
        return new Outcome(
            attempt - 1,
            new MetricsStoreException(
                "attempt "
                    + attempt
                    + " not started: "
                    + left
                    + " ms were left before this invocation's deadline"
                    + (attempt == 1 ? "" : ", not more than its " + waitMs + " ms backoff")
                    + (last == null ? "" : "; attempt " + (attempt - 1) + ": " + last),
                last));
      }
      if (attempt > 1) {
        try {
          sleeper.sleep(backoff);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Outcome(attempt - 1, last);
        }
        backoff =
            backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                ? maxBackoff
                : backoff.multipliedBy(2);
      }
      try {
        store.write(batch, deadline);
        return new Outcome(attempt, null);
      } catch (RuntimeException e) {
        last = e;
      }
    }
    return new Outcome(maxAttempts, last);
  }
}
