package org.dsm.orchestrator.core.data.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.fixtures.CircuitStates;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Fault;
import org.dsm.orchestrator.core.fixtures.FakeDsmServerExtension;
import org.dsm.orchestrator.core.port.ProjectActions.ClosedSprint;
import org.dsm.orchestrator.core.port.ProjectActions.CreatedSprint;
import org.dsm.orchestrator.core.resilience.BreakerConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A sprint create or close answered 5xx is judged by its read-back before the sprint service's
 * breaker counts it: the write that shows the intended state did not fail (the original answers 500
 * to a close of a sprint that is already closed), one that does not show it did. The breaker here
 * opens on the first failure, so a single miscounted 500 opens it.
 */
class SprintWriteBreakerTest {
  /** Window 2, judged from 1 call: the first failure opens the circuit, for 5 minutes. */
  private static final BreakerConfig FIRST_FAILURE_OPENS =
      new BreakerConfig(50f, 2, Duration.ofMinutes(5));

  private static final ProjectId TEST = ProjectId.of(EmbeddedDataset.TEST);
  private static final ProjectId CLOSE = ProjectId.of(EmbeddedDataset.CLOSE);

  @RegisterExtension
  static final FakeDsmServerExtension dsm =
      FakeDsmServerExtension.withTimeout(Duration.ofSeconds(5));

  private final FakeDsmServer server = dsm.server();
  private HttpDsmClient client;

  @BeforeEach
  void fresh() {
    client =
        new HttpDsmClient(
            dsm.config()
                .withReconciliation(Duration.ofMillis(100), Duration.ofSeconds(5))
                .withBreaker(FIRST_FAILURE_OPENS));
  }

  private String sprintState() {
    return client.circuitStates().get(HttpDsmClient.SPRINT);
  }

  private String activeSprint(ProjectId project) {
    LocalDate today = LocalDate.now();
    return client.load(project, today, today).activeSprint().orElseThrow().sprintId();
  }

  @Test
  void closesAnswered500ForASprintAlreadyClosedDoNotOpenTheCircuit() {
    String active = activeSprint(CLOSE);
    server.data().closeSprint(CLOSE, active); // another run closed it after this one read it

    for (int i = 0; i < 3; i++) {
      ClosedSprint closed = client.closeSprint(CLOSE, active);
      assertThat(closed.readBack())
          .contains("answered HTTP 500 to POST /sprints/" + active + "/close")
          .contains(active + " was closed");
      assertThat(sprintState()).isEqualTo("CLOSED");
    }
    // and the circuit that guards the other writes still lets them through
    assertThat(client.closeSprint(CLOSE, active).readBack()).contains("was closed");
  }

  @Test
  void aCloseAnswered500ThatDidNotCloseTheSprintIsCounted() {
    String active = activeSprint(CLOSE);
    server.failWrite("/close", Fault.SERVER_ERROR);

    assertThatThrownBy(() -> client.closeSprint(CLOSE, active))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining(active + " still in progress")
        .hasMessageContaining("nothing was done");
    assertThat(CircuitStates.settled(client, HttpDsmClient.SPRINT, "OPEN"))
        .containsEntry(HttpDsmClient.SPRINT, "OPEN");
  }

  @Test
  void aCreateAnswered500WhoseReadBackFindsTheSprintWithEveryTaskIsNotCounted() {
    server.failWrite("/sprints/" + TEST.value(), Fault.APPLIED_THEN_500);

    CreatedSprint created = client.createSprint(TEST, "TEST-001-S04", 2, 10);

    assertThat(created.readBack()).contains("was created with 12 tasks");
    assertThat(sprintState()).isEqualTo("CLOSED");
  }

  @Test
  void aCreateAnswered500ThatLeftTasksUnassignedIsCounted() {
    server.assignmentFailsAfter(5); // the sprint committed, 5 of 12 tasks assigned, then a 500

    CreatedSprint created = client.createSprint(TEST, "TEST-001-S04", 2, 10);

    assertThat(created.readBack()).contains("7 tasks of the backlog were left unassigned");
    assertThat(CircuitStates.settled(client, HttpDsmClient.SPRINT, "OPEN"))
        .containsEntry(HttpDsmClient.SPRINT, "OPEN");
  }
}
