package org.dsm.orchestrator.core.data.http;

import static org.dsm.orchestrator.core.data.http.ServiceEndpoint.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.data.http.ServiceEndpoint.Reply;
import org.dsm.orchestrator.core.data.memory.InMemoryDailyScrumSchedules;
import org.dsm.orchestrator.core.domain.AvailabilityConflict;
import org.dsm.orchestrator.core.domain.BacklogSummary;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.ProjectDetails;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.domain.SprintTaskSummary;
import org.dsm.orchestrator.core.domain.TeamAvailability;
import org.dsm.orchestrator.core.domain.TeamMember;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.domain.VelocityPoint;
import org.dsm.orchestrator.core.error.ActionRejectedException;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.error.ProjectNotFoundException;
import org.dsm.orchestrator.core.error.SprintNotFoundException;
import org.dsm.orchestrator.core.port.ChronicleAnalytics;
import org.dsm.orchestrator.core.port.CircuitHints;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.core.port.DailyScrumSchedules;
import org.dsm.orchestrator.core.port.DependencyHealth;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.ProjectActions;
import org.dsm.orchestrator.core.port.ProjectStateSource;
import org.dsm.orchestrator.core.resilience.DependencyBreaker;

/**
 * The three DSM ports over the services' REST API, as they really answer (not only as documented).
 * The five independent state reads run in parallel (the original ran eight sequential calls,
 * including the global /sprints/active, which is not this project's); each call has the configured
 * timeout. Failures are typed and name the service. Each service has its own circuit breaker
 * ({@link HttpDsmConfig#breaker()}), whose states {@link #circuitStates()} reports.
 */
