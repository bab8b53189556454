package org.dsm.orchestrator.core.orchestration;

import java.util.ArrayList;
import java.util.List;
import org.dsm.orchestrator.core.decision.Decision;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.ActionRejectedException;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.port.ProjectActions;

/**
 * Performs a decision's side effects in the original service's order: close sprint, create sprint,
 * schedule daily scrum. Only a failure of the FIRST side effect because a service is down
 * propagates (nothing happened yet, so a retry is safe); refusals and every later failure become
 * warnings next to what was already done.
 */
final class ActionExecutor {
  private final ProjectActions actions;

  ActionExecutor(ProjectActions actions) {
    this.actions = actions;
  }

  ActionOutcome execute(ProjectId projectId, Decision decision, OrchestrationOptions options) {
    var run = new Run(projectId);
    run.sprintId =
        decision.sprintClosureTriggered()
            ? null
            : decision.sprintId(); // self-heal names the active sprint
    if (decision.sprintClosureTriggered() && decision.sprintIdToClose() != null) {
      run.closeSprint(decision);
    }
    if (decision.createNewSprint() && run.sprintId == null) {
      run.createSprint(decision, options);
    }
    if (decision.cronjobCreated() && !decision.sprintClosureTriggered() && run.sprintId != null) {
      run.schedule(options.schedule());
    }
    return new ActionOutcome(
        run.taken,
        run.warnings,
        run.sprintId,
        run.scheduleName,
        run.scheduled,
        run.unscheduled,
        run.sideEffects > 0,
        run.assignedTasks);
  }

  /**
   * The mutable state of one execution, kept out of the executor so the executor stays shareable.
   */
  private final class Run {
    final ProjectId projectId;
    final List<String> taken = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    String sprintId;
    String scheduleName;
    boolean scheduled;
    boolean unscheduled;
    int sideEffects;
    Integer assignedTasks;

    Run(ProjectId projectId) {
      this.projectId = projectId;
    }

    void closeSprint(Decision decision) {
      String toClose = decision.sprintIdToClose();
      ProjectActions.ClosedSprint[] closed = new ProjectActions.ClosedSprint[1];
      if (!attempt(
          "Failed to close sprint " + toClose,
          () -> closed[0] = actions.closeSprint(projectId, toClose))) {
        return;
      }
      taken.add("Closed sprint " + toClose);
      if (closed[0] != null && closed[0].readBack() != null) {
        warnings.add(closed[0].readBack()); // the service did not answer: what it really did
      }
      sprintId = toClose;
      if (decision.cronjobDeleted() && decision.scheduleName() != null) {
        String name = decision.scheduleName();
        if (attempt(
            "Failed to delete daily scrum schedule " + name,
            () -> actions.unscheduleDailyScrum(projectId, name))) {
          taken.add("Deleted cronjob " + name);
          scheduleName = name;
          unscheduled = true;
        }
      }
    }

    void createSprint(Decision decision, OrchestrationOptions options) {
      ProjectActions.CreatedSprint[] created = new ProjectActions.CreatedSprint[1];
      if (!attempt(
          "Failed to create sprint " + decision.sprintName(),
          () ->
              created[0] =
                  actions.createSprint(
                      projectId,
                      decision.sprintName(),
                      options.sprintDurationWeeks(),
                      decision.tasksToAssign()))) {
        return;
      }
      sprintId = created[0].sprintId();
      assignedTasks = created[0].assignedTasks();
      taken.add("Created new sprint " + sprintId);
      if (created[0].provisional()) {
        taken.add("Assigned at least " + assignedTasks + " tasks to sprint (count provisional)");
      } else {
        taken.add("Assigned " + assignedTasks + " tasks to sprint");
      }
      if (created[0].readBack() != null) {
        warnings.add(created[0].readBack()); // the service did not answer: what it really did
      } else if (assignedTasks != decision.tasksToAssign()) {
        warnings.add(
            "The sprint service assigned "
                + assignedTasks
                + " tasks to "
                + sprintId
                + ", not the "
                + decision.tasksToAssign()
                + " decided (the backlog changed in between).");
      }
    }

    void schedule(String cron) {
      String name = ScheduleNames.dailyScrum(projectId.value(), sprintId);
      if (attempt(
          "Failed to create daily scrum schedule for sprint " + sprintId,
          () -> actions.scheduleDailyScrum(projectId, sprintId, name, cron))) {
        taken.add("Created cronjob " + name);
        scheduleName = name;
        scheduled = true;
      } else {
        taken.add("Failed to create cronjob for sprint " + sprintId);
      }
    }

    /** Runs one side effect; returns whether it succeeded. */
    private boolean attempt(String failurePrefix, Runnable action) {
      try {
        action.run();
        sideEffects++;
        return true;
      } catch (ActionRejectedException e) {
        warnings.add(failurePrefix + ": " + e.getMessage());
        return false;
      } catch (OrchestratorException e) {
        if (sideEffects == 0) {
          throw e; // nothing happened yet: the caller may safely retry
        }
        warnings.add(failurePrefix + ": " + e.getMessage());
        return false;
      }
    }
  }
}
