package org.dsm.orchestrator.core.invocation;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The time an invocation has left for its use case, set by the edge: on Lambda the Context's
 * remaining time, over HTTP the platform's request timeout counted from the first byte, each less
 * what the edge keeps for answering ({@link #reserving}). A use case starts an irreversible action
 * only when the action's worst case fits in what is left ({@link #fits}), so the caller gets our
 * answer naming what was not started, never the gateway's bare 503/504 while a write may still run.
 *
 * @param remainingMillis read each time it is asked (the same supplier the scheduled benchmark
 *     reads between its iterations)
 */
public record Deadline(LongSupplier remainingMillis) {
  /** No deadline (tests, a platform without a request timeout): every action fits. */
  public static final LongSupplier UNBOUNDED = () -> Long.MAX_VALUE;

  public static final Deadline NONE = new Deadline(UNBOUNDED);

  /**
   * What an edge keeps for answering once the use case is done: building and serialising the
   * response and handing it to the platform (milliseconds on a warm instance; a second leaves room
   * for a collection pause).
   */
  public static final long RESPONSE_RESERVE_MS = 1_000;

  public Deadline {
    Objects.requireNonNull(remainingMillis, "remainingMillis");
  }

  /**
   * The platform's remaining time less {@code reserveMs} kept for what follows the use case
   * (building, serialising and handing over the response).
   */
  public static Deadline reserving(LongSupplier platformRemainingMillis, long reserveMs) {
    if (platformRemainingMillis == UNBOUNDED) {
      return NONE;
    }
    return new Deadline(() -> platformRemainingMillis.getAsLong() - reserveMs);
  }

  /** Milliseconds left now (negative once past it; {@link Long#MAX_VALUE} without a deadline). */
  public long leftMs() {
    return remainingMillis.getAsLong();
  }

  /**
   * Null when an action that may take up to {@code worstCaseMs} ends before the deadline; else why
   * it is not started, for a warning or an error detail ("it may take up to 17000 ms and 812 ms are
   * left before this invocation's deadline"), from one reading of the remaining time.
   */
  public String whyNotStarted(long worstCaseMs) {
    if (remainingMillis == UNBOUNDED) {
      return null;
    }
    long left = leftMs();
    // strictly more: an action that answers at once (worst case 0) still takes some time
    return left > worstCaseMs
        ? null
        : "it may take up to "
            + worstCaseMs
            + " ms and "
            + Math.max(0, left)
            + " ms are left before this invocation's deadline";
  }
}
