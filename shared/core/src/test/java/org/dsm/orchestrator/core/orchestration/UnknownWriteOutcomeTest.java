package org.dsm.orchestrator.core.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.data.http.HttpDsmConfig;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Fault;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Service;
import org.dsm.orchestrator.core.fixtures.FakeDsmServerExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * A write the client gave up on may still have happened: the Sprint service commits a new sprint's
 * row first and then assigns the tasks one at a time, and a close keeps going after the caller
 * left. After a write times out, the orchestration reads the project's sprints back and reports
 * what the services really did: done (200 with a warning), not done (503), or unknown (504).
 */
class UnknownWriteOutcomeTest {
  private static final String TEST = EmbeddedDataset.TEST; // 12 unassigned tasks, no active sprint
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration WRITE_TIMEOUT = Duration.ofMillis(300);

  @RegisterExtension
  static final FakeDsmServerExtension dsm = FakeDsmServerExtension.withTimeout(READ_TIMEOUT);

  private final FakeDsmServer server = dsm.server();

  private HttpDsmClient client;
  private CoreAssembly core;
  private ListAppender<ILoggingEvent> log;
  private int calls;

  @BeforeEach
  void assemble() {
    log = new ListAppender<>();
    log.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(log);
    assemble(Duration.ofSeconds(10));
  }

  private void assemble(Duration reconcileBudget) {
    if (core != null) {
      core.close();
    }
    client = new HttpDsmClient(config(reconcileBudget));
    core = CoreAssembly.over(client.ports());
  }

  /** Reads get 5 s, writes 300 ms; the read-back polls every 100 ms for at most the budget. */
  private HttpDsmConfig config(Duration reconcileBudget) {
    return dsm.config()
        .withWriteTimeout(WRITE_TIMEOUT)
        .withReconciliation(Duration.ofMillis(100), reconcileBudget);
  }

