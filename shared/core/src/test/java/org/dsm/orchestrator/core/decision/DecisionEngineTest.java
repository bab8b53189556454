package org.dsm.orchestrator.core.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.dsm.orchestrator.core.domain.AvailabilityConflict;
import org.dsm.orchestrator.core.domain.BacklogSummary;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectDetails;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.domain.SprintTaskSummary;
import org.dsm.orchestrator.core.domain.TeamAvailability;
import org.dsm.orchestrator.core.domain.TeamMember;
import org.junit.jupiter.api.Test;

class DecisionEngineTest {
  private static final String PID = "TEST-001";
  private final DecisionEngine engine = new DecisionEngine();

  private static Sprint sprint(String id, String status) {
    return new Sprint(id, PID, id, LocalDate.of(2025, 9, 1), LocalDate.of(2025, 9, 14), 2, status);
  }

  private static ProjectSnapshot snapshot(
      BacklogSummary backlog,
      List<Sprint> sprints,
      SprintTaskSummary tasks,
      TeamAvailability availability) {
    var team =
        List.of(
            new TeamMember("E1", "Ann"), new TeamMember("E2", "Bob"), new TeamMember("E3", "Cy"));
    return new ProjectSnapshot(
        new ProjectDetails(PID, "Test", "", "active", null, null),
        team,
        availability,
        backlog,
        sprints,
        tasks);
  }

  /** The team available, TEST-001-S01 in progress with these tasks. */
  private static ProjectSnapshot withActiveSprint(BacklogSummary backlog, SprintTaskSummary tasks) {
    return snapshot(
        backlog, List.of(sprint("TEST-001-S01", Sprint.IN_PROGRESS)), tasks, TeamAvailability.OK);
  }

