package org.dsm.orchestrator.core.port;

import org.dsm.orchestrator.core.domain.DecisionRecord;

/**
 * Where an orchestration that acted leaves its decision record for the rest of the DSM: Chronicle's
 * notes, a Redis stream. Only orchestrations that act are recorded (dry runs and the benchmark's
 * runs would pollute the history the pattern engine reads). A failure throws; the use case turns it
 * into a warning next to the actions already taken, counts and logs it. A write that was sent but
 * not confirmed (it may have happened) throws {@link
 * org.dsm.orchestrator.core.error.ActionOutcomeUnknownException}, so the warning does not claim it
 * was not written.
 */
public interface DecisionRecords {
  /** Names the destination in warnings and logs, e.g. "chronicle-service" or "redis-stream". */
  String name();

  void record(DecisionRecord record);

  /**
   * The longest {@link #record} may take before it returns or throws, in ms (its timeouts, retries
   * included): the record is sent only when this fits in the time the invocation has left.
   */
  default long worstCaseMs() {
    return 0;
  }
}
