package org.dsm.orchestrator.core.metrics;

import java.time.Duration;
import java.util.List;
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

  /**
   * Writes the batch, retrying on failure.
   *
   * @return null on success, else the last failure
   */
  RuntimeException write(MetricsStore store, List<InvocationRecord> batch) {
    RuntimeException last = null;
    Duration backoff = initialBackoff;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        store.write(batch);
        return null;
      } catch (RuntimeException e) {
        last = e;
      }
      if (attempt < maxAttempts) {
        try {
          sleeper.sleep(backoff);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return last;
        }
        backoff =
            backoff.multipliedBy(2).compareTo(maxBackoff) > 0
                ? maxBackoff
                : backoff.multipliedBy(2);
      }
    }
    return last;
  }
}
