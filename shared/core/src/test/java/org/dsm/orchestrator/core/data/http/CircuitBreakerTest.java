package org.dsm.orchestrator.core.data.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.ActionRejectedException;
import org.dsm.orchestrator.core.error.DependencyBadResponseException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.error.ProjectNotFoundException;
import org.dsm.orchestrator.core.fixtures.CircuitStates;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Fault;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Service;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.UnknownProjects;
import org.dsm.orchestrator.core.fixtures.FakeDsmServerExtension;
import org.dsm.orchestrator.core.port.DependencyHealth;
import org.dsm.orchestrator.core.resilience.BreakerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The per-service circuit breakers of {@link HttpDsmClient}, observed from the fake services' side:
 * an open circuit means the service stops receiving calls. Waits are lower bounds (sleeping past
 * the open wait), never timing assertions.
 */
class CircuitBreakerTest {
  private static final Duration TIMEOUT = Duration.ofMillis(2000);

  /**
   * Opens at 50% of the last 10 calls, judged from 5; the long wait keeps it open for the whole
   * test.
   */
  private static final BreakerConfig STAYS_OPEN = new BreakerConfig(50f, 10, Duration.ofMinutes(5));

  /**
   * Long enough that a stall of the busy test machine does not half-open the circuit between two
   * steps.
   */
  private static final Duration SHORT_WAIT = Duration.ofSeconds(1);

  private static final BreakerConfig REOPENS_SOON = new BreakerConfig(50f, 10, SHORT_WAIT);

  /**
   * For a test that must see the circuit still open after it reopened: a wait that a stall of the
   * loaded machine between two calls cannot outlast.
   */
  private static final BreakerConfig REOPENS_LATER =
      new BreakerConfig(50f, 10, Duration.ofSeconds(5));

  private static final ProjectId TEST = ProjectId.of(EmbeddedDataset.TEST);

  @RegisterExtension
  static final FakeDsmServerExtension dsm =
      FakeDsmServerExtension.withTimeout(TIMEOUT).unknownProjects(UnknownProjects.NOT_FOUND);

  private final FakeDsmServer server = dsm.server();

  private HttpDsmClient client(BreakerConfig breaker) {
    return client(breaker, TIMEOUT);
  }

  private HttpDsmClient client(BreakerConfig breaker, Duration timeout) {
    return new HttpDsmClient(server.config(timeout).withBreaker(breaker));
  }

  private static void load(HttpDsmClient client, ProjectId id) {
    LocalDate today = LocalDate.now();
    client.load(id, today, today.plusWeeks(2));
  }

