package org.dsm.orchestrator.core.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Fault;
import org.dsm.orchestrator.core.fixtures.FakeDsmServerExtension;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Every orchestration that acts leaves a decision record in Chronicle (a daily-scrum report note
 * carrying the decision's details), as the rest of the DSM expects; dry runs and the benchmark's
 * runs leave none; a record that cannot be written is a warning, never an error after the actions.
 */
class DecisionRecordTest {
  private static final String TEST = EmbeddedDataset.TEST;
  private static final Duration WRITE = Duration.ofMillis(500);

  @RegisterExtension
  static final FakeDsmServerExtension dsm =
      FakeDsmServerExtension.withTimeout(Duration.ofSeconds(5));

  private final FakeDsmServer server = dsm.server();

  private HttpDsmClient client;
  private CoreAssembly core;

  @BeforeEach
  void assemble() {
    client = new HttpDsmClient(dsm.config());
    core = CoreAssembly.over(client.ports());
  }

  @AfterEach
  void closeCore() {
    core.close();
  }

  private OrchestrationResponse orchestrate(
      String project, OrchestrationOptions options, String invocationId) {
    return core.orchestration.orchestrate(
        new OrchestrationRequest(
            ProjectId.of(project), OrchestrationRequest.ANALYZE_AND_ORCHESTRATE, options),
        CoreAssembly.http(invocationId));
  }

  private static List<String> texts(JsonNode array) {
    List<String> list = new ArrayList<>();
    array.forEach(n -> list.add(n.asText()));
    return list;
  }

  @Test
  void anOrchestrationThatActsIsRecordedInChronicleWithItsDecisionAndNoPlaceholderImpediment() {
    OrchestrationResponse acted = orchestrate(TEST, OrchestrationOptions.DEFAULTS, "record-1");

    assertThat(server.dailyScrumReports()).hasSize(1);
    JsonNode note = server.dailyScrumReports().get(0);
    String today = LocalDate.now(ZoneOffset.UTC).toString();
    assertThat(note.path("project_id").asText()).isEqualTo(TEST);
    assertThat(note.path("sprint_id").asText()).isEqualTo("TEST-001-S04");
    assertThat(note.path("report_date").asText()).isEqualTo(today);
    assertThat(note.path("summary").asText()).isEqualTo(acted.decisions().reasoning());
    assertThat(note.path("summary_metrics").path("total_tasks").asInt())
        .isEqualTo(acted.analysis().backlogTasks());
    assertThat(note.path("summary_metrics").path("pending_tasks").asInt())
        .isEqualTo(acted.analysis().unassignedTasks());
    // the completed count the backlog service reports (6 + 7 + 9 in three closed sprints), not 0
    assertThat(note.path("summary_metrics").path("completed_tasks").asInt()).isEqualTo(22);
    JsonNode entry = note.path("reports").path(today).get(0);
    assertThat(entry.path("assigned_to").asText()).isEqualTo("orchestrator");
    JsonNode task = entry.path("tasks").get(0);
    assertThat(task.path("id").asText()).isEqualTo("orchestration-record-1");
    assertThat(task.has("impediments")).isFalse();
    assertThat(note.toString()).doesNotContain("N/A");

    JsonNode details = note.path("orchestration_decision_details");
    assertThat(details.path("decision_type").asText()).isEqualTo("CREATE_NEW_SPRINT");
    assertThat(texts(details.path("actions_taken"))).isEqualTo(acted.actionsTaken());
    assertThat(details.path("cronjob_name").asText()).isEqualTo(acted.cronjobName());
    assertThat(details.path("invocation_id").asText()).isEqualTo("record-1");
    assertThat(acted.decisions().warnings()).noneMatch(w -> w.contains("record"));

    // Chronicle's analytics of the project gain no impediment from the record
    assertThat(client.impediments(ProjectId.of(TEST)).frequency()).doesNotContainKey("N/A");
  }

  @Test
  void aClosureIsRecordedAsSprintClosedWithTheClosedSprintAndTheDeletedSchedule() {
    OrchestrationResponse closed =
        orchestrate(EmbeddedDataset.CLOSE, OrchestrationOptions.DEFAULTS, "record-close");

    JsonNode note = server.dailyScrumReports().get(0);
    JsonNode details = note.path("orchestration_decision_details");
    assertThat(details.path("decision_type").asText()).isEqualTo("SPRINT_CLOSED");
    assertThat(note.path("sprint_id").asText()).isEqualTo(closed.decisions().sprintIdToClose());
    assertThat(details.path("sprint_closure_triggered").asBoolean()).isTrue();
    assertThat(details.path("cronjob_deleted").asBoolean())
        .isEqualTo(closed.decisions().cronjobDeleted());
  }

  @Test
  void dryRunsTheBenchmarksRunsAndRunsWithNothingToDoLeaveNoRecord() {
    orchestrate(TEST, OrchestrationOptions.DEFAULTS.withDryRun(true), "dry");
    OrchestrationResponse idle =
        orchestrate(EmbeddedDataset.IDLE, OrchestrationOptions.DEFAULTS, "nothing-to-do");
    assertThat(idle.actionsTaken()).isEmpty();
    core.benchmark.run(
        List.of(ProjectId.of(TEST)), 2, new InvocationContext("bench", "local", "http", false));

    assertThat(server.dailyScrumReports()).isEmpty();
    assertThat(server.requestLog()).noneMatch(r -> r.startsWith("POST /v1/notes"));
  }

  @Test
  void aRecordChronicleStoresAfterTheClientGaveUpIsNotClaimedAsNotWritten() throws Exception {
    // Chronicle takes the note but answers after the write timeout: it is stored all the same
    core.close();
    client = new HttpDsmClient(dsm.config().withWriteTimeout(WRITE));
    core = CoreAssembly.over(client.ports());
    // the sprint create takes well under the write timeout; only the note is slow
    server.slowDelay(Duration.ofMillis(1500)).failWrite("/v1/notes", Fault.SLOW);
    long before = core.orchestration.unwrittenDecisionRecords();

    OrchestrationResponse acted = orchestrate(TEST, OrchestrationOptions.DEFAULTS, "record-late");

    assertThat(acted.actionsTaken()).contains("Created new sprint TEST-001-S04");
    assertThat(acted.decisions().warnings())
        .noneMatch(w -> w.contains("was not written"))
        .anyMatch(
            w ->
                w.startsWith("The decision record may or may not have been written to")
                    && w.contains("chronicle-service"));
    // counted as unconfirmed, like a metrics record whose write went unanswered: the operator's
    // figure of records to reconcile
    assertThat(core.orchestration.unwrittenDecisionRecords()).isEqualTo(before + 1);
    // and Chronicle did store it (waits up to 30 s for the slow answer on a loaded machine)
    for (long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        server.dailyScrumReports().isEmpty() && System.nanoTime() < end; ) {
      Thread.sleep(20);
    }
    assertThat(server.dailyScrumReports()).hasSize(1);
  }

  @Test
  void aRecordChronicleRefusesIsAWarningNextToTheActionsAndIsCounted() {
    server.failPath("/v1/notes", Fault.SERVER_ERROR);
    long before = core.orchestration.unwrittenDecisionRecords();

    OrchestrationResponse acted = orchestrate(TEST, OrchestrationOptions.DEFAULTS, "record-fail");

    assertThat(acted.actionsTaken()).contains("Created new sprint TEST-001-S04");
    assertThat(acted.decisions().warnings())
        .anyMatch(
            w ->
                w.startsWith("The decision record was not written to chronicle-service")
                    && w.contains("HTTP 500"));
    assertThat(core.orchestration.unwrittenDecisionRecords()).isEqualTo(before + 1);
  }
}
