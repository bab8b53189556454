package org.dsm.orchestrator.core.port;

import java.util.Objects;

/**
 * One sprint's daily-scrum schedule.
 *
 * @param name the name the decision engine computes ({@code ScheduleNames.dailyScrum}); unique per
 *     scheduler
 * @param cron a validated 5-field cron expression (minute hour day-of-month month day-of-week)
 */
public record DailyScrumSchedule(String name, String projectId, String sprintId, String cron) {
  public DailyScrumSchedule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(projectId, "projectId");
    Objects.requireNonNull(sprintId, "sprintId");
    Objects.requireNonNull(cron, "cron");
  }
}
