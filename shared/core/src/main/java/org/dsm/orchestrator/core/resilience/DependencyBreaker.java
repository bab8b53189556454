package org.dsm.orchestrator.core.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.port.CircuitHints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dependency's circuit breaker (Resilience4j, count-based window), driven by hand so the caller
 * decides what counts as a failure: only dependency failures (timeouts, connect failures, 5xx,
 * bodies that are not JSON) are {@link #failure recorded}; a 404 or 409 is a successful call with
 * an unwelcome answer.
 *
 * <p>Usage: {@link #acquire} before the call (throws when open), then exactly one of {@link
 * Permit#success}, {@link Permit#failure} or {@link Permit#notCounted} when its outcome is known.
 *
 * <p>Shared across instances through {@link CircuitHints}: when this breaker opens on its own
 * failures it marks the service down for the fleet until its trial time; while closed or half-open
 * it reads the mark (at most once per {@link #HINT_REFRESH} per service, and again after each
 * failed call) and, when another instance marked the service down, opens at once without calling.
 * So a dead dependency costs the fleet about one breaker's worth of failed calls, and about one
 * trial per wait, instead of that much per instance.
 */
public final class DependencyBreaker {
  public static final Duration HINT_REFRESH = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(DependencyBreaker.class);

  private final String service;
  private final BreakerConfig config;
  private final CircuitBreaker breaker;
  private final CircuitHints hints;
  private final Clock clock;
  private final long refreshNanos;
  private volatile long hintReadAtNanos;
  private volatile boolean hintRead;
  private volatile Instant hintedUntil;
  private volatile boolean openingFromHint;

  public DependencyBreaker(String service, BreakerConfig config) {
    this(service, config, CircuitHints.NONE, Clock.systemUTC(), HINT_REFRESH);
  }

  public DependencyBreaker(
      String service, BreakerConfig config, CircuitHints hints, Clock clock, Duration hintRefresh) {
    this.service = service;
    this.config = config;
    this.hints = hints;
    this.clock = clock;
    this.refreshNanos = hintRefresh.toNanos();
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
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN
                  && !openingFromHint) {
                share(clock.instant().plus(config.waitInOpen()));
              }
            });
  }

  private void share(Instant until) {
    hintedUntil = until; // this instance's own mark needs no read-back
    hintRead = true;
    hintReadAtNanos = System.nanoTime();
    try {
      hints.markOpen(service, until);
    } catch (RuntimeException e) { // advisory: the local breaker still protects this instance
      LOG.warn("could not share the open circuit of {}: {}", service, e.toString());
    }
  }

  /** The fleet's mark for this service, read at most once per refresh interval. */
  private Instant hinted() {
    long now = System.nanoTime();
    if (!hintRead || now - hintReadAtNanos >= refreshNanos) {
      Instant until;
      try {
        until = hints.openUntil(service, clock.instant());
      } catch (RuntimeException e) {
        until = null;
      }
      hintedUntil = until;
      hintReadAtNanos = now;
      hintRead = true;
    }
    return hintedUntil;
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
    if (breaker.getState() != CircuitBreaker.State.OPEN) {
      Instant until = hinted();
      Instant now = clock.instant();
      if (until != null && until.isAfter(now)) {
        openingFromHint = true;
        try {
          breaker.transitionToOpenState(); // stay off the store (and the service) until our trial
        } finally {
          openingFromHint = false;
        }
        throw new DependencyUnavailableException(
            service,
            "circuit open (marked down by another instance for "
                + Duration.between(now, until).toMillis()
                + " ms more), "
                + call
                + " not attempted",
            null);
      }
    }
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
      hintRead = false; // a failure is when the fleet's mark matters: read it on the next call
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
