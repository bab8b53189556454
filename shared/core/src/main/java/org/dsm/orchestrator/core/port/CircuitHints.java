package org.dsm.orchestrator.core.port;

import java.time.Duration;
import java.time.Instant;

/**
 * The fleet's shared word on which dependencies are down, kept in the metrics store so every
 * instance reads it. An instance whose circuit breaker opens marks the service down until its trial
 * time; an instance about to call a service first checks the mark, so a fresh instance does not pay
 * its own timeouts (and load the dead service) before its own breaker learns the same thing.
 * Advisory: a store failure must never fail a call, so implementations answer "no mark" when they
 * cannot read.
 */
public interface CircuitHints {
  /**
   * The longest one read or mark may take. Both run on the request path, just before or after a DSM
   * call whose worst case the orchestration budgets against its deadline, and that budget does not
   * count the store: so a hung store must cost an advisory hint little, not the store's own
   * seconds-long timeouts. A read given up on answers "no mark".
   */
  Duration CALL_BOUND = Duration.ofMillis(500);

  /**
   * Until when some instance marked the service down; null if not marked or the mark has passed.
   */
  Instant openUntil(String service, Instant now);

  /** Marks the service down until {@code until} (never shortens an existing mark). */
  void markOpen(String service, Instant until);

  /** No sharing: each instance learns on its own (the in-memory store). */
  CircuitHints NONE =
      new CircuitHints() {
        @Override
        public Instant openUntil(String service, Instant now) {
          return null;
        }

        @Override
        public void markOpen(String service, Instant until) {}
      };
}