  @AfterEach
  void closeCore() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    core.close();
    core = null;
  }

  private OrchestrationResponse orchestrate(String project, String invocationId) {
    return core.orchestration.orchestrate(
        new OrchestrationRequest(
            ProjectId.of(project),
            OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
            OrchestrationOptions.DEFAULTS),
        CoreAssembly.http(invocationId));
  }

  private ProjectSnapshot servicesState(String project) {
    LocalDate today = LocalDate.now();
    return client.load(ProjectId.of(project), today, today.plusWeeks(2));
  }

  /**
   * Waits (up to 30 s, for a loaded machine) until the fake has finished the create it kept working
   * on.
   */
  private ProjectSnapshot awaitAllAssigned(String project) throws InterruptedException {
    ProjectSnapshot state = servicesState(project);
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        state.backlog().unassignedTasks() > 0 && System.nanoTime() < deadline;
        state = servicesState(project)) {
      Thread.sleep(50);
    }
    return state;
  }

  private long postsTo(String path) {
    return server.requestLog().stream().filter(r -> r.equals("POST " + path)).count();
  }

  private boolean warnedWith(String invocationId, String text) {
    return log.list.stream()
        .anyMatch(
            e ->
                e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains(invocationId)
                    && e.getFormattedMessage().contains(text));
  }

  @Test
  void aCreateTheServiceCompletesAfterTheClientGaveUpIsReportedAsDoneWithItsFinalTaskCount() {
    server.taskAssignDelay(Duration.ofMillis(100)); // 12 tasks: about 1.2 s, past the 300 ms

    OrchestrationResponse acted = orchestrate(TEST, "late-create");

    assertThat(acted.actionsTaken())
        .contains("Created new sprint TEST-001-S04", "Assigned 12 tasks to sprint");
    assertThat(acted.decisions().tasksToAssign()).isEqualTo(12);
    assertThat(acted.decisions().cronjobCreated()).isTrue();
    assertThat(acted.decisions().warnings())
        .anyMatch(
            w ->
                w.contains("did not answer POST /sprints/TEST-001 within 300 ms")
                    && w.contains("TEST-001-S04 was created with 12 tasks"));
    assertThat(warnedWith("late-create", "outcome unknown")).isTrue();

    ProjectSnapshot after = servicesState(TEST);
    assertThat(after.activeSprint()).map(Sprint::sprintId).contains("TEST-001-S04");
    assertThat(after.activeSprintTasks().totalTasks()).isEqualTo(12);
    assertThat(after.backlog().unassignedTasks()).isZero();
    assertThat(postsTo("/sprints/TEST-001")).isEqualTo(1); // read back, never sent twice
  }

  @Test
  void aCreateStillAssigningWhenTheReadBackGivesUpReportsItsCountAsProvisional()
      throws InterruptedException {
    assemble(Duration.ofMillis(400));
    server.taskAssignDelay(Duration.ofMillis(400)); // 12 tasks: about 4.8 s

    OrchestrationResponse acted = orchestrate(TEST, "provisional-create");

    int reported = acted.decisions().tasksToAssign();
    assertThat(acted.actionsTaken()).contains("Created new sprint TEST-001-S04");
    assertThat(acted.decisions().warnings())
        .anyMatch(
            w ->
                w.contains("provisional")
                    && w.contains(reported + " tasks so far")
                    && w.contains("TEST-001-S04"));
    assertThat(reported).isLessThan(12);
    ProjectSnapshot done = awaitAllAssigned(TEST);
    assertThat(done.activeSprintTasks().totalTasks()).isEqualTo(12);
  }

  @Test
  void aTimedOutWriteNotSeenByTheEndOfTheReadBackIsUnknownNotNothingDone() {
    // the request never takes effect, but the client cannot tell that from one still queued
    server.slowDelay(Duration.ofMillis(900)).failWrite("/sprints/TEST-001", Fault.LOST);
    assemble(Duration.ofMillis(500));

    assertThatThrownBy(() -> orchestrate(TEST, "lost-create"))
        .isInstanceOfSatisfying(
            OrchestratorException.class, e -> assertThat(e.httpStatus()).isEqualTo(504))
        .hasMessageContaining("sprint-service")
        .hasMessageContaining("no sprint TEST-001-S04 had been created")
        .hasMessageContaining("outcome of POST /sprints/TEST-001 is unknown")
        .hasMessageNotContaining("nothing was done");
    assertThat(warnedWith("lost-create", "outcome unknown")).isTrue();
    assertThat(servicesState(TEST).activeSprint()).isEmpty();
  }

  @Test
  void aCreateTheServiceCommitsAfterTheReadBackEndedWasNotCalledNothingDone()
      throws InterruptedException {
    // the create waits 2 s at the service (a queue, a lock) and then commits: after the client's
    // 300 ms and a 500 ms read-back the outcome is still open
    server.slowDelay(Duration.ofMillis(2000)).failWrite("/sprints/TEST-001", Fault.SLOW);
    assemble(Duration.ofMillis(500));

    assertThatThrownBy(() -> orchestrate(TEST, "late-commit"))
        .isInstanceOfSatisfying(
            OrchestratorException.class, e -> assertThat(e.httpStatus()).isEqualTo(504))
        .hasMessageNotContaining("nothing was done");
    // the services then show the sprint the answer must not have denied
    assertThat(awaitAllAssigned(TEST).activeSprint())
        .map(Sprint::sprintId)
        .contains("TEST-001-S04");
  }

  @Test
  void anOutcomeThatCannotBeReadBackIsA5xxSayingSoAndARetryDoesNotDuplicate()
      throws InterruptedException {
    server
        .slowDelay(Duration.ofMillis(700))
        .failWrite("/sprints/TEST-001", Fault.SLOW)
        .onNextWrite(() -> server.fail(Service.SPRINT, Fault.SERVER_ERROR));
    assemble(Duration.ofMillis(500));

    assertThatThrownBy(() -> orchestrate(TEST, "unknown-create"))
        .isInstanceOfSatisfying(
            OrchestratorException.class, e -> assertThat(e.httpStatus()).isEqualTo(504))
        .hasMessageContaining("outcome of POST /sprints/TEST-001 is unknown")
        .hasMessageContaining("retry with the same Idempotency-Key is safe");
    assertThat(warnedWith("unknown-create", "outcome unknown")).isTrue();

    // the service did create it after all; a retry reads that and creates nothing more
    server.healAll();
    assemble(Duration.ofSeconds(10)); // a fresh client: this one's sprint circuit is open
    awaitAllAssigned(TEST);
    OrchestrationResponse retry = orchestrate(TEST, "unknown-create-retry");
    assertThat(retry.actionsTaken()).noneMatch(a -> a.startsWith("Created new sprint"));
    assertThat(postsTo("/sprints/TEST-001")).isEqualTo(1);
    assertThat(servicesState(TEST).activeSprint()).map(Sprint::sprintId).contains("TEST-001-S04");
  }

  @Test
  void aCloseTheServiceCompletesAfterTheClientGaveUpIsReportedAsDone() {
    String close = EmbeddedDataset.CLOSE;
    String active = servicesState(close).activeSprint().orElseThrow().sprintId();
    server.slowDelay(Duration.ofMillis(800)).failWrite("/close", Fault.SLOW);

    OrchestrationResponse acted = orchestrate(close, "late-close");

    assertThat(acted.actionsTaken()).contains("Closed sprint " + active);
    assertThat(acted.decisions().warnings())
        .anyMatch(
            w ->
                w.contains("did not answer POST /sprints/" + active + "/close within 300 ms")
                    && w.contains(active + " was closed"));
    assertThat(warnedWith("late-close", "outcome unknown")).isTrue();
    assertThat(servicesState(close).activeSprint()).isEmpty();
  }

  @Test
  void aCreateAnswered500AfterTheSprintWasCommittedIsReadBackAndReportedAsDone() {
    // the service committed the sprint and assigned the tasks, then a later step failed: a 500
    // does not say nothing happened
    server.failWrite("/sprints/TEST-001", Fault.APPLIED_THEN_500);

    OrchestrationResponse acted = orchestrate(TEST, "create-500");

    assertThat(acted.actionsTaken())
        .contains("Created new sprint TEST-001-S04", "Assigned 12 tasks to sprint");
    assertThat(acted.decisions().warnings())
        .anyMatch(
            w ->
                w.contains("answered HTTP 500 to POST /sprints/TEST-001")
                    && w.contains("TEST-001-S04 was created with 12 tasks"));
    assertThat(warnedWith("create-500", "outcome unknown")).isTrue();
    assertThat(servicesState(TEST).activeSprint()).map(Sprint::sprintId).contains("TEST-001-S04");
    assertThat(postsTo("/sprints/TEST-001")).isEqualTo(1);
  }

  @Test
  void aCreateThatFailedPartWayWithA500ReportsTheTasksReallyAssignedAndThoseLeft() {
    // the sprint was committed, 5 of the 12 tasks assigned, then the service answered 500: it
    // assigns no more, so the count is final, not "provisional while still assigning"
    server.assignmentFailsAfter(5);

    OrchestrationResponse acted = orchestrate(TEST, "create-500-part-way");

    assertThat(acted.actionsTaken())
        .contains("Created new sprint TEST-001-S04", "Assigned 5 tasks to sprint");
    assertThat(acted.decisions().tasksToAssign()).isEqualTo(5);
    assertThat(acted.decisions().warnings())
        .anyMatch(
            w ->
                w.contains("answered HTTP 500 to POST /sprints/TEST-001")
                    && w.contains("TEST-001-S04 was created with 5 tasks")
                    && w.contains("7 tasks of the backlog were left unassigned"))
        .noneMatch(w -> w.contains("provisional") || w.contains("still assigning"));
    ProjectSnapshot after = servicesState(TEST);
    assertThat(after.activeSprintTasks().totalTasks()).isEqualTo(5);
    assertThat(after.backlog().unassignedTasks()).isEqualTo(7);
  }

  @Test
  void aCreateAnswered201WithTheServicesWarningsSaysWhatItDidNotAssign() {
    // the Sprint service's other part-way failure: a backlog update fails, it answers 201 with
    // the count it reached and its warnings
    server.assignmentFailsAfterAnswering201(5);

    OrchestrationResponse acted = orchestrate(TEST, "create-201-warned");

    assertThat(acted.actionsTaken())
        .contains("Created new sprint TEST-001-S04", "Assigned 5 tasks to sprint");
    assertThat(acted.decisions().warnings())
        .contains(
            "sprint-service created TEST-001-S04 with 5 tasks and warned: Synchronous task"
                + " assignment failed: Backlog Service is unavailable. The tasks it did not assign"
                + " stay unassigned until the next sprint is created.");
    assertThat(servicesState(TEST).backlog().unassignedTasks()).isEqualTo(7);
  }

  @Test
  void tasksLeftUnassignedByAPartWayCreateAreNamedAgainByTheNextOrchestration() {
    // no call puts a task into a running sprint: the 7 tasks wait for the next sprint, and every
    // run until then says so, not only the response of the run that left them
    server.assignmentFailsAfter(5);
    orchestrate(TEST, "create-500-left-7");
    server.healAll();

    OrchestrationResponse next = orchestrate(TEST, "after-create-500-left-7");

    String fact =
        "7 backlog tasks are unassigned while sprint TEST-001-S04 is active: the sprint service"
            + " assigns tasks only when it creates a sprint, so they wait until TEST-001-S04 is"
            + " closed and the next sprint is created.";
    assertThat(next.decisions().warnings()).contains(fact);
    assertThat(next.decisions().reasoning()).contains(fact);
    assertThat(next.decisions().createNewSprint()).isFalse();
    assertThat(next.actionsTaken()).isEmpty();
  }

  @Test
  void aCreateAnswered500ThatDidNothingIs503SayingSo() {
    server.failWrite("/sprints/TEST-001", Fault.SERVER_ERROR);

    assertThatThrownBy(() -> orchestrate(TEST, "create-500-nothing"))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("HTTP 500 on POST /sprints/TEST-001")
        .hasMessageContaining("no sprint TEST-001-S04 was created")
        .hasMessageContaining("nothing was done");
    // the service answered: one read settles it, the 10 s read-back budget is not polled out
    List<String> log = server.requestLog();
    assertThat(
            log.subList(log.indexOf("POST /sprints/TEST-001"), log.size()).stream()
                .filter(r -> r.equals("GET /sprints/by-project/TEST-001")))
        .hasSize(1);
    assertThat(servicesState(TEST).activeSprint()).isEmpty();
  }

  @Test
  void aCloseAnswered500BecauseTheSprintIsAlreadyClosedIsReadBackNotAnOutage() {
    // the original answers 500 to a close of a sprint no longer in progress; here another run
    // closed it between this run's read and its close
    String close = EmbeddedDataset.CLOSE;
    String active = servicesState(close).activeSprint().orElseThrow().sprintId();
    server.onNextWrite(() -> server.data().closeSprint(ProjectId.of(close), active));

    OrchestrationResponse acted = orchestrate(close, "close-500");

    assertThat(acted.decisions().warnings())
        .anyMatch(
            w ->
                w.contains("answered HTTP 500 to POST /sprints/" + active + "/close")
                    && w.contains(active + " was closed (completed)"));
    assertThat(acted.decisions().sprintClosureTriggered()).isTrue();
    assertThat(servicesState(close).activeSprint()).isEmpty();
  }

  @Test
  void writesHaveTheirOwnLongerTimeoutByDefault() {
    // reads get 2 s, so the healthy ones do not time out on a loaded machine
    HttpDsmConfig config = server.config(Duration.ofMillis(2000));
    assertThat(config.timeout()).isEqualTo(Duration.ofMillis(2000));
    assertThat(config.writeTimeout()).isEqualTo(Duration.ofSeconds(10));

    // a create slower than the read timeout but well within the write timeout: an ordinary answer
    server.taskAssignDelay(Duration.ofMillis(250)); // 12 tasks: about 3 s
    client = new HttpDsmClient(config);
    core.close();
    core = CoreAssembly.over(client.ports());
    OrchestrationResponse acted = orchestrate(TEST, "write-timeout-" + (++calls));

    assertThat(acted.actionsTaken()).contains("Assigned 12 tasks to sprint");
    assertThat(acted.decisions().warnings()).noneMatch(w -> w.contains("did not answer"));
  }
}
