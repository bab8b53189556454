package org.dsm.orchestrator.core.data.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.domain.VelocityPoint;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.ActionRejectedException;
import org.dsm.orchestrator.core.error.DependencyBadResponseException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.error.ProjectNotFoundException;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Fault;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Service;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.UnknownProjects;
import org.dsm.orchestrator.core.fixtures.FakeDsmServerExtension;
import org.dsm.orchestrator.core.resilience.BreakerConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HttpDsmClientTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 28);
  private static final Clock CLOCK =
      Clock.fixed(TODAY.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
  private static final Duration TIMEOUT = Duration.ofMillis(2000);

  @RegisterExtension
  static final FakeDsmServerExtension dsm =
      FakeDsmServerExtension.withTimeout(TIMEOUT)
          .clock(CLOCK)
          .unknownProjects(UnknownProjects.NOT_FOUND);

  private final FakeDsmServer server = dsm.server();
  private final EmbeddedDsm expected = EmbeddedDsm.create(CLOCK);
  private HttpDsmClient client;

  @BeforeEach
  void fresh() {
    client = new HttpDsmClient(dsm.config());
  }

  private ProjectSnapshot load(Object source, String id) {
    if (source instanceof HttpDsmClient c) {
      return c.load(ProjectId.of(id), TODAY, TODAY.plusWeeks(2));
    }
    // the project service sends no domain or task complexity: over http they are unknown
    ProjectSnapshot s = ((EmbeddedDsm) source).load(ProjectId.of(id), TODAY, TODAY.plusWeeks(2));
    var d = s.details();
    return new ProjectSnapshot(
        new org.dsm.orchestrator.core.domain.ProjectDetails(
            d.id(), d.name(), d.description(), d.status(), null, null),
        s.team(),
        s.availability(),
        s.backlog(),
        s.sprints(),
        s.activeSprintTasks());
  }

  @Test
  void stateOverHttpEqualsTheEmbeddedStateForEveryDemoProject() {
    for (String id : EmbeddedDataset.DEMO_PROJECTS) {
      assertThat(load(client, id)).as(id).isEqualTo(load(expected, id));
    }
    assertThat(load(client, EmbeddedDataset.CONFLICT).availability().conflicts()).hasSize(2);
    assertThat(server.requestLog())
        .noneMatch(r -> r.contains("/sprints/active")); // not a global lookup
  }

  @Test
  void aRetrospectiveWithoutDatesIsAVelocityPointWithoutDatesNotABadResponse() {
    // Chronicle's retrospective dates are optional: its velocity answer then carries nulls, and
    // lists the point after the dated ones
    ProjectId test = ProjectId.of(EmbeddedDataset.TEST);
    server.withoutRetrospectiveDates("TEST-001-S01");
    try {
      VelocityHistory velocity = client.velocity(test);

      assertThat(velocity.points())
          .extracting(VelocityPoint::sprintId)
          .containsExactly("TEST-001-S02", "TEST-001-S03", "TEST-001-S01");
      VelocityPoint undated = velocity.points().get(2);
      assertThat(undated.startDate()).isNull();
      assertThat(undated.endDate()).isNull();
      assertThat(undated.completedTasks()).isEqualTo(6);
      assertThat(velocity.undated()).isEqualTo(1);
      assertThat(velocity.dated())
          .extracting(VelocityPoint::sprintId)
          .containsExactly("TEST-001-S02", "TEST-001-S03");
    } finally {
      server.resetNotes();
    }
  }

  @Test
  void chronicleOverHttpEqualsTheEmbeddedChronicle() {
    for (String id :
        List.of(EmbeddedDataset.TEST, "HIST-003", "HIST-011", EmbeddedDataset.NEW_PROJECT)) {
      ProjectId pid = ProjectId.of(id);
      assertThat(client.patterns(pid)).as(id).isEqualTo(expected.patterns(pid));
      assertThat(client.velocity(pid)).as(id).isEqualTo(expected.velocity(pid));
      assertThat(client.impediments(pid)).as(id).isEqualTo(expected.impediments(pid));
    }
  }

  @Test
  void historicalProjectsAreReadOnceInWeeksAndCached() {
    List<HistoricalProject> viaHttp = client.historicalProjects();
    List<HistoricalProject> embedded = expected.historicalProjects();
    assertThat(viaHttp)
        .extracting(HistoricalProject::projectId)
        .containsExactlyElementsOf(embedded.stream().map(HistoricalProject::projectId).toList());
    for (int i = 0; i < embedded.size(); i++) {
      assertThat(viaHttp.get(i).avgSprintLengthWeeks())
          .isCloseTo(embedded.get(i).avgSprintLengthWeeks(), within(1e-9));
      assertThat(viaHttp.get(i).completionRate()).isEqualTo(embedded.get(i).completionRate());
      assertThat(viaHttp.get(i).optimalTaskCount()).isEqualTo(embedded.get(i).optimalTaskCount());
    }
    int calls = server.requestCount(Service.CHRONICLE);
    long version = client.historyVersion();
    assertThat(client.historicalProjects()).isSameAs(viaHttp);
    assertThat(server.requestCount(Service.CHRONICLE)).isEqualTo(calls);
    assertThat(client.historyVersion()).isEqualTo(version);
  }

  @Test
  void anEmptyChronicleIsNoHistoryNotAnOutage() {
    // the original's similar-projects endpoint answers 500 {"detail":"Internal Server Error: "}
    // when nothing matches: at threshold 0, whenever Chronicle holds no notes yet
    server.withoutHistory();
    try {
      var c = server.config(TIMEOUT);
      // no cache and a breaker that one counted failure among the window's calls would open
      var uncached =
          new HttpDsmConfig(
              c.projectServiceUrl(),
              c.backlogServiceUrl(),
              c.sprintServiceUrl(),
              c.chronicleServiceUrl(),
              c.timeout(),
              c.writeTimeout(),
              c.reconcileInterval(),
              c.reconcileBudget(),
              Duration.ZERO,
              new BreakerConfig(1f, 10, Duration.ofMinutes(5)));
      var fresh = new HttpDsmClient(uncached);
      for (int i = 0; i < 20; i++) {
        assertThat(fresh.historicalProjects()).isEmpty();
      }
      assertThat(fresh.circuitStates()).containsEntry(HttpDsmClient.CHRONICLE, "CLOSED");
    } finally {
      server.resetNotes();
    }
    // any other 500 is still an outage (its detail is not the empty "not found")
    server.fail(Service.CHRONICLE, Fault.SERVER_ERROR);
    assertThatThrownBy(client::historicalProjects)
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void actionsChangeTheServicesStateAndRefusalsAreTyped() {
    ProjectId id = ProjectId.of(EmbeddedDataset.TEST);
    // the sprint service ignores the cap: all 12 unassigned tasks, the count it reports
    assertThat(client.assignsAllUnassignedTasks()).isTrue();
    var created = client.createSprint(id, "TEST-001 Sprint 4", 2, 5);
    assertThat(created.sprintId()).isEqualTo("TEST-001-S04");
    assertThat(created.assignedTasks()).isEqualTo(12);
    assertThat(load(client, EmbeddedDataset.TEST).activeSprintTasks().totalTasks()).isEqualTo(12);
    assertThat(load(client, EmbeddedDataset.TEST).backlog().unassignedTasks()).isZero();
    assertThatThrownBy(() -> client.createSprint(id, "again", 2, 5))
        .isInstanceOf(ActionRejectedException.class)
        .hasMessageContaining("already in progress");

    long version = client.historyVersion();
    var closed = client.closeSprint(ProjectId.of(EmbeddedDataset.CLOSE), "CLOSE-001-S02");
    assertThat(closed.status()).isEqualTo("completed");
    assertThat(closed.completedTasks()).isEqualTo(6);
    assertThat(client.historyVersion()).isGreaterThan(version);
    // the original answers 500 to a close of a sprint no longer in progress (not 404 or 409): a
    // 5xx does not say nothing happened, so it is read back, and the sprint is closed
    var again = client.closeSprint(ProjectId.of(EmbeddedDataset.CLOSE), "CLOSE-001-S02");
    assertThat(again.status()).isEqualTo("completed");
    assertThat(again.readBack())
        .contains("answered HTTP 500 to POST /sprints/CLOSE-001-S02/close")
        .contains("CLOSE-001-S02 was closed (completed)");
  }

  @Test
  void schedulesLiveInTheScheduleSeam() {
    ProjectId id = ProjectId.of(EmbeddedDataset.SELF_HEAL);
    assertThat(client.isDailyScrumScheduled(id, "run-dailyscrum-a")).isFalse();
    client.scheduleDailyScrum(id, "SELFHEAL-001-S03", "run-dailyscrum-a", "0 14 * * 1-5");
    assertThat(client.isDailyScrumScheduled(id, "run-dailyscrum-a")).isTrue();
    client.unscheduleDailyScrum(id, "run-dailyscrum-a");
    assertThat(client.isDailyScrumScheduled(id, "run-dailyscrum-a")).isFalse();
  }

  @Test
  void unknownProjectIsNotFound() {
    assertThatThrownBy(() -> load(client, "NOPE-1")).isInstanceOf(ProjectNotFoundException.class);
  }

  @Test
  void unknownProjectIsNotFoundEvenAsTheOriginalAnswersIt() {
    server.unknownProjects(UnknownProjects.ORIGINAL);
    assertThatThrownBy(() -> load(client, "NOPE-1")).isInstanceOf(ProjectNotFoundException.class);
  }

  @Test
  void theFiveIndependentReadsRunInParallel() {
    // each read is held until all five arrived (up to 10 s, for a loaded machine that is slow to
    // send them): a parallel client answers at once, a sequential one only after 5 x 10 s with
    // one request in flight at a time
    server.holdUntilConcurrent(5, Duration.ofSeconds(10));
    load(new HttpDsmClient(server.config(Duration.ofSeconds(30))), EmbeddedDataset.STEADY);
    assertThat(server.maxInFlight()).isGreaterThanOrEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(
      value = Service.class,
      names = {"PROJECT", "BACKLOG", "SPRINT"})
  void stateServiceDownIsUnavailableNamingTheService(Service service) {
    server.fail(service, Fault.DOWN);
    assertThatThrownBy(() -> load(client, EmbeddedDataset.TEST))
        .isInstanceOf(DependencyUnavailableException.class)
        .satisfies(
            e ->
                assertThat(((DependencyUnavailableException) e).service())
                    .isEqualTo(name(service)));
    server.heal(service);
    // a client that has not seen the outage: the failed load made several parallel calls to the
    // service, and when 3 of the last 5 failed its breaker is open for 10 s (a race: seen once in
    // CI)
    HttpDsmClient afterHeal = new HttpDsmClient(server.config(TIMEOUT));
    assertThat(load(afterHeal, EmbeddedDataset.TEST).details().id())
        .isEqualTo(EmbeddedDataset.TEST);
  }

  @ParameterizedTest
  @EnumSource(
      value = Service.class,
      names = {"PROJECT", "BACKLOG", "SPRINT"})
  void stateServiceSlowPastTheTimeoutIsUnavailable(Service service) {
    // the healthy services' first calls (connection set-up on a loaded machine) must fit in the
    // timeout, or the message names whichever service was slow first: the class's 2 s, not less
    server.slowDelay(Duration.ofMillis(5000)).fail(service, Fault.SLOW);
    assertThatThrownBy(() -> load(client, EmbeddedDataset.TEST))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining(name(service))
        .hasMessageContaining("no answer within " + TIMEOUT.toMillis() + " ms");
  }

  @ParameterizedTest
  @EnumSource(
      value = Service.class,
      names = {"PROJECT", "BACKLOG", "SPRINT"})
  void stateService500IsUnavailable(Service service) {
    server.fail(service, Fault.SERVER_ERROR);
    assertThatThrownBy(() -> load(client, EmbeddedDataset.TEST))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining(name(service))
        .hasMessageContaining("HTTP 500");
  }

  @ParameterizedTest
  @EnumSource(
      value = Service.class,
      names = {"PROJECT", "BACKLOG", "SPRINT"})
  void stateServiceMalformedJsonIsABadResponse(Service service) {
    server.fail(service, Fault.MALFORMED_JSON);
    assertThatThrownBy(() -> load(client, EmbeddedDataset.TEST))
        .isInstanceOf(DependencyBadResponseException.class)
        .hasMessageContaining(name(service))
        .hasMessageContaining("malformed JSON");
  }

  @ParameterizedTest
  @EnumSource(
      value = Service.class,
      names = {"PROJECT", "BACKLOG", "SPRINT"})
  void stateServiceMissingFieldsIsABadResponseNamingTheField(Service service) {
    server.fail(service, Fault.MISSING_FIELDS);
    assertThatThrownBy(() -> load(client, EmbeddedDataset.TEST))
        .isInstanceOf(DependencyBadResponseException.class)
        .hasMessageContaining(name(service))
        .hasMessageContaining("field");
  }

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {"DOWN", "SLOW", "SERVER_ERROR", "MALFORMED_JSON", "MISSING_FIELDS"})
  void chronicleFaultsAreTypedAndNameChronicle(Fault fault) {
    // the state services' healthy calls below share this client's timeout: the class's 2 s, so a
    // loaded machine does not time them out; SLOW is well past it
    server.slowDelay(Duration.ofMillis(5000)).fail(Service.CHRONICLE, fault);
    Class<?> type =
        fault == Fault.MALFORMED_JSON || fault == Fault.MISSING_FIELDS
            ? DependencyBadResponseException.class
            : DependencyUnavailableException.class;
    ProjectId id = ProjectId.of(EmbeddedDataset.TEST);
    assertThatThrownBy(() -> client.velocity(id))
        .isInstanceOf(type)
        .hasMessageContaining("chronicle-service");
    assertThatThrownBy(() -> client.patterns(id)).isInstanceOf(type);
    assertThatThrownBy(client::historicalProjects).isInstanceOf(type);
    // the state services are unaffected
    assertThat(load(client, EmbeddedDataset.TEST).backlog().unassignedTasks()).isEqualTo(12);
  }

  @Test
  void sprintFaultDuringAnActionIsTyped() {
    server.fail(Service.SPRINT, Fault.SERVER_ERROR);
    // a write answered 5xx may have happened; a service that cannot be read back leaves it unknown
    var reconciling =
        new HttpDsmClient(
            server
                .config(TIMEOUT)
                .withReconciliation(Duration.ofMillis(50), Duration.ofMillis(300)));
    assertThatThrownBy(
            () -> reconciling.createSprint(ProjectId.of(EmbeddedDataset.TEST), "s", 2, 5))
        .isInstanceOf(ActionOutcomeUnknownException.class)
        .hasMessageContaining("sprint-service answered HTTP 500 to POST /sprints/TEST-001")
        .hasMessageContaining("is unknown");
    server.fail(Service.SPRINT, Fault.MISSING_FIELDS);
    assertThatThrownBy(
            () -> client.closeSprint(ProjectId.of(EmbeddedDataset.CLOSE), "CLOSE-001-S02"))
        .isInstanceOf(DependencyBadResponseException.class)
        .hasMessageContaining("sprint_id");
  }

  @Test
  void aFailingTaskSummaryLeavesTheSummaryUnknownInsteadOfFailing() {
    server.failPath("/task-summary", Fault.SERVER_ERROR);
    ProjectSnapshot snapshot = load(client, EmbeddedDataset.STEADY);
    assertThat(snapshot.activeSprint()).isPresent();
    assertThat(snapshot.activeSprintTasks())
        .isNull(); // the task summary is optional: logged and ignored
  }

  @Test
  void aFailingAvailabilityCheckFailsTheLoadNamingTheProjectService() {
    server.failPath("/availability", Fault.MISSING_FIELDS);
    assertThatThrownBy(() -> load(client, EmbeddedDataset.TEST))
        .isInstanceOf(DependencyBadResponseException.class)
        .hasMessageContaining("project-service")
        .hasMessageContaining("'status'");
  }

  @Test
  void nothingToAssignIsARefusalNotAnOutage() {
    assertThatThrownBy(() -> client.createSprint(ProjectId.of(EmbeddedDataset.IDLE), "s", 2, 5))
        .isInstanceOf(ActionRejectedException.class)
        .hasMessageContaining("No unassigned tasks");
  }

  @Test
  void concurrentLoadsThroughOneClientAllSucceed() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<ProjectSnapshot>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String id = EmbeddedDataset.DEMO_PROJECTS.get(i % EmbeddedDataset.DEMO_PROJECTS.size());
        futures.add(pool.submit(() -> load(client, id)));
      }
      for (int i = 0; i < futures.size(); i++) {
        String id = EmbeddedDataset.DEMO_PROJECTS.get(i % EmbeddedDataset.DEMO_PROJECTS.size());
        assertThat(futures.get(i).get()).isEqualTo(load(expected, id));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String name(Service service) {
    return switch (service) {
      case PROJECT -> HttpDsmClient.PROJECT;
      case BACKLOG -> HttpDsmClient.BACKLOG;
      case SPRINT -> HttpDsmClient.SPRINT;
      case CHRONICLE -> HttpDsmClient.CHRONICLE;
    };
  }
}
