package org.dsm.orchestrator.core.data.http;

import static org.dsm.orchestrator.core.data.http.ServiceEndpoint.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.data.http.ServiceEndpoint.Reply;
import org.dsm.orchestrator.core.domain.DecisionRecord;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.domain.VelocityPoint;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.port.ChronicleAnalytics;
import org.dsm.orchestrator.core.port.DecisionRecords;
import tools.jackson.databind.JsonNode;

/**
 * The Chronicle service: a project's analytics, the historical projects' summaries (cached), and
 * the decision record of each orchestration that acted ({@code POST /v1/notes/daily_scrum_report}).
 */
final class ChronicleServiceClient implements ChronicleAnalytics, DecisionRecords {
  /**
   * Chronicle has no "list summaries" endpoint: similar projects at threshold 0 for a reference
   * that matches nothing returns every project's summary.
   */
  static final String ALL_PROJECTS_REFERENCE = "ORCHESTRATOR-ALL-PROJECTS";

  private final ServiceEndpoint endpoint;
  private final long historyTtlNanos;
  private final AtomicLong historyVersion = new AtomicLong();
  private volatile CachedHistory history;

  private record CachedHistory(long fetchedAtNanos, List<HistoricalProject> projects) {}

  ChronicleServiceClient(ServiceEndpoint endpoint, Duration historyTtl) {
    this.endpoint = endpoint;
    this.historyTtlNanos = historyTtl.toNanos();
  }

  ServiceEndpoint endpoint() {
    return endpoint;
  }

  @Override
  public String name() {
    return endpoint.name();
  }

  @Override
  public ProjectPatterns patterns(ProjectId projectId) {
    Reply reply = await(endpoint.get(analytics(projectId, "patterns")));
    JsonNode node = reply.object();
    JsonNode metrics = node.get("metrics");
    if (metrics == null || !metrics.isObject()) {
      throw reply.bad("missing object 'metrics'");
    }
    return new ProjectPatterns(
        reply.integer(metrics, "daily_scrum_count"),
        reply.integer(metrics, "retrospective_count"),
        reply.integer(metrics, "total_tasks_completed_in_daily_scrums"),
        reply.counts(node, "common_impediments_reported"),
        reply.counts(node, "common_retrospective_action_items"));
  }

  @Override
  public VelocityHistory velocity(ProjectId projectId) {
    Reply reply = await(endpoint.get(analytics(projectId, "velocity")));
    JsonNode node = reply.object();
    JsonNode data = node.get("velocity_trend_data");
    if (data == null || !data.isArray()) {
      throw reply.bad("missing array 'velocity_trend_data'");
    }
    List<VelocityPoint> points = new ArrayList<>();
    for (JsonNode p : data) {
      points.add(
          new VelocityPoint(
              reply.text(p, "sprint_id"),
              // null for a retrospective without dates, as Chronicle answers it
              reply.optionalDate(p, "start_date"),
              reply.optionalDate(p, "end_date"),
              p.hasNonNull("completed_tasks") ? reply.integer(p, "completed_tasks") : 0));
    }
    return new VelocityHistory(
        points, node.hasNonNull("average_velocity") ? reply.number(node, "average_velocity") : 0);
  }

  @Override
  public ImpedimentSummary impediments(ProjectId projectId) {
    Reply reply = await(endpoint.get(analytics(projectId, "impediments")));
    return new ImpedimentSummary(reply.counts(reply.object(), "impediment_frequency"));
  }

  private static String analytics(ProjectId projectId, String what) {
    return "/v1/analytics/project/" + HttpDsmClient.encode(projectId.value()) + "/" + what;
  }

