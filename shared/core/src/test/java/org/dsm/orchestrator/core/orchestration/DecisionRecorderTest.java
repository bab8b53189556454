package org.dsm.orchestrator.core.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.dsm.orchestrator.core.domain.DecisionRecord;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.port.DecisionRecords;
import org.junit.jupiter.api.Test;

/** The warning says what the destination did: refused the record, or left its fate unknown. */
class DecisionRecorderTest {
  private static final DecisionRecord RECORD =
      new DecisionRecord(
          "inv-1",
          "TEST-001",
          "TEST-001-S04",
          LocalDate.of(2026, 12, 7),
          Instant.parse("2026-12-07T10:00:00Z"),
          DecisionRecord.CREATE_NEW_SPRINT,
          "No active sprint found.",
          List.of("Created new sprint TEST-001-S04"),
          List.of(),
          null,
          false,
          false,
          3,
          38,
          12,
          null);

  private static DecisionRecords failing(RuntimeException failure) {
    return new DecisionRecords() {
      @Override
      public String name() {
        return "redis-stream orchestration_events";
      }

      @Override
      public void record(DecisionRecord record) {
        throw failure;
      }
    };
  }

  @Test
  void aRefusedRecordIsReportedAsNotWritten() {
    DecisionRecorder recorder =
        new DecisionRecorder(
            List.of(
                failing(
                    new DependencyUnavailableException(
                        "redis-stream orchestration_events", "Connection refused", null))));

    assertThat(recorder.record(RECORD, Deadline.NONE))
        .singleElement()
        .asString()
        .startsWith("The decision record was not written to redis-stream orchestration_events: ");
    assertThat(recorder.unwritten()).isEqualTo(1);
  }

  /** The append was sent and not confirmed: "not written" would state what may not be true. */
  @Test
  void aRecordWhoseWriteIsUnconfirmedIsReportedAsUnknownNotAsNotWritten() {
    DecisionRecorder recorder =
        new DecisionRecorder(
            List.of(
                failing(
                    new ActionOutcomeUnknownException(
                        "redis-stream orchestration_events",
                        "redis-stream orchestration_events: the append was sent but not confirmed"
                            + " within 2000 ms (Read timed out); it may have been written",
                        null))));

    String warning = recorder.record(RECORD, Deadline.NONE).get(0);

    assertThat(warning)
        .startsWith(
            "The decision record may or may not have been written to redis-stream"
                + " orchestration_events: ")
        .doesNotContain("was not written")
        .endsWith("(the actions above were taken).");
    assertThat(recorder.unwritten()).isEqualTo(1);
  }
}