  private static List<Sprint> closedSprints(int n) {
    List<Sprint> sprints = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      sprints.add(sprint(String.format("%s-S%02d", PID, i), "completed"));
    }
    return sprints;
  }

  private static OrchestrationOptions options(boolean createCron, int maxTasks) {
    return new OrchestrationOptions(
        true, true, createCron, "0 14 * * 1-5", 2, maxTasks, true, false);
  }

  @Test
  void noActiveSprintWithUnassignedTasksCreatesTheSprintTheServiceWillNumber() {
    var snap = snapshot(new BacklogSummary(20, 7), closedSprints(4), null, TeamAvailability.OK);

    Decision d = engine.decide(snap, options(true, 10), false);

    assertThat(d.createNewSprint()).isTrue();
    assertThat(d.sprintName())
        .isEqualTo("TEST-001-S05"); // 4 sprints exist, the service generates S05
    assertThat(d.tasksToAssign()).isEqualTo(7);
    assertThat(d.cronjobCreated()).isTrue();
    assertThat(d.scheduleName()).isEqualTo("run-dailyscrum-test-001-test-001-s05");
    assertThat(d.sprintId()).isNull();
    assertThat(d.sprintClosureTriggered()).isFalse();
    assertThat(d.reasoningText())
        .contains("7 of 20 backlog tasks are unassigned")
        .contains("Proposing to create new sprint: TEST-001-S05.")
        .contains("Proposing to assign 7 tasks.");
  }

  @Test
  void unassignedTasksWhileASprintIsActiveAreAWarningAndInTheReasoning() {
    List<Sprint> sprints = new ArrayList<>(closedSprints(3));
    sprints.add(sprint("TEST-001-S04", "in_progress"));
    var running = new SprintTaskSummary(5, 1, 4);
    var done = new SprintTaskSummary(5, 5, 0);

    for (SprintTaskSummary tasks : List.of(running, done)) {
      Decision d =
          engine.decide(
              snapshot(new BacklogSummary(17, 7), sprints, tasks, TeamAvailability.OK),
              options(true, 10),
              true);

      String fact =
          "7 backlog tasks are unassigned while sprint TEST-001-S04 is active: the sprint"
              + " service assigns tasks only when it creates a sprint, so they wait until"
              + " TEST-001-S04 is closed and the next sprint is created.";
      assertThat(d.warnings()).containsExactly(fact);
      assertThat(d.reasoningText()).contains(fact);
      assertThat(d.createNewSprint()).isFalse();
    }
    Decision none =
        engine.decide(
            snapshot(new BacklogSummary(5, 0), sprints, running, TeamAvailability.OK),
            options(true, 10),
            true);
    assertThat(none.warnings()).isEmpty();
  }

  @Test
  void theTaskCapIsHonoured() {
    var snap = snapshot(new BacklogSummary(40, 25), List.of(), null, TeamAvailability.OK);

    Decision d = engine.decide(snap, options(false, 10), false);

    assertThat(d.tasksToAssign()).isEqualTo(10);
    assertThat(d.sprintName()).isEqualTo("TEST-001-S01");
    assertThat(d.cronjobCreated()).isFalse();
    assertThat(d.scheduleName()).isNull();
    assertThat(d.reasoningText()).contains("capped by max_tasks_per_sprint 10");
  }

  @Test
  void assignTasksFalseAssignsNothing() {
    var snap = snapshot(new BacklogSummary(5, 5), List.of(), null, TeamAvailability.OK);
    var opts = new OrchestrationOptions(true, false, true, "0 14 * * 1-5", 2, 10, true, false);

    Decision d = engine.decide(snap, opts, false);

    assertThat(d.createNewSprint()).isTrue();
    assertThat(d.tasksToAssign()).isZero();
  }

  @Test
  void noUnassignedTasksMeansNoAction() {
    var snap = snapshot(new BacklogSummary(12, 0), closedSprints(2), null, TeamAvailability.OK);

    Decision d = engine.decide(snap, OrchestrationOptions.DEFAULTS, false);

    assertThat(d.createNewSprint()).isFalse();
    assertThat(d.cronjobCreated()).isFalse();
    assertThat(d.sprintClosureTriggered()).isFalse();
    assertThat(d.reasoningText()).contains("no unassigned tasks").contains("12 tasks in total");
  }

  @Test
  void sprintCreationDisabledByOption() {
    var snap = snapshot(new BacklogSummary(12, 3), List.of(), null, TeamAvailability.OK);
    var opts = new OrchestrationOptions(false, true, true, "0 14 * * 1-5", 2, 10, true, false);

    Decision d = engine.decide(snap, opts, false);

    assertThat(d.createNewSprint()).isFalse();
    assertThat(d.reasoningText()).contains("create_sprint_if_needed is false");
  }

  @Test
  void activeSprintWithMissingScheduleRecreatesIt() {
    var sprints = new ArrayList<>(closedSprints(2));
    sprints.add(sprint("TEST-001-S03", Sprint.IN_PROGRESS));
    var snap =
        snapshot(
            new BacklogSummary(10, 4),
            sprints,
            new SprintTaskSummary(6, 2, 4),
            TeamAvailability.OK);

    Decision d = engine.decide(snap, OrchestrationOptions.DEFAULTS, false);

    assertThat(d.cronjobCreated()).isTrue();
    assertThat(d.sprintId()).isEqualTo("TEST-001-S03");
    assertThat(d.scheduleName()).isEqualTo("run-dailyscrum-test-001-test-001-s03");
    assertThat(d.createNewSprint())
        .isFalse(); // an active sprint blocks creation even with unassigned tasks
    assertThat(d.sprintClosureTriggered()).isFalse();
    assertThat(d.reasoningText()).contains("CronJob was missing");
  }

  @Test
  void missingScheduleIsNotRecreatedWhenCronjobsAreDisabled() {
    var snap = withActiveSprint(new BacklogSummary(10, 0), new SprintTaskSummary(6, 2, 4));

    Decision d = engine.decide(snap, options(false, 10), false);

    assertThat(d.cronjobCreated()).isFalse();
    assertThat(d.reasoningText()).contains("create_cronjob is false");
  }

  @Test
  void activeSprintWithScheduleNeedsNothing() {
    var snap = withActiveSprint(new BacklogSummary(10, 0), new SprintTaskSummary(6, 2, 4));

    Decision d = engine.decide(snap, OrchestrationOptions.DEFAULTS, true);

    assertThat(d.cronjobCreated()).isFalse();
    assertThat(d.createNewSprint()).isFalse();
    assertThat(d.sprintClosureTriggered()).isFalse();
    assertThat(d.reasoningText()).contains("existing CronJob. No action needed.");
  }

  @Test
  void activeSprintWithAllTasksDoneIsClosedAndUnscheduled() {
    var snap = withActiveSprint(new BacklogSummary(10, 3), new SprintTaskSummary(6, 6, 0));

    Decision d = engine.decide(snap, OrchestrationOptions.DEFAULTS, true);

    assertThat(d.sprintClosureTriggered()).isTrue();
    assertThat(d.sprintIdToClose()).isEqualTo("TEST-001-S01");
    assertThat(d.cronjobDeleted()).isTrue();
    assertThat(d.scheduleName()).isEqualTo("run-dailyscrum-test-001-test-001-s01");
    assertThat(d.createNewSprint()).isFalse(); // one structural action per call
    assertThat(d.cronjobCreated()).isFalse();
  }

  @Test
  void closingASprintWithoutScheduleDeletesNothing() {
    var snap = withActiveSprint(new BacklogSummary(10, 3), new SprintTaskSummary(6, 6, 0));

    Decision d = engine.decide(snap, OrchestrationOptions.DEFAULTS, false);

    assertThat(d.sprintClosureTriggered()).isTrue();
    assertThat(d.cronjobDeleted()).isFalse();
    assertThat(d.cronjobCreated()).isFalse();
    assertThat(d.scheduleName()).isNull();
  }

  @Test
  void anEmptyActiveSprintIsNotComplete() {
    var snap = withActiveSprint(new BacklogSummary(0, 0), new SprintTaskSummary(0, 0, 0));

    Decision d = engine.decide(snap, OrchestrationOptions.DEFAULTS, true);

    assertThat(d.sprintClosureTriggered()).isFalse();
    assertThat(d.warnings()).anyMatch(w -> w.contains("has no tasks"));
  }

  @Test
  void unreadableTaskSummaryDoesNotClose() {
    var snap =
        snapshot(
            new BacklogSummary(0, 0),
            List.of(sprint("TEST-001-S01", Sprint.IN_PROGRESS)),
            null,
            TeamAvailability.OK);

    Decision d = engine.decide(snap, OrchestrationOptions.DEFAULTS, true);

    assertThat(d.sprintClosureTriggered()).isFalse();
    assertThat(d.warnings()).anyMatch(w -> w.contains("unavailable"));
  }

  @Test
  void availabilityConflictsBecomeWarnings() {
    var availability =
        new TeamAvailability(
            "conflict",
            List.of(
                new AvailabilityConflict("holiday", "2025-10-03", "German Unity Day", ""),
                new AvailabilityConflict("pto", "2025-10-06", "Ann", "vacation")));
    var snap = snapshot(new BacklogSummary(5, 5), List.of(), null, availability);

    Decision d = engine.decide(snap, OrchestrationOptions.DEFAULTS, false);

    assertThat(d.warnings())
        .containsExactly(
            "Sprint timeline includes upcoming holiday: German Unity Day on 2025-10-03",
            "Sprint timeline includes PTO: Ann on 2025-10-06");
    assertThat(d.reasoning().get(0))
        .isEqualTo("Note: Sprint timeline includes 2 holiday(s) or PTO day(s).");
    assertThat(d.createNewSprint()).isTrue(); // conflicts inform, they do not block
  }

  @Test
  void okAvailabilityAddsNoWarning() {
    var snap =
        snapshot(
            new BacklogSummary(5, 5), List.of(), null, new TeamAvailability("conflict", List.of()));

    assertThat(engine.decide(snap, OrchestrationOptions.DEFAULTS, false).warnings()).isEmpty();
  }

  @Test
  void severalActiveSprintsAreReported() {
    var snap =
        snapshot(
            new BacklogSummary(5, 0),
            List.of(
                sprint("TEST-001-S01", Sprint.IN_PROGRESS),
                sprint("TEST-001-S02", Sprint.IN_PROGRESS)),
            new SprintTaskSummary(3, 1, 2),
            TeamAvailability.OK);

    Decision d = engine.decide(snap, OrchestrationOptions.DEFAULTS, true);

    assertThat(d.warnings()).anyMatch(w -> w.contains("2 sprints in progress"));
  }

  @Test
  void nextSprintIdKeepsCountingPastNinetyNine() {
    assertThat(DecisionEngine.nextSprintId("P", 8)).isEqualTo("P-S09");
    assertThat(DecisionEngine.nextSprintId("P", 99)).isEqualTo("P-S100");
  }
}
