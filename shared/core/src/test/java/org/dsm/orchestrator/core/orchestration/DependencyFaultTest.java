package org.dsm.orchestrator.core.orchestration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.data.memory.InMemoryDailyScrumSchedules;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.DependencyBadResponseException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.fixtures.CircuitStates;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Fault;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Service;
import org.dsm.orchestrator.core.fixtures.FakeDsmServerExtension;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.monitor.ComponentTiming;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.core.port.DailyScrumSchedules;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.core.resilience.BreakerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Dependency faults: the orchestration use case over real HTTP against DSM services that misbehave
 * on purpose (each its own loopback server). Time budget: every call has {@link #TIMEOUT};
 * Chronicle's four calls run in parallel with the state read, so a fault costs at most one timeout
 * per stage. The bound asserted is the failed component's duration below 3 x the timeout
 * (sequential calls would cost 4 x); the figures are printed ("budget ...") for the notes, never
 * compared with wall-clock thresholds.
 */
class DependencyFaultTest {
  /**
   * Short, yet long enough that a healthy loopback call on a busy 2-core machine does not time out.
   */
  private static final Duration TIMEOUT = Duration.ofMillis(1000);

  private static final Duration SLOWER_THAN_TIMEOUT = Duration.ofMillis(3000);
  private static final double BUDGET_MS = 3.0 * TIMEOUT.toMillis();
  private static final BreakerConfig STAYS_OPEN = new BreakerConfig(50f, 10, Duration.ofMinutes(5));

  /**
   * Long enough that a stall of the busy test machine does not half-open the circuit between two
   * steps.
   */
  private static final Duration SHORT_WAIT = Duration.ofSeconds(1);

  private static final OrchestrationOptions DRY_RUN =
      OrchestrationOptions.DEFAULTS.withDryRun(true);
  private static final String TEST = EmbeddedDataset.TEST;

  /** Warmed up, so the first measured case is not the cold one. */
  @RegisterExtension
  static final FakeDsmServerExtension dsm =
      FakeDsmServerExtension.withTimeout(TIMEOUT).slowDelay(SLOWER_THAN_TIMEOUT).warmedUp();

  private final FakeDsmServer server = dsm.server();

  private HttpDsmClient client;
  private CoreAssembly core;
  private int calls;

  @AfterEach
  void closeCore() {
    if (core != null) {
      core.close();
    }
  }

  /** A fresh core (fresh breakers, pattern cache and store) over healed services. */
  private void assemble(BreakerConfig breaker, DailyScrumSchedules schedules) {
    dsm.reset();
    client = new HttpDsmClient(dsm.config().withBreaker(breaker), schedules);
    core = CoreAssembly.over(client.ports());
  }

  private void assemble(BreakerConfig breaker) {
    assemble(breaker, new InMemoryDailyScrumSchedules());
  }

  private OrchestrationResponse orchestrate(OrchestrationOptions options) {
    return core.orchestration.orchestrate(
        new OrchestrationRequest(
            ProjectId.of(TEST), OrchestrationRequest.ANALYZE_AND_ORCHESTRATE, options),
        CoreAssembly.http("fault-" + (++calls)));
  }

  private List<InvocationRecord> stored() {
    return core.store
        .query(
            new MetricsStore.MetricsQuery(
                null, null, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), 100, null))
        .records();
  }

  private static ComponentTiming component(OrchestrationResponse response, String operation) {
    return response.invocation().components().stream()
        .filter(c -> c.operation().equals(operation))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no component " + operation));
  }

  private static void sleepPast(Duration wait) {
    try {
      Thread.sleep(wait.toMillis() * 2 + 50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> chronicleFaults() {
    return Stream.of(
        Arguments.of(Fault.DOWN, "cannot connect"),
        Arguments.of(Fault.SLOW, "no answer within " + TIMEOUT.toMillis() + " ms"),
        Arguments.of(Fault.SERVER_ERROR, "HTTP 500"),
        Arguments.of(Fault.MALFORMED_JSON, "malformed JSON"));
  }

  @ParameterizedTest(name = "chronicle {0}")
  @MethodSource("chronicleFaults")
  void chronicleFaultStillAnswersWithTheRuleDecisionAndAWarningNamingTheCause(
      Fault fault, String cause) {
    assemble(BreakerConfig.DEFAULTS);
    OrchestrationResponse healthy = orchestrate(DRY_RUN);
    server.fail(Service.CHRONICLE, fault).resetCounters();
    assemble(
        BreakerConfig.DEFAULTS); // no pattern cache, no history cache: every Chronicle call is made
    server.fail(Service.CHRONICLE, fault);

    OrchestrationResponse response = orchestrate(DRY_RUN);

    // the rule decision is the same as with a healthy Chronicle
    assertThat(response.decisions().createNewSprint())
        .isEqualTo(healthy.decisions().createNewSprint())
        .isTrue();
    assertThat(response.decisions().tasksToAssign()).isEqualTo(healthy.decisions().tasksToAssign());
    assertThat(response.analysis().historicalContext().status()).isEqualTo("unavailable");
    assertThat(healthy.analysis().historicalContext().status()).isEqualTo("ok");
    assertThat(response.decisions().warnings())
        .anyMatch(w -> w.contains("chronicle-service") && w.contains(cause));
    ComponentTiming fetch = component(response, Operations.CHRONICLE_FETCH);
    assertThat(fetch.success()).isFalse();
    assertThat(fetch.errorType()).isIn("dependency_unavailable", "dependency_bad_response");
    assertThat(response.invocation().components())
        .noneMatch(c -> c.operation().equals(Operations.FULL_PATTERN_ANALYSIS));
    // one record, a success, that holds the failed fetch's cost
    assertThat(stored())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.statusCode()).isEqualTo(200);
              assertThat(r.componentDurationsMs())
                  .containsEntry(Operations.CHRONICLE_FETCH, fetch.durationMs());
            });
    // budget: the four calls were made once each, in parallel (no retries, not one after the other)
    assertThat(server.requestCount(Service.CHRONICLE)).isLessThanOrEqualTo(4);
    assertThat(fetch.durationMs()).isLessThan(BUDGET_MS);
    System.out.printf(
        "budget chronicle %s: chronicle_fetch %.1f ms, total %.1f ms (timeout %d ms)%n",
        fault, fetch.durationMs(), response.invocation().totalDurationMs(), TIMEOUT.toMillis());
  }

  @ParameterizedTest(name = "{0} down or slow")
  @EnumSource(
      value = Service.class,
      names = {"PROJECT", "BACKLOG", "SPRINT"})
  void stateServiceDownOrSlowIsUnavailableNamingTheService(Service service) {
    String name = service.name().toLowerCase() + "-service";
    for (Fault fault : List.of(Fault.DOWN, Fault.SLOW)) {
      assemble(BreakerConfig.DEFAULTS);
      server.fail(service, fault);

      assertThatThrownBy(() -> orchestrate(DRY_RUN))
          .isInstanceOf(DependencyUnavailableException.class)
          .hasMessageContaining(name)
          .satisfies(e -> assertThat(((OrchestratorException) e).httpStatus()).isEqualTo(503));
      assertFailedRecordWithinBudget(503, "DependencyUnavailableException", service + " " + fault);
    }
  }

  @ParameterizedTest(name = "{0} malformed")
  @EnumSource(
      value = Service.class,
      names = {"PROJECT", "BACKLOG", "SPRINT"})
  void stateServiceMalformedAnswerIsABadResponseNamingTheService(Service service) {
    assemble(BreakerConfig.DEFAULTS);
    server.fail(service, Fault.MALFORMED_JSON);

    assertThatThrownBy(() -> orchestrate(DRY_RUN))
        .isInstanceOf(DependencyBadResponseException.class)
        .hasMessageContaining(service.name().toLowerCase() + "-service")
        .satisfies(e -> assertThat(((OrchestratorException) e).httpStatus()).isEqualTo(502));
    assertFailedRecordWithinBudget(
        502, "DependencyBadResponseException", service + " MALFORMED_JSON");
  }

  private void assertFailedRecordWithinBudget(int status, String errorType, String label) {
    assertThat(stored())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.statusCode()).isEqualTo(status);
              assertThat(r.errorType()).isEqualTo(errorType);
              assertThat(r.componentDurationsMs()).containsKey(Operations.PROJECT_STATE_FETCH);
              assertThat(r.componentDurationsMs().get(Operations.PROJECT_STATE_FETCH))
                  .isLessThan(BUDGET_MS);
              System.out.printf(
                  "budget %s: project_state_fetch %.1f ms, total %.1f ms (timeout %d ms)%n",
                  label,
                  r.componentDurationsMs().get(Operations.PROJECT_STATE_FETCH),
                  r.totalDurationMs(),
                  TIMEOUT.toMillis());
            });
  }

  @Test
  void anOpenChronicleCircuitDegradesAtOnceWithoutCallingChronicle() {
    assemble(STAYS_OPEN);
    server.fail(Service.CHRONICLE, Fault.SERVER_ERROR);
    int orchestrations = 0;
    while (!"OPEN".equals(client.circuitStates().get("chronicle-service")) && orchestrations < 5) {
      assertThat(orchestrate(DRY_RUN).analysis().historicalContext().status())
          .isEqualTo("unavailable");
      orchestrations++;
    }
    // 4 calls each, judged after 5 (a call still in flight when its orchestration gave up may be
    // counted late)
    assertThat(orchestrations).isBetween(2, 3);
    int chronicleCalls = server.requestCount(Service.CHRONICLE);

    for (int i = 0; i < 3; i++) {
      OrchestrationResponse response = orchestrate(DRY_RUN);
      assertThat(response.decisions().createNewSprint()).isTrue();
      assertThat(response.analysis().historicalContext().status()).isEqualTo("unavailable");
      assertThat(response.decisions().warnings())
          .anyMatch(w -> w.contains("chronicle-service") && w.contains("circuit open"));
      assertThat(component(response, Operations.CHRONICLE_FETCH).success()).isFalse();
      System.out.printf(
          "budget chronicle circuit open: chronicle_fetch %.1f ms, total %.1f ms%n",
          component(response, Operations.CHRONICLE_FETCH).durationMs(),
          response.invocation().totalDurationMs());
    }
    assertThat(server.requestCount(Service.CHRONICLE)).isEqualTo(chronicleCalls);
    assertThat(CircuitStates.settled(client, "chronicle-service", "OPEN"))
        .containsEntry("chronicle-service", "OPEN")
        .containsEntry("project-service", "CLOSED");
  }

  @Test
  void anOpenProjectCircuitAnswers503AtOnceWithoutCallingTheProjectService() {
    assemble(STAYS_OPEN);
    server.fail(Service.PROJECT, Fault.SLOW);
    int timedOut = 0;
    Throwable failure;
    do { // three project calls per orchestration; the circuit is judged after 5
      failure = catchThrowable(() -> orchestrate(DRY_RUN));
      assertThat(failure)
          .isInstanceOf(DependencyUnavailableException.class)
          .hasMessageContaining("project-service");
    } while (failure.getMessage().contains("no answer within") && ++timedOut < 5);
    assertThat(timedOut).isBetween(2, 3);
    assertThat(failure).hasMessageContaining("circuit open");
    assertThat(CircuitStates.settled(client, "project-service", "OPEN"))
        .containsEntry("project-service", "OPEN");
    int projectCalls = server.requestCount(Service.PROJECT);

    assertThatThrownBy(() -> orchestrate(DRY_RUN))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("project-service")
        .hasMessageContaining("circuit open");
    assertThat(server.requestCount(Service.PROJECT)).isEqualTo(projectCalls);
    int orchestrations = timedOut + 1;
    List<InvocationRecord> records =
        stored().stream()
            .sorted(java.util.Comparator.comparing(InvocationRecord::startTime))
            .toList();
    assertThat(records).hasSize(orchestrations + 1).allMatch(r -> r.statusCode() == 503);
    InvocationRecord slow = records.get(0);
    InvocationRecord rejected = records.get(orchestrations);
    // a rejected call costs no timeout: the open circuit's state read is cheaper than a timed-out
    // one
    assertThat(rejected.componentDurationsMs().get(Operations.PROJECT_STATE_FETCH))
        .isLessThan(slow.componentDurationsMs().get(Operations.PROJECT_STATE_FETCH));
    System.out.printf(
        "budget project circuit open: project_state_fetch %.1f ms (timed out: %.1f ms)%n",
        rejected.componentDurationsMs().get(Operations.PROJECT_STATE_FETCH),
        slow.componentDurationsMs().get(Operations.PROJECT_STATE_FETCH));
  }

  @Test
  void chronicleIsCalledAgainAfterTheWaitAndAnalysisComesBack() {
    assemble(new BreakerConfig(50f, 10, SHORT_WAIT));
    server.fail(Service.CHRONICLE, Fault.SERVER_ERROR);
    orchestrate(DRY_RUN);
    orchestrate(DRY_RUN);
    assertThat(CircuitStates.settled(client, "chronicle-service", "OPEN"))
        .containsEntry("chronicle-service", "OPEN");
    server.heal(Service.CHRONICLE);
    int chronicleCalls = server.requestCount(Service.CHRONICLE);

    sleepPast(SHORT_WAIT);
    OrchestrationResponse response = orchestrate(DRY_RUN);

    assertThat(server.requestCount(Service.CHRONICLE)).isGreaterThan(chronicleCalls);
    assertThat(response.analysis().historicalContext().status()).isEqualTo("ok");
    assertThat(component(response, Operations.CHRONICLE_FETCH).success()).isTrue();
    assertThat(client.circuitStates().get("chronicle-service")).isIn("HALF_OPEN", "CLOSED");
  }

  /** Over http: the sprint exists once created; a later failure is reported, not raised. */
  @Test
  void aFailureAfterTheSprintWasCreatedOverHttpIsAWarningAndIsNotRepeated() {
    assemble(BreakerConfig.DEFAULTS, new SchedulerDown());

    OrchestrationResponse response = orchestrate(OrchestrationOptions.DEFAULTS);

    assertThat(response.actionsTaken())
        .anyMatch(a -> a.startsWith("Created new sprint " + response.sprintId()));
    assertThat(response.decisions().warnings())
        .anyMatch(
            w ->
                w.contains("daily scrum schedule")
                    && w.contains("scheduler")
                    && w.contains("cannot connect"));
    assertThat(response.decisions().cronjobCreated()).isFalse();
    assertThat(stored()).singleElement().satisfies(r -> assertThat(r.statusCode()).isEqualTo(200));
    assertThat(creations()).isEqualTo(1);
    // the retry finds the sprint: it only retries the schedule (its first side effect, so raising
    // is safe)
    assertThatThrownBy(() -> orchestrate(OrchestrationOptions.DEFAULTS))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("scheduler");
    assertThat(creations()).isEqualTo(1);
  }

  private long creations() {
    return server.requestLog().stream().filter(r -> r.equals("POST /sprints/" + TEST)).count();
  }

  /** The schedule seam's backend is unreachable (the CronJob API, in the original). */
  private static final class SchedulerDown implements DailyScrumSchedules {
    @Override
    public boolean exists(String projectId, String scheduleName) {
      return false;
    }

    @Override
    public void put(DailyScrumSchedule schedule) {
      throw new DependencyUnavailableException(
          "scheduler", "cannot connect for create " + schedule.name(), null);
    }

    @Override
    public boolean delete(String projectId, String scheduleName) {
      throw new DependencyUnavailableException(
          "scheduler", "cannot connect for delete " + scheduleName, null);
    }

    @Override
    public java.util.List<DailyScrumSchedule> list(String projectId) {
      return java.util.List.of();
    }

    @Override
    public String kind() {
      return "down";
    }
  }

  @Test
  void healthyServicesShowClosedCircuits() {
    assemble(BreakerConfig.DEFAULTS);
    orchestrate(DRY_RUN);
    assertThat(client.circuitStates())
        .isEqualTo(
            Map.of(
                "project-service",
                "CLOSED",
                "backlog-service",
                "CLOSED",
                "sprint-service",
                "CLOSED",
                "chronicle-service",
                "CLOSED"));
  }
}
