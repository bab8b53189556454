package org.dsm.orchestrator.core.port;

import org.dsm.orchestrator.core.domain.ProjectId;

/**
 * The side effects an orchestration may perform. None are transactional: the use case reports each
 * one's outcome separately, so a failure after a sprint was created is not an error. Business
 * refusals throw {@code ActionRejectedException}.
 */
public interface ProjectActions {
  /**
   * Starts a sprint with at most {@code maxTasks} of the unassigned tasks, unless {@link
   * #assignsAllUnassignedTasks()}; {@link CreatedSprint#assignedTasks()} is the count the service
   * reports.
   *
   * @throws org.dsm.orchestrator.core.error.ActionOutcomeUnknownException when the service did not
   *     answer and whether the sprint was created cannot be read back either (this and {@link
   *     #closeSprint} only)
   */
  CreatedSprint createSprint(
      ProjectId projectId, String sprintName, int durationWeeks, int maxTasks);

  ClosedSprint closeSprint(ProjectId projectId, String sprintId);

  /**
   * Whether creating a sprint assigns every unassigned task of the project whatever {@code
   * maxTasks} says. The DSM Sprint service does (and copies the tasks into its own table, so they
   * cannot be taken back afterwards): the decision must know before it acts.
   */
  default boolean assignsAllUnassignedTasks() {
    return false;
  }

  /**
   * @return null when the scheduler answered; otherwise what reading the schedule back showed after
   *     a call that went unanswered (a sentence for the caller, as {@link CreatedSprint#readBack})
   * @throws org.dsm.orchestrator.core.error.ActionOutcomeUnknownException when the read-back cannot
   *     tell whether the schedule was written
   */
  String scheduleDailyScrum(ProjectId projectId, String sprintId, String scheduleName, String cron);

  /**
   * The longest a {@link #createSprint} or {@link #closeSprint} may take before it returns or
   * throws, in ms: its timeout plus the read-back of a write that went unanswered. An orchestration
   * starts one only when this fits in the time its invocation has left. 0: answers at once.
   */
  default long sprintWriteWorstCaseMs() {
    return 0;
  }

  /** As {@link #sprintWriteWorstCaseMs()}, for creating or deleting a daily-scrum schedule. */
  default long scheduleWorstCaseMs() {
    return 0;
  }

  /**
   * As {@link #scheduleDailyScrum}, for deleting the schedule.
   *
   * @throws org.dsm.orchestrator.core.error.ActionRejectedException when there is no such schedule
   */
  String unscheduleDailyScrum(ProjectId projectId, String scheduleName);

  /**
   * Rejects (400) a cron expression the schedules behind this port cannot run; called before any
   * side effect.
   */
  default void validateSchedule(String cron) {}

  /**
   * Runs the sprint's daily scrum now (the sprint service's run-daily-scrum, which is not
   * idempotent: callers deduplicate). Returns the service's answer as a JSON object.
   *
   * @throws org.dsm.orchestrator.core.error.SprintNotFoundException when the sprint does not exist
   */
  default java.util.Map<String, Object> runDailyScrum(ProjectId projectId, String sprintId) {
    throw new org.dsm.orchestrator.core.error.ActionRejectedException(
        "This data source cannot run daily scrums.");
  }

  /**
   * {@code readBack} is null when the service answered without a warning; otherwise the write timed
   * out (or was answered 5xx) and this is what reading the service's state back showed, or the
   * service answered with warnings about what it did not do, as a sentence for the caller. {@code
   * provisional}: the service was still assigning tasks when the read-back ended, so {@code
   * assignedTasks} is a lower bound.
   */
  record CreatedSprint(
      String sprintId, String sprintName, int assignedTasks, String readBack, boolean provisional) {
    public CreatedSprint(String sprintId, String sprintName, int assignedTasks) {
      this(sprintId, sprintName, assignedTasks, null, false);
    }
  }

  /** {@code readBack}: as in {@link CreatedSprint}. */
  record ClosedSprint(
      String sprintId,
      String status,
      int completedTasks,
      int tasksMovedToBacklog,
      String readBack) {
    public ClosedSprint(
        String sprintId, String status, int completedTasks, int tasksMovedToBacklog) {
      this(sprintId, status, completedTasks, tasksMovedToBacklog, null);
    }
  }
}
