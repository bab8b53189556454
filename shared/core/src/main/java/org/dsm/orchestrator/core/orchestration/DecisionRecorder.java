package org.dsm.orchestrator.core.orchestration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.domain.DecisionRecord;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.port.DecisionRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an orchestration's decision record to each destination. The actions already happened, so a
 * failure is never an error: it becomes a warning for the response, is counted ({@link
 * #unwritten()}) and logged at WARN with the invocation id. A destination that throws {@link
 * ActionOutcomeUnknownException} sent the record without a confirmation: the warning says it may or
 * may not have been written, never that it was not.
 */
final class DecisionRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(DecisionRecorder.class);

  private final List<DecisionRecords> destinations;
  private final AtomicLong unwritten = new AtomicLong();

  DecisionRecorder(List<DecisionRecords> destinations) {
    this.destinations = List.copyOf(destinations);
  }

  boolean any() {
    return !destinations.isEmpty();
  }

  /** Returns the warnings, one per destination that did not take the record. */
  List<String> record(DecisionRecord record) {
    List<String> warnings = new ArrayList<>();
    for (DecisionRecords destination : destinations) {
      try {
        destination.record(record);
      } catch (RuntimeException e) {
        unwritten.incrementAndGet();
        // sent but not confirmed (a timeout after the write went out): it may be there all the same
        String outcome =
            e instanceof ActionOutcomeUnknownException
                ? "may or may not have been written to"
                : "was not written to";
        LOG.warn(
            "invocation {}: decision record of project {} {} {}: {}",
            record.invocationId(),
            record.projectId(),
            outcome,
            destination.name(),
            e.getMessage());
        warnings.add(
            "The decision record "
                + outcome
                + " "
                + destination.name()
                + ": "
                + e.getMessage()
                + " (the actions above were taken).");
      }
    }
    return warnings;
  }

  long unwritten() {
    return unwritten.get();
  }
}
