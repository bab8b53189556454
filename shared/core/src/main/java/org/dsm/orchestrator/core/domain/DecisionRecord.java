package org.dsm.orchestrator.core.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one orchestration decided and did, as the DSM keeps it: Chronicle stores it as a daily-scrum
 * report note whose {@code orchestration_decision_details} carry the decision; the same payload
 * goes to the orchestration event stream.
 *
 * <p>{@code decisionType} is SPRINT_CLOSED when a closure was triggered, else CREATE_NEW_SPRINT
 * when a new sprint was decided, else NO_SPRINT_CREATED. {@code sprintId} is the closed sprint for
 * a closure, else the sprint created or running (null when there is none). {@code cronjobName} is
 * the deleted schedule when one was deleted, else the created one.
 */
public record DecisionRecord(
    String invocationId,
    String projectId,
    String sprintId,
    LocalDate reportDate,
    Instant createdAt,
    String decisionType,
    String reasoning,
    List<String> actionsTaken,
    List<String> warnings,
    String cronjobName,
    boolean sprintClosureTriggered,
    boolean cronjobDeleted,
    int teamSize,
    int backlogTasks,
    int unassignedTasks,
    Integer completedTasks) {
  public static final String SPRINT_CLOSED = "SPRINT_CLOSED";
  public static final String CREATE_NEW_SPRINT = "CREATE_NEW_SPRINT";
  public static final String NO_SPRINT_CREATED = "NO_SPRINT_CREATED";

  public DecisionRecord {
    actionsTaken = List.copyOf(actionsTaken);
    warnings = List.copyOf(warnings);
  }

  /**
   * The note body Chronicle's {@code POST /v1/notes/daily_scrum_report} takes. Unlike the original,
   * the orchestrator's entry carries no "yesterday_work"/"impediments" placeholders: Chronicle
   * counts every impediment text as a real impediment of the project.
   */
  public Map<String, Object> payload() {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("id", "orchestration-" + invocationId);
    task.put("today_work", reasoning);
    task.put("created_at", createdAt.toString());
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("assigned_to", "orchestrator");
    entry.put("tasks", List.of(task));

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("total_team_members", teamSize);
    metrics.put("total_tasks", backlogTasks);
    // the backlog's completed count (the original always sent 0, whatever the backlog said)
    metrics.put("completed_tasks", completedTasks);
    metrics.put("pending_tasks", unassignedTasks);

    Map<String, Object> details = new LinkedHashMap<>();
    details.put("decision_type", decisionType);
    details.put("reasoning", reasoning);
    details.put("actions_taken", actionsTaken);
    details.put("warnings", warnings);
    details.put("cronjob_name", cronjobName);
    details.put("sprint_closure_triggered", sprintClosureTriggered);
    details.put("cronjob_deleted", cronjobDeleted);
    details.put("invocation_id", invocationId);

    Map<String, Object> body = new LinkedHashMap<>();
    body.put("project_id", projectId);
    body.put("sprint_id", sprintId);
    body.put("report_date", reportDate.toString());
    body.put("summary", reasoning);
    body.put("summary_metrics", metrics);
    body.put("reports", Map.of(reportDate.toString(), List.of(entry)));
    body.put("orchestration_decision_details", details);
    return body;
  }
}
