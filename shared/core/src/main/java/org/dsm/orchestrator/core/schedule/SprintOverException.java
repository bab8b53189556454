package org.dsm.orchestrator.core.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.error.OrchestratorException;

/**
 * A scheduled daily scrum that was not run because its sprint is over, and what became of the
 * schedule that fired it: 409 when the sprint service lists the sprint as closed, 404 when it knows
 * no such sprint. Either is a 4xx, so neither scheduler retries the event; a schedule that could
 * not be deleted fires again on its next run, which tries again.
 */
public final class SprintOverException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  /** What became of the schedule: the {@code schedule} field of the answer. */
  public enum ScheduleOutcome {
    DELETED,
    /** There was none to delete. */
    ABSENT,
    FAILED,
    UNKNOWN,
    NOT_STARTED;

    String field() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final String sprintId;
  private final String sprintStatus;
  private final String scheduleName;
  private final ScheduleOutcome schedule;
  private final List<String> actionsTaken;
  private final List<String> warnings;

  /**
   * @param sprintStatus the closed status the sprint service lists, or null when it knows no such
   *     sprint
   */
  SprintOverException(
      String sprintId,
      String sprintStatus,
      String scheduleName,
      ScheduleOutcome schedule,
      List<String> actionsTaken,
      List<String> warnings) {
    super(detail(sprintId, sprintStatus, actionsTaken, warnings), null);
    this.sprintId = sprintId;
    this.sprintStatus = sprintStatus;
    this.scheduleName = scheduleName;
    this.schedule = schedule;
    this.actionsTaken = List.copyOf(actionsTaken);
    this.warnings = List.copyOf(warnings);
  }

  private static String detail(
      String sprintId, String sprintStatus, List<String> actionsTaken, List<String> warnings) {
    StringBuilder detail =
        new StringBuilder("Daily scrum not run: sprint ").append(sprintId).append(' ');
    detail.append(
        sprintStatus == null
            ? "does not exist at the sprint service."
            : "is over (status " + sprintStatus + ").");
    for (String line : actionsTaken) {
      detail.append(' ').append(line).append('.');
    }
    for (String line : warnings) {
      detail.append(' ').append(line);
      if (!line.endsWith(".")) {
        detail.append('.');
      }
    }
    return detail.toString();
  }

  @Override
  public int httpStatus() {
    return sprintStatus == null ? 404 : 409;
  }

  public ScheduleOutcome schedule() {
    return schedule;
  }

  /** The answer's body: the detail, and the same facts field by field. */
  public Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("detail", getMessage());
    body.put("sprint_id", sprintId);
    body.put("sprint_status", sprintStatus);
    body.put("daily_scrum_run", false);
    body.put("schedule_name", scheduleName);
    body.put("schedule", schedule.field());
    body.put("actions_taken", actionsTaken);
    body.put("warnings", warnings);
    return body;
  }
}
