package org.dsm.orchestrator.core.orchestration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.domain.DecisionRecord;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.port.DecisionRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an orchestration's decision record to each destination. The actions already happened, so a
 * failure is never an error: it becomes a warning for the response, is counted ({@link
 * #unwritten()}: records no destination confirmed) and logged at WARN with the invocation id. A
 * write whose outcome is unknown (the destination got it and did not answer in time) is said to be
 * unknown, never "not written"; it is counted all the same, as unconfirmed, so the figure shows
 * what may need reconciling. A record is sent to a destination only when the destination's worst
 * case ({@link DecisionRecords#worstCaseMs}) fits in the time the invocation has left; one not sent
 * for that is "not sent", counted and logged the same way.
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
  List<String> record(DecisionRecord record, Deadline deadline) {
    List<String> warnings = new ArrayList<>();
    for (DecisionRecords destination : destinations) {
      String tooLate = deadline.whyNotStarted(destination.worstCaseMs());
      if (tooLate != null) {
        unwritten.incrementAndGet();
        LOG.warn(
            "invocation {}: decision record of project {} not sent to {}: {}",
            record.invocationId(),
            record.projectId(),
            destination.name(),
            tooLate);
        warnings.add(
            "Not started: the decision record was not sent to "
                + destination.name()
                + ": "
                + tooLate
                + " (the actions above were taken).");
        continue;
      }
      try {
        destination.record(record);
      } catch (ActionOutcomeUnknownException e) {
        unwritten.incrementAndGet();
        LOG.warn(
            "invocation {}: outcome unknown of the decision record of project {} sent to {}: {}",
            record.invocationId(),
            record.projectId(),
            destination.name(),
            e.getMessage());
        warnings.add(
            "The decision record may or may not have been written to "
                + destination.name()
                + ": "
                + e.getMessage()
                + " (the actions above were taken).");
      } catch (RuntimeException e) {
        unwritten.incrementAndGet();
        LOG.warn(
            "invocation {}: decision record of project {} not written to {}: {}",
            record.invocationId(),
            record.projectId(),
            destination.name(),
            e.getMessage());
        warnings.add(
            "The decision record was not written to "
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