public final class HttpDsmClient
    implements ProjectStateSource, ChronicleAnalytics, ProjectActions, DependencyHealth {
  public static final String PROJECT = "project-service";
  public static final String BACKLOG = "backlog-service";
  public static final String SPRINT = "sprint-service";
  public static final String CHRONICLE = "chronicle-service";

  /**
   * Chronicle has no "list summaries" endpoint: similar projects at threshold 0 for a reference
   * that matches nothing returns every project's summary.
   */
  static final String ALL_PROJECTS_REFERENCE = "ORCHESTRATOR-ALL-PROJECTS";

  private final ServiceEndpoint project;
  private final ServiceEndpoint backlog;
  private final ServiceEndpoint sprint;
  private final ServiceEndpoint chronicle;
  private final DailyScrumSchedules schedules;
  private final long historyTtlNanos;
  private final AtomicLong historyVersion = new AtomicLong();
  private volatile CachedHistory history;

  private record CachedHistory(long fetchedAtNanos, List<HistoricalProject> projects) {}

  public HttpDsmClient(HttpDsmConfig config) {
    this(config, new InMemoryDailyScrumSchedules());
  }

  public HttpDsmClient(HttpDsmConfig config, DailyScrumSchedules schedules) {
    this(config, schedules, CircuitHints.NONE);
  }

  /**
   * @param hints where the breakers share open circuits with the other instances
   */
  public HttpDsmClient(HttpDsmConfig config, DailyScrumSchedules schedules, CircuitHints hints) {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(config.timeout())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.project = endpoint(PROJECT, config.projectServiceUrl(), client, config, hints);
    this.backlog = endpoint(BACKLOG, config.backlogServiceUrl(), client, config, hints);
    this.sprint = endpoint(SPRINT, config.sprintServiceUrl(), client, config, hints);
    this.chronicle = endpoint(CHRONICLE, config.chronicleServiceUrl(), client, config, hints);
    this.schedules = schedules;
    this.historyTtlNanos = config.historyCacheTtl().toNanos();
  }

  private static ServiceEndpoint endpoint(
      String name, java.net.URI url, HttpClient client, HttpDsmConfig config, CircuitHints hints) {
    return new ServiceEndpoint(
        name,
        url,
        client,
        config.timeout(),
        new DependencyBreaker(
            name,
            config.breaker(),
            hints,
            java.time.Clock.systemUTC(),
            DependencyBreaker.HINT_REFRESH));
  }

  public DsmPorts ports() {
    return new DsmPorts(this, this, this, this);
  }

  // ---- DependencyHealth ----

  /**
   * project-service, backlog-service, sprint-service, chronicle-service → CLOSED | OPEN |
   * HALF_OPEN.
   */
  @Override
  public Map<String, String> circuitStates() {
    Map<String, String> states = new LinkedHashMap<>();
    for (ServiceEndpoint endpoint : List.of(project, backlog, sprint, chronicle)) {
      states.put(endpoint.name(), endpoint.breaker().state());
    }
    return states;
  }

  // ---- ProjectStateSource ----

  @Override
  public ProjectSnapshot load(ProjectId projectId, LocalDate windowStart, LocalDate windowEnd) {
    String id = encode(projectId.value());
    var details = project.getJudgingServerErrors("/projects/" + id);
    var team = project.get("/projects/" + id + "/team-members");
    var availability =
        project.get(
            "/projects/"
                + id
                + "/availability/check?start_date="
                + windowStart
                + "&end_date="
                + windowEnd);
    var summary = backlog.get("/backlogs/" + id + "/summary");
    var sprints = sprint.get("/sprints/by-project/" + id);
    // the active sprint's task summary needs the sprint list; it starts as soon as that list is in
    CompletableFuture<List<Sprint>> sprintList = sprints.thenApply(this::sprints);
    CompletableFuture<SprintTaskSummary> tasks =
        sprintList.thenCompose(
            list ->
                list.stream()
                    .filter(Sprint::inProgress)
                    .findFirst()
                    .map(
                        active ->
                            sprint
                                .get("/sprints/" + encode(active.sprintId()) + "/task-summary")
                                .handle(
                                    (reply, failure) ->
                                        failure == null
                                            ? taskSummary(reply)
                                            : null)) // optional: a failure is ignored
                    .orElse(CompletableFuture.completedFuture(null)));

    ProjectDetails projectDetails = details(projectId, details, team);
    return new ProjectSnapshot(
        projectDetails,
        team(await(team)),
        availability(await(availability)),
        backlog(await(summary)),
        await(sprintList),
        await(tasks));
  }

  @Override
  public boolean isDailyScrumScheduled(ProjectId projectId, String scheduleName) {
    return schedules.exists(projectId.value(), scheduleName);
  }

  /**
   * 404 means not found. The original project service answers 500 for an unknown project while its
   * team-members endpoint answers 200 with an empty list; that pair is read as "not found" too,
   * whereas a real outage fails both calls.
   */
  private ProjectDetails details(
      ProjectId projectId,
      CompletableFuture<ServiceEndpoint.Judged> details,
      CompletableFuture<Reply> team) {
    ServiceEndpoint.Judged judged = await(details);
    Reply reply = judged.reply();
    if (judged.serverError() != null) {
      if (emptyTeam(team)) { // "not found" as the original says it: not a sign of ill health
        judged.serverError().notCounted();
        throw new ProjectNotFoundException(projectId.value());
      }
      throw judged.serverError().failure();
    }
    if (reply.status() == 404) {
      throw new ProjectNotFoundException(projectId.value());
    }
    JsonNode node = reply.object();
    Double complexity =
        node.hasNonNull("avg_task_complexity") ? reply.number(node, "avg_task_complexity") : null;
    return new ProjectDetails(
        reply.text(node, "id"),
        reply.optionalText(node, "name"),
        reply.optionalText(node, "description"),
        reply.optionalText(node, "status"),
        reply.optionalText(node, "domain_category"),
        complexity);
  }

  private static boolean emptyTeam(CompletableFuture<Reply> team) {
    try {
      Reply reply = await(team);
      JsonNode members =
          reply.ok() && reply.json() != null ? reply.json().get("team_members") : null;
      return members != null && members.isArray() && members.isEmpty();
    } catch (OrchestratorException e) {
      return false;
    }
  }

  private List<TeamMember> team(Reply reply) {
    JsonNode members = reply.object().get("team_members");
    if (members == null || !members.isArray()) {
      throw reply.bad("missing array 'team_members'");
    }
    List<TeamMember> team = new ArrayList<>();
    for (JsonNode m : members) {
      // the real service sends id/name; its documentation says employee_id/employee_name
      String memberId = m.has("id") ? reply.text(m, "id") : reply.text(m, "employee_id");
      String name =
          m.has("name") ? reply.optionalText(m, "name") : reply.optionalText(m, "employee_name");
      team.add(new TeamMember(memberId, name));
    }
    return team;
  }

  private static TeamAvailability availability(Reply reply) {
    JsonNode node = reply.object();
    String status = reply.text(node, "status");
    JsonNode list = node.get("conflicts");
    List<AvailabilityConflict> conflicts = new ArrayList<>();
    if (list != null && list.isArray()) {
      for (JsonNode c : list) {
        conflicts.add(
            new AvailabilityConflict(
                reply.text(c, "type"),
                reply.text(c, "date"),
                reply.optionalText(c, "name"),
                reply.optionalText(c, "details")));
      }
    } else if (list != null && !list.isNull()) {
      throw reply.bad("field 'conflicts' is not an array");
    }
    return new TeamAvailability(status, conflicts);
  }

  private static BacklogSummary backlog(Reply reply) {
    JsonNode node = reply.object();
    return new BacklogSummary(
        reply.integer(node, "total_tasks"), reply.integer(node, "unassigned_for_sprint_count"));
  }

  private List<Sprint> sprints(Reply reply) {
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

  // ---- ChronicleAnalytics ----

  @Override
  public ProjectPatterns patterns(ProjectId projectId) {
    Reply reply =
        await(chronicle.get("/v1/analytics/project/" + encode(projectId.value()) + "/patterns"));
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
    Reply reply =
        await(chronicle.get("/v1/analytics/project/" + encode(projectId.value()) + "/velocity"));
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
              reply.date(p, "start_date"),
              reply.date(p, "end_date"),
              p.hasNonNull("completed_tasks") ? reply.integer(p, "completed_tasks") : 0));
    }
    return new VelocityHistory(
        points, node.hasNonNull("average_velocity") ? reply.number(node, "average_velocity") : 0);
  }

  @Override
  public ImpedimentSummary impediments(ProjectId projectId) {
    Reply reply =
        await(chronicle.get("/v1/analytics/project/" + encode(projectId.value()) + "/impediments"));
    return new ImpedimentSummary(reply.counts(reply.object(), "impediment_frequency"));
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
    Reply reply =
        await(
            chronicle.get(
                "/v1/analytics/projects/similar?reference_project_id="
                    + ALL_PROJECTS_REFERENCE
                    + "&similarity_threshold=0.0"));
    List<HistoricalProject> projects = new ArrayList<>();
    for (JsonNode p : reply.array()) {
      String id = reply.text(p, "project_id");
      if (ALL_PROJECTS_REFERENCE.equals(id)) {
        continue;
      }
      Integer optimal =
          p.hasNonNull("optimal_task_count") ? reply.integer(p, "optimal_task_count") : null;
      List<String> factors = new ArrayList<>();
      JsonNode list = p.get("key_success_factors");
      if (list != null && list.isArray()) {
        list.forEach(f -> factors.add(f.asText()));
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

  @Override
  public long historyVersion() {
    return historyVersion.get();
  }

  // ---- ProjectActions ----

  /** The DSM Sprint service assigns every unassigned task when it creates a sprint. */
  @Override
  public boolean assignsAllUnassignedTasks() {
    return true;
  }

  /**
   * Sends the cap as {@code max_tasks}; the DSM Sprint service ignores it and assigns every
   * unassigned task ({@link #assignsAllUnassignedTasks()}), so the returned count is the one the
   * service reports, never the requested one.
   */
  @Override
  public CreatedSprint createSprint(
      ProjectId projectId, String sprintName, int durationWeeks, int maxTasks) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sprint_name", sprintName);
    body.put("duration_weeks", durationWeeks);
    body.put("max_tasks", maxTasks);
    Reply reply = await(sprint.post("/sprints/" + encode(projectId.value()), body));
    rejectBusinessRefusals(projectId, reply);
    JsonNode node = reply.object();
    return new CreatedSprint(
        reply.text(node, "sprint_id"), sprintName, reply.integer(node, "assigned_tasks_count"));
  }

  @Override
  public ClosedSprint closeSprint(ProjectId projectId, String sprintId) {
    Reply reply = await(sprint.post("/sprints/" + encode(sprintId) + "/close", null));
    if (reply.status() == 404) {
      throw new ActionRejectedException(reply.detail());
    }
    rejectBusinessRefusals(projectId, reply);
    JsonNode node = reply.object();
    history = null; // a closed sprint adds a retrospective: refresh the history on next use
    historyVersion.incrementAndGet();
    return new ClosedSprint(
        reply.text(node, "sprint_id"),
        reply.text(node, "status_updated_to"),
        reply.integer(node, "completed_tasks_count"),
        reply.integer(node, "uncompleted_tasks_moved_to_backlog_count"));
  }

  @Override
  public void scheduleDailyScrum(
      ProjectId projectId, String sprintId, String scheduleName, String cron) {
    schedules.put(new DailyScrumSchedule(scheduleName, projectId.value(), sprintId, cron));
  }

  @Override
  public void unscheduleDailyScrum(ProjectId projectId, String scheduleName) {
    if (!schedules.delete(projectId.value(), scheduleName)) {
      throw new ActionRejectedException(
          "Daily scrum schedule " + scheduleName + " does not exist.");
    }
  }

  /**
   * {@code POST /sprints/{sprint_id}/run-daily-scrum}, the call the original's CronJob made; 404 is
   * an unknown sprint, 409 a refusal.
   */
  @Override
  @SuppressWarnings("unchecked")
  public Map<String, Object> runDailyScrum(ProjectId projectId, String sprintId) {
    Reply reply = await(sprint.post("/sprints/" + encode(sprintId) + "/run-daily-scrum", null));
    if (reply.status() == 404) {
      throw new SprintNotFoundException(sprintId);
    }
    rejectBusinessRefusals(projectId, reply);
    JsonNode body = reply.json() == null || !reply.ok() ? reply.body() : reply.json();
    return body.isObject()
        ? org.dsm.orchestrator.core.json.Json.mapper().convertValue(body, Map.class)
        : Map.of(
            "result",
            org.dsm.orchestrator.core.json.Json.mapper().convertValue(body, Object.class));
  }

  @Override
  public void validateSchedule(String cron) {
    schedules.validate(cron);
  }

  private static void rejectBusinessRefusals(ProjectId projectId, Reply reply) {
    if (reply.status() == 409) {
      throw new ActionRejectedException(reply.detail());
    }
    if (reply.status() == 404) {
      throw new ProjectNotFoundException(projectId.value());
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
