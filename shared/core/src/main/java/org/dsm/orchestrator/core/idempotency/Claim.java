package org.dsm.orchestrator.core.idempotency;

import java.util.Objects;
import org.dsm.orchestrator.core.port.IdempotencyStore;

/**
 * What {@link IdempotencyStore#claim} found.
 *
 * @param state {@link State#CLAIMED} when the caller now owns the key, otherwise the state of the
 *     live entry
 * @param fingerprint the fingerprint of the request that owns the key (the caller's own when
 *     CLAIMED)
 * @param response the stored response when COMPLETED, else null
 */
public record Claim(State state, String fingerprint, StoredResponse response) {
  public enum State {
    /**
     * No live entry existed: the caller owns the key and must {@code complete} or {@code release}
     * it.
     */
    CLAIMED,
    /**
     * Another attempt owns the key and has not finished (or crashed and its lease has not run out).
     */
    IN_PROGRESS,
    /** An earlier attempt finished; its response is in {@link #response}. */
    COMPLETED
  }

  public Claim {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(fingerprint, "fingerprint");
    if ((state == State.COMPLETED) != (response != null)) {
      throw new IllegalArgumentException(
          "a response goes with COMPLETED and only with it, state " + state);
    }
  }

  public static Claim claimed(String fingerprint) {
    return new Claim(State.CLAIMED, fingerprint, null);
  }

  public static Claim inProgress(String fingerprint) {
    return new Claim(State.IN_PROGRESS, fingerprint, null);
  }

  public static Claim completed(String fingerprint, StoredResponse response) {
    return new Claim(State.COMPLETED, fingerprint, response);
  }
}
