package org.dsm.orchestrator.core.data.http;

import static org.dsm.orchestrator.core.data.http.ServiceEndpoint.await;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dsm.orchestrator.core.data.http.ServiceEndpoint.Reply;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.domain.SprintTaskSummary;
import org.dsm.orchestrator.core.error.ActionRejectedException;
import org.dsm.orchestrator.core.error.ProjectNotFoundException;
import org.dsm.orchestrator.core.error.SprintNotFoundException;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.port.ProjectActions.ClosedSprint;
import org.dsm.orchestrator.core.port.ProjectActions.CreatedSprint;
import tools.jackson.databind.JsonNode;

/**
 * The Sprint service: a project's sprints, a sprint's task summary, and the writes (create, close,
 * run the daily scrum). The writes have the longer write timeout; {@link SprintWrites} reads back
 * the outcome of a create or close that timed out or was answered 5xx.
 */
final class SprintServiceClient {
  private final ServiceEndpoint endpoint;

  SprintServiceClient(ServiceEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  ServiceEndpoint endpoint() {
    return endpoint;
  }

  CompletableFuture<List<Sprint>> sprints(ProjectId projectId) {
    return endpoint
        .get("/sprints/by-project/" + HttpDsmClient.encode(projectId.value()))
        .thenApply(SprintServiceClient::sprints);
  }

  /** The sprint's task summary; null when the service does not answer 2xx (e.g. 404). */
  CompletableFuture<SprintTaskSummary> taskSummary(String sprintId) {
    return endpoint
        .get("/sprints/" + HttpDsmClient.encode(sprintId) + "/task-summary")
        .thenApply(SprintServiceClient::taskSummary);
  }

  /**
   * As {@link #taskSummary}, and null when the service cannot be reached (the summary is optional).
   */
  CompletableFuture<SprintTaskSummary> taskSummaryIgnoringOutages(String sprintId) {
    return endpoint
        .get("/sprints/" + HttpDsmClient.encode(sprintId) + "/task-summary")
        .handle((reply, failure) -> failure == null ? taskSummary(reply) : null);
  }

  /**
   * {@code POST /sprints/{project}}; the service generates the sprint id, ignores the cap and
   * assigns every unassigned task (its count is the one returned). When assigning fails after the
   * sprint was committed, the service may still answer 201, with the count it reached and a {@code
   * warnings} list ("Synchronous task assignment failed: ..."): those are passed on as what it did
   * not do, since the tasks it did not assign stay unassigned until the next sprint.
   */
  CreatedSprint create(ProjectId projectId, String sprintName, int durationWeeks, int maxTasks) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sprint_name", sprintName);
    body.put("duration_weeks", durationWeeks);
    body.put("max_tasks", maxTasks);
    Reply reply = judgedWrite(createPath(projectId), body);
    rejectBusinessRefusals(projectId, reply);
    JsonNode node = reply.object();
    String sprintId = reply.text(node, "sprint_id");
    int assigned = reply.integer(node, "assigned_tasks_count");
    List<String> warnings = new ArrayList<>();
    JsonNode listed = node.get("warnings");
    if (listed != null && listed.isArray()) {
      listed.forEach(w -> warnings.add(Json.text(w)));
    }
    if (warnings.isEmpty()) {
      return new CreatedSprint(sprintId, sprintName, assigned);
    }
    String warned = String.join("; ", warnings);
    String said =
        endpoint.name()
            + " created "
            + sprintId
            + " with "
            + assigned
            + " tasks and warned: "
            + warned
            + (warned.endsWith(".") ? "" : ".")
            + " The tasks it did not assign stay unassigned until the next sprint is created.";
    return new CreatedSprint(sprintId, sprintName, assigned, said, false);
  }

  static String createPath(ProjectId projectId) {
    return "/sprints/" + HttpDsmClient.encode(projectId.value());
  }

  static String closePath(String sprintId) {
    return "/sprints/" + HttpDsmClient.encode(sprintId) + "/close";
  }

  ClosedSprint close(ProjectId projectId, String sprintId) {
    Reply reply = judgedWrite(closePath(sprintId), null);
    if (reply.status() == 404) {
      throw new ActionRejectedException(reply.detail());
    }
    rejectBusinessRefusals(projectId, reply);
    JsonNode node = reply.object();
    return new ClosedSprint(
        reply.text(node, "sprint_id"),
        reply.text(node, "status_updated_to"),
        reply.integer(node, "completed_tasks_count"),
        reply.integer(node, "uncompleted_tasks_moved_to_backlog_count"));
  }

  /**
   * A create or close: a 5xx answer is thrown as a {@code DependencyUnavailableException} whose
   * breaker verdict is still owed ({@link ServiceEndpoint#pendingVerdict}): {@link SprintWrites}
   * reads the outcome back and settles it, so a write that happened is not counted as a failure.
   */
  private Reply judgedWrite(String path, Object body) {
    ServiceEndpoint.Judged judged = await(endpoint.postJudgingServerErrors(path, body));
    if (judged.serverError() != null) {
      throw judged.serverError().unsettled();
    }
    return judged.reply();
  }

  /**
   * {@code POST /sprints/{sprint_id}/run-daily-scrum}, the call the original's CronJob made; 404 is
   * an unknown sprint, 409 a refusal.
   */
  @SuppressWarnings("unchecked")
  Map<String, Object> runDailyScrum(ProjectId projectId, String sprintId) {
    Reply reply =
        await(
            endpoint.post("/sprints/" + HttpDsmClient.encode(sprintId) + "/run-daily-scrum", null));
    if (reply.status() == 404) {
      throw new SprintNotFoundException(sprintId);
    }
    rejectBusinessRefusals(projectId, reply);
    JsonNode body = reply.json() == null || !reply.ok() ? reply.body() : reply.json();
    return body.isObject()
        ? Json.mapper().convertValue(body, Map.class)
        : Map.of("result", Json.mapper().convertValue(body, Object.class));
  }

  private static void rejectBusinessRefusals(ProjectId projectId, Reply reply) {
    if (reply.status() == 409) {
      throw new ActionRejectedException(reply.detail());
    }
    if (reply.status() == 404) {
      throw new ProjectNotFoundException(projectId.value());
    }
  }

  private static List<Sprint> sprints(Reply reply) {
    List<Sprint> list = new ArrayList<>();
    for (JsonNode s : reply.array()) {
      list.add(
          new Sprint(
              reply.text(s, "sprint_id"),
              reply.text(s, "project_id"),
              reply.optionalText(s, "sprint_name"),
              reply.date(s, "start_date"),
              reply.date(s, "end_date"),
              reply.integer(s, "duration_weeks"),
              reply.text(s, "status")));
    }
    return list;
  }

  private static SprintTaskSummary taskSummary(Reply reply) {
    if (!reply.ok()) {
      return null;
    }
    JsonNode node = reply.object();
    return new SprintTaskSummary(
        reply.integer(node, "total_tasks"),
        reply.integer(node, "completed_tasks"),
        reply.integer(node, "pending_tasks"));
  }
}