  /**
   * Cached for the configured TTL: Chronicle computes this with O(projects x retrospectives)
   * queries.
   */
  @Override
  public List<HistoricalProject> historicalProjects() {
    CachedHistory cached = history;
    long now = System.nanoTime();
    if (cached != null && now - cached.fetchedAtNanos() < historyTtlNanos) {
      return cached.projects();
    }
    ServiceEndpoint.Judged judged =
        await(
            endpoint.getJudgingServerErrors(
                "/v1/analytics/projects/similar?reference_project_id="
                    + ALL_PROJECTS_REFERENCE
                    + "&similarity_threshold=0.0"));
    Reply reply = judged.reply();
    List<HistoricalProject> projects = new ArrayList<>();
    if (judged.serverError() != null) {
      if (!nothingMatched(reply)) {
        throw judged.serverError().failure();
      }
      judged.serverError().notCounted(); // an empty Chronicle, not an outage
    }
    Iterable<JsonNode> listed = judged.serverError() != null ? List.of() : reply.array();
    for (JsonNode p : listed) {
      String id = reply.text(p, "project_id");
      if (ALL_PROJECTS_REFERENCE.equals(id)) {
        continue;
      }
      Integer optimal =
          p.hasNonNull("optimal_task_count") ? reply.integer(p, "optimal_task_count") : null;
      List<String> factors = new ArrayList<>();
      JsonNode list = p.get("key_success_factors");
      if (list != null && list.isArray()) {
        list.forEach(f -> factors.add(Json.text(f)));
      }
      projects.add(
          new HistoricalProject(
              id,
              // Chronicle sends placeholders (0, 0.0, "unknown", 0.0) for what it does not know
              ChroniclePlaceholders.teamSize(
                  p.hasNonNull("team_size") ? reply.integer(p, "team_size") : null),
              ChroniclePlaceholders.measure(
                  p.hasNonNull("avg_task_complexity")
                      ? reply.number(p, "avg_task_complexity")
                      : null),
              ChroniclePlaceholders.domain(
                  p.hasNonNull("domain_category") ? reply.text(p, "domain_category") : null),
              ChroniclePlaceholders.measure(
                  p.hasNonNull("project_duration") ? reply.number(p, "project_duration") : null),
              p.hasNonNull("completion_rate") ? reply.number(p, "completion_rate") : 0.0,
              // Chronicle reports days; the core's unit is weeks
              p.hasNonNull("avg_sprint_duration")
                  ? reply.number(p, "avg_sprint_duration") / 7.0
                  : 0.0,
              factors,
              optimal == null || optimal <= 0 ? null : optimal));
    }
    List<HistoricalProject> fresh = List.copyOf(projects);
    if (cached == null || !cached.projects().equals(fresh)) {
      historyVersion.incrementAndGet();
    }
    history = new CachedHistory(now, fresh);
    return fresh;
  }

  /**
   * Chronicle's "similar" endpoint raises a 404 when no project matches (at threshold 0: when it
   * holds no project's notes yet, as on a fresh deployment), and its catch-all handler turns that
   * into 500 {"detail":"Internal Server Error: "} (the 404's text is empty, or "404: ..."). Any
   * other 500 (a database error carries its message) is an outage.
   */
  static boolean nothingMatched(Reply reply) {
    if (reply.status() != 500 || reply.json() == null || !reply.json().has("detail")) {
      return false;
    }
    JsonNode detail = reply.json().get("detail");
    if (!detail.isString()) {
      return false;
    }
    String text = detail.stringValue();
    String prefix = "Internal Server Error:";
    if (!text.startsWith(prefix)) {
      return false;
    }
    String rest = text.substring(prefix.length()).trim();
    return rest.isEmpty() || rest.startsWith("404");
  }

  @Override
  public long historyVersion() {
    return historyVersion.get();
  }

  /** A closed sprint adds a retrospective: the history is read afresh on next use. */
  void historyChanged() {
    history = null;
    historyVersion.incrementAndGet();
  }

  /**
   * Stores the record as a daily-scrum report note (201); any other answer or a failure throws,
   * naming Chronicle. A note Chronicle got but did not answer in time (or whose connection broke)
   * may have been stored: {@link ActionOutcomeUnknownException}, never "not written".
   */
  /** One POST, bounded by the write timeout. */
  @Override
  public long worstCaseMs() {
    return endpoint.writeTimeout().toMillis();
  }

  @Override
  public void record(DecisionRecord record) {
    Reply reply;
    try {
      reply = await(endpoint.post("/v1/notes/daily_scrum_report", record.payload()));
    } catch (DependencyUnavailableException e) {
      if (ServiceEndpoint.mayHaveTakenEffect(e) && ServiceEndpoint.serverErrorStatus(e) == 0) {
        throw new ActionOutcomeUnknownException(
            endpoint.name(), e.getMessage() + "; the note may or may not have been stored", e);
      }
      throw e;
    }
    if (!reply.ok()) {
      throw reply.unexpected();
    }
  }
}
