package org.dsm.orchestrator.core.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.data.memory.InMemoryDailyScrumSchedules;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.DeadlineReachedException;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.FakeDsmServerExtension;
import org.dsm.orchestrator.core.fixtures.ForwardingDailyScrumSchedules;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.port.DailyScrumSchedules;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Before each irreversible action (sprint write, schedule, decision record) the orchestration
 * checks the time its invocation has left against the action's worst case, as the real HTTP client
 * declares it from its timeouts: what does not fit is not started and is named, the first one as a
 * 503 (nothing was done), a later one as a warning next to what was done.
 */
class ActionDeadlineTest {
  private static final String TEST = "TEST-001";
  private static final long SCHEDULE_WORST_MS = 60_000;

  @RegisterExtension
  static final FakeDsmServerExtension dsm =
      FakeDsmServerExtension.withTimeout(Duration.ofSeconds(1));

  private final FakeDsmServer server = dsm.server();

  private final InMemoryDailyScrumSchedules schedules = new InMemoryDailyScrumSchedules();
  private HttpDsmClient client;
  private CoreAssembly core;

  @BeforeEach
  void assemble() {
    client = new HttpDsmClient(dsm.config(), new DeclaredSchedules(schedules));
    core = CoreAssembly.over(client.ports());
  }

  @AfterEach
  void closeCore() {
    core.close();
  }

  private OrchestrationResponse orchestrate(String id, LongSupplier remainingMillis) {
    return core.orchestration.orchestrate(
        new OrchestrationRequest(
            ProjectId.of(TEST),
            OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
            OrchestrationOptions.DEFAULTS),
        new InvocationContext(
            id, "lambda", "http", false, null, 0L, null, new Deadline(remainingMillis)));
  }

  @Test
  void theWorstCaseOfASprintWriteIsItsTimeoutAndTheReadBack() {
    // 10 s write + 5 s read-back + a 250 ms pause + a round of three 1 s reads
    assertThat(client.sprintWriteWorstCaseMs()).isEqualTo(10_000 + 5_000 + 250 + 3 * 1_000);
    assertThat(client.scheduleWorstCaseMs()).isEqualTo(SCHEDULE_WORST_MS);
  }

  @Test
  void aFirstWriteThatDoesNotFitIsA503AndNothingIsSent() {
    long left = client.sprintWriteWorstCaseMs() - 1;

    assertThatThrownBy(() -> orchestrate("deadline-first", () -> left))
        .isInstanceOfSatisfying(
            DeadlineReachedException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(503);
              assertThat(e.getMessage())
                  .startsWith("Not started: create sprint ")
                  .contains(
                      "it may take up to "
                          + client.sprintWriteWorstCaseMs()
                          + " ms and "
                          + left
                          + " ms are left before this invocation's deadline")
                  .endsWith("nothing was done, a retry is safe");
            });
    assertThat(server.requestLog()).noneMatch(r -> r.startsWith("POST"));
    assertThat(records())
        .filteredOn(r -> r.invocationId().equals("deadline-first"))
        .extracting(InvocationRecord::statusCode, InvocationRecord::errorType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(503, "DeadlineReachedException"));
  }

  @Test
  void aScheduleThatDoesNotFitAfterTheSprintIsNamedAndTheSprintReported() {
    long left = client.sprintWriteWorstCaseMs() + 1_000;

    OrchestrationResponse response = orchestrate("deadline-schedule", () -> left);

    assertThat(response.actionsTaken())
        .anyMatch(a -> a.startsWith("Created new sprint " + response.sprintId()))
        .noneMatch(a -> a.contains("cronjob"));
    assertThat(response.decisions().cronjobCreated()).isFalse();
    assertThat(response.decisions().warnings())
        .contains(
            "Not started: create daily scrum schedule for sprint "
                + response.sprintId()
                + ": it may take up to "
                + SCHEDULE_WORST_MS
                + " ms and "
                + left
                + " ms are left before this invocation's deadline.");
    assertThat(schedules.list(TEST)).isEmpty();
    // the note fits (its worst case is the write timeout) and says what was and was not done
    assertThat(server.dailyScrumReports()).hasSize(1);
  }

  @Test
  void aDecisionRecordThatNoLongerFitsIsNotSentAndIsCounted() {
    // time runs out once the schedule exists: the sprint and the schedule were started in time
    LongSupplier left = () -> schedules.list(TEST).isEmpty() ? 100_000 : 50;

    OrchestrationResponse response = orchestrate("deadline-record", left);

    assertThat(response.actionsTaken())
        .anyMatch(a -> a.startsWith("Created new sprint "))
        .anyMatch(a -> a.startsWith("Created cronjob "));
    assertThat(response.decisions().warnings())
        .contains(
            "Not started: the decision record was not sent to chronicle-service: it may take up"
                + " to 10000 ms and 50 ms are left before this invocation's deadline (the actions"
                + " above were taken).");
    assertThat(server.dailyScrumReports()).isEmpty();
    assertThat(server.requestLog()).noneMatch(r -> r.startsWith("POST /v1/notes"));
    assertThat(core.orchestration.unwrittenDecisionRecords()).isEqualTo(1);
  }

  @Test
  void withoutADeadlineEveryActionRuns() {
    OrchestrationResponse response = orchestrate("no-deadline", Deadline.UNBOUNDED);

    assertThat(response.actionsTaken()).anyMatch(a -> a.startsWith("Created cronjob "));
    assertThat(response.decisions().warnings()).noneMatch(w -> w.startsWith("Not started"));
    assertThat(server.dailyScrumReports()).hasSize(1);
  }

  private List<InvocationRecord> records() {
    return core.store
        .query(
            new MetricsStore.MetricsQuery(
                null, null, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), 100, null))
        .records();
  }

  /** In-memory schedules declaring the worst case a remote scheduler's timeouts would give. */
  private static final class DeclaredSchedules extends ForwardingDailyScrumSchedules {
    DeclaredSchedules(DailyScrumSchedules delegate) {
      super(delegate);
    }

    @Override
    public long worstCaseMs() {
      return SCHEDULE_WORST_MS;
    }
  }
}
