package org.dsm.orchestrator.core.resilience;

import java.time.Duration;
import org.dsm.orchestrator.core.error.InvalidRequestException;

/**
 * How a dependency's circuit breaker judges it: it opens when at least {@code failureRatePercent}
 * of the last {@code window} calls failed (judged once {@link #minimumCalls()} calls are in),
 * rejects calls at once while open, and lets trial calls through after {@code waitInOpen}.
 */
public record BreakerConfig(float failureRatePercent, int window, Duration waitInOpen) {
  public static final BreakerConfig DEFAULTS = new BreakerConfig(50f, 10, Duration.ofSeconds(10));

  public BreakerConfig {
    if (!(failureRatePercent > 0 && failureRatePercent <= 100)) {
      throw new InvalidRequestException(
          "DSM_BREAKER_FAILURE_RATE must be a percentage in (0, 100], got " + failureRatePercent);
    }
    if (window < 1 || window > 1000) {
      throw new InvalidRequestException(
          "DSM_BREAKER_WINDOW must be a number of calls in [1, 1000], got " + window);
    }
    if (waitInOpen == null || waitInOpen.isZero() || waitInOpen.isNegative()) {
      throw new InvalidRequestException(
          "DSM_BREAKER_WAIT_MS must be a positive number of milliseconds");
    }
  }

  /** Half the window (5 of 10): one unlucky call on a cold instance must not open the circuit. */
  public int minimumCalls() {
    return Math.max(1, (window + 1) / 2);
  }

  /**
   * Trial calls in half-open; at least one request's worth (the state read makes 3 parallel project
   * calls).
   */
  public int halfOpenCalls() {
    return minimumCalls();
  }
}
