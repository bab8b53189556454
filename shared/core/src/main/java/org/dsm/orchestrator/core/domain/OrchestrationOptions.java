package org.dsm.orchestrator.core.domain;

import org.dsm.orchestrator.core.error.InvalidRequestException;

/**
 * The request options of {@code POST /orchestrate/project/{id}} with the original service's
 * defaults. Ranges are checked here so every entry point rejects the same values with the same
 * message. {@code onUncappableAssignment} (ours, default {@link UncappableAssignment#WARN}) says
 * what to do when the sprint service cannot keep {@code maxTasksPerSprint} or {@code assignTasks ==
 * false}.
 */
public record OrchestrationOptions(
    boolean createSprintIfNeeded,
    boolean assignTasks,
    boolean createCronjob,
    String schedule,
    int sprintDurationWeeks,
    int maxTasksPerSprint,
    boolean enablePatternRecognition,
    boolean dryRun,
    UncappableAssignment onUncappableAssignment) {

  public static final String DEFAULT_SCHEDULE = "0 14 * * 1-5";
  public static final int MIN_SPRINT_WEEKS = 1;
  public static final int MAX_SPRINT_WEEKS = 8;
  public static final int MIN_TASKS = 1;
  public static final int MAX_TASKS = 1000;

  public static final OrchestrationOptions DEFAULTS =
      new OrchestrationOptions(
          true, true, true, DEFAULT_SCHEDULE, 2, 10, true, false, UncappableAssignment.WARN);

  /** The options with the default {@code on_uncappable_assignment} (warn). */
  public OrchestrationOptions(
      boolean createSprintIfNeeded,
      boolean assignTasks,
      boolean createCronjob,
      String schedule,
      int sprintDurationWeeks,
      int maxTasksPerSprint,
      boolean enablePatternRecognition,
      boolean dryRun) {
    this(
        createSprintIfNeeded,
        assignTasks,
        createCronjob,
        schedule,
        sprintDurationWeeks,
        maxTasksPerSprint,
        enablePatternRecognition,
        dryRun,
        UncappableAssignment.WARN);
  }

  public OrchestrationOptions {
    if (onUncappableAssignment == null) {
      onUncappableAssignment = UncappableAssignment.WARN;
    }
    if (schedule == null) {
      throw new InvalidRequestException("options.schedule must be a cron expression");
    }
    if (!DEFAULT_SCHEDULE.equals(schedule)) { // the default is valid; most requests carry it
      CronSchedule.validateDailyScrum(schedule);
    }
    if (sprintDurationWeeks < MIN_SPRINT_WEEKS || sprintDurationWeeks > MAX_SPRINT_WEEKS) {
      throw new InvalidRequestException(
          "options.sprint_duration_weeks must be between "
              + MIN_SPRINT_WEEKS
              + " and "
              + MAX_SPRINT_WEEKS
              + ", got "
              + sprintDurationWeeks);
    }
    if (maxTasksPerSprint < MIN_TASKS || maxTasksPerSprint > MAX_TASKS) {
      throw new InvalidRequestException(
          "options.max_tasks_per_sprint must be between "
              + MIN_TASKS
              + " and "
              + MAX_TASKS
              + ", got "
              + maxTasksPerSprint);
    }
  }

  public OrchestrationOptions withDryRun(boolean value) {
    return new OrchestrationOptions(
        createSprintIfNeeded,
        assignTasks,
        createCronjob,
        schedule,
        sprintDurationWeeks,
        maxTasksPerSprint,
        enablePatternRecognition,
        value,
        onUncappableAssignment);
  }

  public OrchestrationOptions withOnUncappableAssignment(UncappableAssignment value) {
    return new OrchestrationOptions(
        createSprintIfNeeded,
        assignTasks,
        createCronjob,
        schedule,
        sprintDurationWeeks,
        maxTasksPerSprint,
        enablePatternRecognition,
        dryRun,
        value);
  }
}
