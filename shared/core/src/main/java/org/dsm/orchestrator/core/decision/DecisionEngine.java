package org.dsm.orchestrator.core.decision;

import java.util.ArrayList;
import java.util.List;
import org.dsm.orchestrator.core.domain.AvailabilityConflict;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.domain.SprintTaskSummary;
import org.dsm.orchestrator.core.domain.UncappableAssignment;

/**
 * The rule-based decision; pure (no I/O). At most one structural action per call, as in the
 * original: close the finished active sprint (and remove its daily-scrum schedule), or re-create
 * the active sprint's missing schedule, or create a new sprint when none is active and work is
 * waiting. The counts come from the project's own state, the proposed sprint name is the id the
 * sprint service will generate, the task cap and {@code assign_tasks} are honoured where the sprint
 * service can honour them and otherwise the decision says what the service will really do, before
 * acting, the schedule of a closed sprint is removed, an empty sprint is not complete, schedule
 * names are DNS-1123 labels, and holiday/PTO notes appear only on a decision that plans a sprint
 * (the window they were read for).
 */
public final class DecisionEngine {

  /**
   * @param activeSprintScheduled whether the active sprint's daily-scrum schedule exists (ignored
   *     without an active sprint)
   */
  public Decision decide(
      ProjectSnapshot snapshot, OrchestrationOptions options, boolean activeSprintScheduled) {
    return decide(snapshot, options, activeSprintScheduled, false);
  }

  /**
   * @param creationAssignsAll whether the sprint service assigns every unassigned task when it
   *     creates a sprint, whatever cap it is given
   */
  public Decision decide(
      ProjectSnapshot snapshot,
      OrchestrationOptions options,
      boolean activeSprintScheduled,
      boolean creationAssignsAll) {
    var draft = new Draft();
    snapshot
        .activeSprint()
        .ifPresentOrElse(
            sprint -> decideForActive(snapshot, sprint, options, activeSprintScheduled, draft),
            () -> decideWithoutActive(snapshot, options, creationAssignsAll, draft));
    if (draft.create) { // the availability was read for the planned sprint's window
      noteAvailability(snapshot, draft);
    }
    return draft.toDecision();
  }

  private static void noteAvailability(ProjectSnapshot snapshot, Draft draft) {
    if (snapshot.availability() == null || !snapshot.availability().hasConflicts()) {
      return;
    }
    List<AvailabilityConflict> conflicts = snapshot.availability().conflicts();
    draft.reasoning.add(
        0, "Note: Sprint timeline includes " + conflicts.size() + " holiday(s) or PTO day(s).");
    int at = 0;
    for (AvailabilityConflict conflict : conflicts) {
      draft.warnings.add(
          at++,
          "pto".equalsIgnoreCase(conflict.type())
              ? "Sprint timeline includes PTO: " + conflict.name() + " on " + conflict.date()
              : "Sprint timeline includes upcoming holiday: "
                  + conflict.name()
                  + " on "
                  + conflict.date());
    }
  }

  private static void decideForActive(
      ProjectSnapshot snapshot,
      Sprint active,
      OrchestrationOptions options,
      boolean scheduled,
      Draft draft) {
    String projectId = projectId(snapshot);
    String activeId = active.sprintId();
    String scheduleName = ScheduleNames.dailyScrum(projectId, activeId);
    if (snapshot.activeSprintCount() > 1) {
      draft.warnings.add(
          "Project has "
              + snapshot.activeSprintCount()
              + " sprints in progress; acting on "
              + activeId
              + " only.");
    }
    noteUnassignedWhileActive(snapshot, activeId, draft);
    SprintTaskSummary tasks = snapshot.activeSprintTasks();
    if (tasks == null) {
      draft.warnings.add(
          "Task summary of active sprint " + activeId + " is unavailable; closure not evaluated.");
    } else if (tasks.allTasksDone()) {
      draft.close = true;
      draft.sprintIdToClose = activeId;
      draft.reasoning.add(
          "Active sprint "
              + activeId
              + " has all "
              + tasks.totalTasks()
              + " tasks completed. Closing it.");
      if (scheduled) {
        draft.cronjobDeleted = true;
        draft.scheduleName = scheduleName;
        draft.reasoning.add("Its daily scrum schedule " + scheduleName + " will be removed.");
      }
      return;
    } else if (tasks.totalTasks() == 0) {
      draft.warnings.add(
          "Active sprint "
              + activeId
              + " has no tasks; an empty sprint is not closed as complete.");
    }
    if (scheduled) {
      draft.reasoning.add(
          "Active sprint " + activeId + " found with an existing CronJob. No action needed.");
      return;
    }
    if (!options.createCronjob()) {
      draft.reasoning.add(
          "Active sprint "
              + activeId
              + " found, but its CronJob is missing; not recreated because "
              + "create_cronjob is false.");
      return;
    }
    draft.cron = true;
    draft.sprintName = active.sprintName() == null ? activeId : active.sprintName();
    draft.sprintId = activeId;
    draft.scheduleName = scheduleName;
    draft.reasoning.add(
        "Active sprint "
            + activeId
            + " found, but its corresponding CronJob was missing. "
            + "Recreating the CronJob to ensure process continuity.");
  }