  private static void sleepPast(Duration wait) {
    try {
      Thread.sleep(wait.toMillis() + 500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits (up to 30 s) until the service received {@code count} requests: a request the client gave
   * up on may reach the server's handler only after that, on a loaded machine.
   */
  private void awaitRequests(Service service, int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (server.requestCount(service) < count && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    assertThat(server.requestCount(service)).isEqualTo(count);
  }

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {"SERVER_ERROR", "MALFORMED_JSON"})
  void afterTheThresholdTheFailingServiceIsNoLongerCalled(Fault fault) {
    HttpDsmClient client = client(STAYS_OPEN);
    server.fail(Service.BACKLOG, fault);
    for (int i = 0; i < STAYS_OPEN.minimumCalls(); i++) { // one backlog call per load
      assertThatThrownBy(() -> load(client, TEST)).hasMessageContaining("backlog-service");
    }
    int callsWhenOpened = server.requestCount(Service.BACKLOG);
    int projectCalls = server.requestCount(Service.PROJECT);

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> load(client, TEST))
          .isInstanceOf(DependencyUnavailableException.class)
          .hasMessageContaining("backlog-service")
          .hasMessageContaining("circuit open");
    }

    assertThat(callsWhenOpened).isEqualTo(STAYS_OPEN.minimumCalls());
    assertThat(server.requestCount(Service.BACKLOG)).isEqualTo(callsWhenOpened);
    assertThat(server.requestCount(Service.PROJECT))
        .isGreaterThan(projectCalls); // the healthy ones still are
    assertThat(client.circuitStates())
        .containsExactly(
            Map.entry("project-service", "CLOSED"),
            Map.entry("backlog-service", "OPEN"),
            Map.entry("sprint-service", "CLOSED"),
            Map.entry("chronicle-service", "CLOSED"));
  }

  @Test
  void aServiceSlowPastTheTimeoutStopsCostingTheTimeoutOnceOpen() {
    HttpDsmClient client = client(STAYS_OPEN, Duration.ofMillis(200));
    server.slowDelay(Duration.ofMillis(1500)).fail(Service.CHRONICLE, Fault.SLOW);
    for (int i = 0; i < STAYS_OPEN.minimumCalls(); i++) {
      assertThatThrownBy(() -> client.impediments(TEST))
          .hasMessageContaining("no answer within 200 ms");
    }
    awaitRequests(Service.CHRONICLE, STAYS_OPEN.minimumCalls()); // one per call, none late
    int calls = server.requestCount(Service.CHRONICLE);

    assertThatThrownBy(() -> client.impediments(TEST))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("chronicle-service")
        .hasMessageContaining("circuit open");
    assertThat(server.requestCount(Service.CHRONICLE)).isEqualTo(calls);
  }

  @Test
  void aDownServiceOpensTheCircuit() {
    HttpDsmClient client = client(STAYS_OPEN);
    server.fail(Service.SPRINT, Fault.DOWN);
    for (int i = 0; i < STAYS_OPEN.minimumCalls(); i++) {
      assertThatThrownBy(() -> load(client, TEST)).hasMessageContaining("cannot connect");
    }
    assertThatThrownBy(() -> load(client, TEST))
        .hasMessageContaining("sprint-service")
        .hasMessageContaining("circuit open");
    assertThat(client.circuitStates()).containsEntry("sprint-service", "OPEN");
  }

  @Test
  void afterTheWaitTrialCallsCloseTheCircuitWhenTheServiceIsBack() {
    HttpDsmClient client = client(REOPENS_SOON);
    server.fail(Service.BACKLOG, Fault.SERVER_ERROR);
    for (int i = 0; i < REOPENS_SOON.minimumCalls(); i++) {
      assertThatThrownBy(() -> load(client, TEST))
          .isInstanceOf(DependencyUnavailableException.class);
    }
    assertThat(client.circuitStates()).containsEntry("backlog-service", "OPEN");
    server.heal(Service.BACKLOG);
    int calls = server.requestCount(Service.BACKLOG);

    sleepPast(SHORT_WAIT);
    load(client, TEST);
    assertThat(server.requestCount(Service.BACKLOG)).isEqualTo(calls + 1);
    assertThat(client.circuitStates()).containsEntry("backlog-service", "HALF_OPEN");
    for (int i = 1; i < REOPENS_SOON.halfOpenCalls(); i++) {
      load(client, TEST);
    }
    assertThat(client.circuitStates()).containsEntry("backlog-service", "CLOSED");
  }

  @Test
  void failedTrialCallsOpenTheCircuitAgain() {
    HttpDsmClient client = client(REOPENS_LATER);
    server.fail(Service.BACKLOG, Fault.SERVER_ERROR);
    for (int i = 0; i < REOPENS_LATER.minimumCalls(); i++) {
      assertThatThrownBy(() -> load(client, TEST))
          .isInstanceOf(DependencyUnavailableException.class);
    }
    sleepPast(REOPENS_LATER.waitInOpen());
    for (int i = 0; i < REOPENS_LATER.halfOpenCalls(); i++) {
      assertThatThrownBy(() -> load(client, TEST)).hasMessageContaining("HTTP 500");
    }
    int calls = server.requestCount(Service.BACKLOG);

    assertThatThrownBy(() -> load(client, TEST)).hasMessageContaining("circuit open");
    assertThat(server.requestCount(Service.BACKLOG)).isEqualTo(calls);
    assertThat(client.circuitStates()).containsEntry("backlog-service", "OPEN");
  }

  /**
   * One trial call per half-open circuit: the load's three parallel project calls must still all go
   * through.
   */
  @Test
  void inHalfOpenARequestsParallelCallsDoNotRejectEachOther() {
    BreakerConfig oneTrial = new BreakerConfig(50f, 1, SHORT_WAIT);
    assertThat(oneTrial.halfOpenCalls()).isEqualTo(1);
    HttpDsmClient client = client(oneTrial);
    server.fail(Service.PROJECT, Fault.SERVER_ERROR);
    assertThatThrownBy(() -> load(client, TEST)).isInstanceOf(DependencyUnavailableException.class);
    assertThat(CircuitStates.settled(client, "project-service", "OPEN"))
        .containsEntry("project-service", "OPEN");
    server.heal(Service.PROJECT);

    sleepPast(SHORT_WAIT);
    load(client, TEST);
    assertThat(client.circuitStates()).containsEntry("project-service", "CLOSED");
  }

  @Test
  void notFoundAndRefusalsAreAnswersNotFailures() {
    // so strict that a single counted failure among the window's calls would open the circuit
    BreakerConfig strict = new BreakerConfig(1f, STAYS_OPEN.window(), STAYS_OPEN.waitInOpen());
    HttpDsmClient client = client(strict);
    for (int i = 0; i < 2 * STAYS_OPEN.window(); i++) {
      assertThatThrownBy(() -> load(client, ProjectId.of("NOPE-1")))
          .isInstanceOf(ProjectNotFoundException.class);
    }
    // the original project service answers 500 for an unknown project (its team is empty): still
    // "not found"
    server.unknownProjects(UnknownProjects.ORIGINAL);
    for (int i = 0; i < 2 * STAYS_OPEN.window(); i++) {
      assertThatThrownBy(() -> load(client, ProjectId.of("NOPE-2")))
          .isInstanceOf(ProjectNotFoundException.class);
    }
    client.createSprint(TEST, "TEST-001 Sprint 4", 2, 5);
    for (int i = 0; i < 2 * STAYS_OPEN.window(); i++) { // 409: a sprint is already in progress
      assertThatThrownBy(() -> client.createSprint(TEST, "again", 2, 5))
          .isInstanceOf(ActionRejectedException.class);
    }

    assertThat(client.circuitStates().values()).containsOnly("CLOSED");
  }

  /**
   * A JSON answer without a field fails fast on its own; opening the circuit would save nothing.
   */
  @Test
  void aJsonAnswerMissingFieldsDoesNotOpenTheCircuit() {
    HttpDsmClient client = client(STAYS_OPEN);
    server.fail(Service.BACKLOG, Fault.MISSING_FIELDS);
    for (int i = 0; i < 2 * STAYS_OPEN.window(); i++) {
      assertThatThrownBy(() -> load(client, TEST))
          .isInstanceOf(DependencyBadResponseException.class)
          .hasMessageContaining("total_tasks");
    }
    assertThat(server.requestCount(Service.BACKLOG)).isEqualTo(2 * STAYS_OPEN.window());
    assertThat(client.circuitStates()).containsEntry("backlog-service", "CLOSED");
  }

  @Test
  void withoutRemoteDependenciesThereAreNoCircuits() {
    assertThat(DependencyHealth.NONE.circuitStates()).isEmpty();
    assertThat(client(BreakerConfig.DEFAULTS).circuitStates()).hasSize(4).containsValue("CLOSED");
  }
}
