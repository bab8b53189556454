package org.dsm.orchestrator.core.orchestration;

import java.util.ArrayList;
import java.util.List;
import org.dsm.orchestrator.core.decision.Decision;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.ActionRejectedException;
import org.dsm.orchestrator.core.error.DeadlineReachedException;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.port.ProjectActions;

/**
 * Performs a decision's side effects in the original service's order: close sprint, create sprint,
 * schedule daily scrum. Only a failure of the FIRST side effect because a service is down
 * propagates (nothing happened yet, so a retry is safe); refusals and every later failure become
 * warnings next to what was already done.
 *
 * <p>Each side effect starts only when its worst case ({@link
 * ProjectActions#sprintWriteWorstCaseMs}, {@link ProjectActions#scheduleWorstCaseMs}) fits in the
 * time the invocation has left: the first one not fitting is a 503 naming it (nothing was done, a
 * retry is safe); a later one is a warning "Not started: ..." next to what was done. One that
 * started is never reported as not done.
 *
 * <p>A schedule write that went unanswered is read back by its adapter: found, it is done with a
 * warning saying so (as a sprint write's {@code readBack}); undecidable ({@code
 * ActionOutcomeUnknownException}), it is a warning "Outcome unknown: ...", never "Failed to".
 */
final class ActionExecutor {
  private final ProjectActions actions;

  ActionExecutor(ProjectActions actions) {
    this.actions = actions;
  }

  ActionOutcome execute(
      ProjectId projectId, Decision decision, OrchestrationOptions options, Deadline deadline) {
    var run = new Run(projectId, deadline);
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
    final Deadline deadline;
    final List<String> taken = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    String sprintId;
    String scheduleName;
    boolean scheduled;
    boolean unscheduled;
    int sideEffects;
    Integer assignedTasks;

    Run(ProjectId projectId, Deadline deadline) {
      this.projectId = projectId;
      this.deadline = deadline;
    }

    void closeSprint(Decision decision) {
      String toClose = decision.sprintIdToClose();
      ProjectActions.ClosedSprint[] closed = new ProjectActions.ClosedSprint[1];
      if (attempt(
              "close sprint " + toClose,
              actions.sprintWriteWorstCaseMs(),
              () -> closed[0] = actions.closeSprint(projectId, toClose))
          != Result.DONE) {
        return;
      }
      taken.add("Closed sprint " + toClose);
      if (closed[0] != null && closed[0].readBack() != null) {
        warnings.add(closed[0].readBack()); // the service did not answer: what it really did
      }
      sprintId = toClose;
      if (decision.cronjobDeleted() && decision.scheduleName() != null) {
        String name = decision.scheduleName();
        String[] readBack = new String[1];
        if (attempt(
                "delete daily scrum schedule " + name,
                actions.scheduleWorstCaseMs(),
                () -> readBack[0] = actions.unscheduleDailyScrum(projectId, name))
            == Result.DONE) {
          taken.add("Deleted cronjob " + name);
          scheduleName = name;
          unscheduled = true;
          if (readBack[0] != null) {
            warnings.add(readBack[0]); // the scheduler did not answer: what it really did
          }
        }
      }
    }

    void createSprint(Decision decision, OrchestrationOptions options) {
      ProjectActions.CreatedSprint[] created = new ProjectActions.CreatedSprint[1];
      if (attempt(
              "create sprint " + decision.sprintName(),
              actions.sprintWriteWorstCaseMs(),
              () ->
                  created[0] =
                      actions.createSprint(
                          projectId,
                          decision.sprintName(),
                          options.sprintDurationWeeks(),
                          decision.tasksToAssign()))
          != Result.DONE) {
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
      if (!ScheduleNames.isSchedulableSprintId(sprintId)) {
        // its daily-scrum event would be refused on every run: a schedule that never works
        warnings.add(
            "Not created: daily scrum schedule for sprint "
                + sprintId
                + ": the sprint service's id cannot be carried by a daily-scrum event ("
                + ScheduleNames.SPRINT_ID_RULE
                + ").");
        return;
      }
      String name = ScheduleNames.dailyScrum(projectId.value(), sprintId);
      String[] readBack = new String[1];
      Result result =
          attempt(
              "create daily scrum schedule for sprint " + sprintId,
              actions.scheduleWorstCaseMs(),
              () -> readBack[0] = actions.scheduleDailyScrum(projectId, sprintId, name, cron));
      if (result == Result.DONE) {
        taken.add("Created cronjob " + name);
        scheduleName = name;
        scheduled = true;
        if (readBack[0] != null) {
          warnings.add(readBack[0]); // the scheduler did not answer: what it really did
        }
      } else if (result == Result.FAILED) {
        taken.add("Failed to create cronjob for sprint " + sprintId);
      }
    }

    /**
     * Runs one side effect ({@code what}, e.g. "create sprint X") when its worst case fits in the
     * time left; returns what became of it.
     */
    private Result attempt(String what, long worstCaseMs, Runnable action) {
      String tooLate = deadline.whyNotStarted(worstCaseMs);
      if (tooLate != null) {
        if (sideEffects == 0) { // nothing happened yet: the caller may safely retry
          throw new DeadlineReachedException(
              "Not started: " + what + ": " + tooLate + "; nothing was done, a retry is safe");
        }
        warnings.add("Not started: " + what + ": " + tooLate + ".");
        return Result.NOT_STARTED;
      }
      String failurePrefix = "Failed to " + what;
      try {
        action.run();
        sideEffects++;
        return Result.DONE;
      } catch (ActionRejectedException e) {
        warnings.add(failurePrefix + ": " + e.getMessage());
        return Result.FAILED;
      } catch (ActionOutcomeUnknownException e) {
        if (sideEffects == 0) {
          throw e; // 504: the caller is told the outcome is unknown, and a retry reads it afresh
        }
        // neither done nor failed: say so, never "Failed to"
        warnings.add("Outcome unknown: " + what + ": " + e.getMessage());
        return Result.UNKNOWN;
      } catch (OrchestratorException e) {
        if (sideEffects == 0) {
          throw e; // nothing happened yet: the caller may safely retry
        }
        warnings.add(failurePrefix + ": " + e.getMessage());
        return Result.FAILED;
      }
    }
  }

  private enum Result {
    DONE,
    FAILED,
    /** Went unanswered and the read-back could not tell: reported as neither done nor failed. */
    UNKNOWN,
    NOT_STARTED
  }
}