  /**
   * Backlog tasks left unassigned while a sprint runs (a create that failed part-way, tasks added
   * since, or a sprint's unfinished tasks moved back): no call puts a task into a running sprint —
   * the sprint service assigns tasks only when it creates one, and only when none is in progress —
   * so they wait until the active sprint is closed and the next one is created. Said in the
   * reasoning and as a warning on every run until then, not only in the response of the run that
   * left them.
   */
  private static void noteUnassignedWhileActive(
      ProjectSnapshot snapshot, String activeId, Draft draft) {
    int unassigned = snapshot.backlog().unassignedTasks();
    if (unassigned <= 0) {
      return;
    }
    String fact =
        unassigned
            + (unassigned == 1 ? " backlog task is" : " backlog tasks are")
            + " unassigned while sprint "
            + activeId
            + " is active: the sprint service assigns tasks only when it creates a sprint, so "
            + (unassigned == 1 ? "it waits" : "they wait")
            + " until "
            + activeId
            + " is closed and the next sprint is created.";
    draft.reasoning.add(fact);
    draft.warnings.add(fact);
  }

  private static void decideWithoutActive(
      ProjectSnapshot snapshot,
      OrchestrationOptions options,
      boolean creationAssignsAll,
      Draft draft) {
    int unassigned = snapshot.backlog().unassignedTasks();
    int total = snapshot.backlog().totalTasks();
    if (unassigned <= 0) {
      draft.reasoning.add(
          "No active sprint found and no unassigned tasks in the backlog ("
              + total
              + " tasks in total).");
      return;
    }
    if (!options.createSprintIfNeeded()) {
      draft.reasoning.add(
          "No active sprint found and "
              + unassigned
              + " unassigned tasks exist; sprint creation "
              + "is disabled (create_sprint_if_needed is false).");
      return;
    }
    String projectId = projectId(snapshot);
    String sprintId = nextSprintId(projectId, snapshot.sprints().size());
    draft.reasoning.add(
        "No active sprint found and "
            + unassigned
            + " of "
            + total
            + " backlog tasks are unassigned.");
    int wanted = options.assignTasks() ? Math.min(unassigned, options.maxTasksPerSprint()) : 0;
    if (creationAssignsAll && wanted < unassigned) {
      String limit =
          options.assignTasks()
              ? "max_tasks_per_sprint " + options.maxTasksPerSprint()
              : "assign_tasks false";
      String fact =
          "the sprint service assigns all "
              + unassigned
              + " unassigned tasks when it creates a sprint, so "
              + limit
              + " cannot be honoured";
      if (options.onUncappableAssignment() == UncappableAssignment.DECLINE) {
        draft.reasoning.add(
            "Not creating sprint "
                + sprintId
                + ": "
                + fact
                + " ("
                + UncappableAssignment.OPTION
                + " is decline).");
        draft.warnings.add("Sprint " + sprintId + " not created: " + fact + ".");
        return;
      }
      draft.create = true;
      draft.sprintName = sprintId;
      draft.tasks = unassigned;
      draft.reasoning.add("Proposing to create new sprint: " + sprintId + ".");
      draft.reasoning.add("Proposing to assign all " + unassigned + " tasks: " + fact + ".");
      draft.warnings.add(
          "The sprint service will assign all "
              + unassigned
              + " unassigned tasks to "
              + sprintId
              + "; "
              + limit
              + " cannot be honoured (set "
              + UncappableAssignment.OPTION
              + " to decline to skip the sprint instead).");
      scheduleNewSprint(projectId, options, draft);
      return;
    }
    draft.create = true;
    draft.sprintName = sprintId;
    draft.reasoning.add("Proposing to create new sprint: " + draft.sprintName + ".");
    if (options.assignTasks()) {
      draft.tasks = Math.min(unassigned, options.maxTasksPerSprint());
      draft.reasoning.add(
          "Proposing to assign "
              + draft.tasks
              + " tasks"
              + (draft.tasks < unassigned
                  ? " (capped by max_tasks_per_sprint " + options.maxTasksPerSprint() + ")"
                  : "")
              + ".");
    } else {
      draft.reasoning.add("No tasks will be assigned (assign_tasks is false).");
    }
    scheduleNewSprint(projectId, options, draft);
  }

  private static void scheduleNewSprint(
      String projectId, OrchestrationOptions options, Draft draft) {
    if (options.createCronjob()) {
      draft.cron = true;
      draft.scheduleName = ScheduleNames.dailyScrum(projectId, draft.sprintName);
      draft.reasoning.add("New sprint creation triggers CronJob generation.");
    }
  }

  /**
   * The id the sprint service generates for a project's next sprint: "{project}-S{count of all its
   * sprints + 1}", zero-padded to two digits (the original counted only active sprints, so it
   * always proposed "-S01").
   */
  static String nextSprintId(String projectId, int existingSprints) {
    return Sprint.numberedId(projectId, existingSprints + 1);
  }

  private static String projectId(ProjectSnapshot snapshot) {
    return snapshot.details().id();
  }

  /** The decision under construction; one per call, never shared. */
  private static final class Draft {
    final List<String> reasoning = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    boolean create;
    int tasks;
    boolean cron;
    boolean close;
    boolean cronjobDeleted;
    String sprintName;
    String sprintIdToClose;
    String sprintId;
    String scheduleName;

    Decision toDecision() {
      return new Decision(
          create,
          tasks,
          cron,
          reasoning,
          warnings,
          close,
          cronjobDeleted,
          sprintName,
          sprintIdToClose,
          sprintId,
          scheduleName);
    }
  }
}
