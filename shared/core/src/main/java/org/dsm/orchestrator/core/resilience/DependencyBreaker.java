package org.dsm.orchestrator.core.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;

/**
 * One dependency's circuit breaker (Resilience4j, count-based window), driven by hand so the caller
 * decides what counts as a failure: only dependency failures (timeouts, connect failures, 5xx,
 * bodies that are not JSON) are {@link #failure recorded}; a 404 or 409 is a successful call with
 * an unwelcome answer.
 *
 * <p>Usage: {@link #acquire} before the call (throws when open), then exactly one of {@link
 * Permit#success}, {@link Permit#failure} or {@link Permit#notCounted} when its outcome is known.
 */
public final class DependencyBreaker {
  private final String service;
  private final BreakerConfig config;
  private final CircuitBreaker breaker;

  public DependencyBreaker(String service, BreakerConfig config) {
    this.service = service;
    this.config = config;
    this.breaker =
        CircuitBreaker.of(
            service,
            CircuitBreakerConfig.custom()
                .slidingWindowType(SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.window())
                .minimumNumberOfCalls(config.minimumCalls())
                .failureRateThreshold(config.failureRatePercent())
                .waitDurationInOpenState(config.waitInOpen())
                .permittedNumberOfCallsInHalfOpenState(config.halfOpenCalls())
                // no timer thread: the first call after the wait moves the circuit to half-open
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .writableStackTraceEnabled(false)
                .build());
  }

  public String service() {
    return service;
  }

  /** CLOSED, OPEN or HALF_OPEN. */
  public String state() {
    return breaker.getState().name();
  }

  /**
   * Permission for one call, or {@link DependencyUnavailableException} naming the service when the
   * circuit is open. In half-open, calls beyond the trial calls still go through (a request's
   * parallel calls must not fail each other) but only the trial calls' outcomes decide whether the
   * circuit closes.
   */
  public Permit acquire(String call) {
    if (breaker.tryAcquirePermission()) {
      return new Permit(true, System.nanoTime());
    }
    if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
      return new Permit(false, System.nanoTime());
    }
    var metrics = breaker.getMetrics();
    throw new DependencyUnavailableException(
        service,
        "circuit open ("
            + Math.round(metrics.getFailureRate())
            + "% of the last "
            + metrics.getNumberOfBufferedCalls()
            + " calls failed; next trial after up to "
            + config.waitInOpen().toMillis()
            + " ms), "
            + call
            + " not attempted",
        null);
  }

  /** One permitted call; settle it once. */
  public final class Permit {
    private final boolean counted;
    private final long startNanos;

    private Permit(boolean counted, long startNanos) {
      this.counted = counted;
      this.startNanos = startNanos;
    }

    public void success() {
      if (counted) {
        breaker.onSuccess(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
      }
    }

    public void failure(Throwable cause) {
      if (counted) {
        breaker.onError(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS, cause);
      }
    }

    /**
     * The call's outcome says nothing about the dependency's health (e.g. the caller read a 500 as
     * "not found").
     */
    public void notCounted() {
      if (counted) {
        breaker.releasePermission();
      }
    }
  }
}
