package org.dsm.orchestrator.core.data.http;

import static org.dsm.orchestrator.core.data.http.ServiceEndpoint.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.dsm.orchestrator.core.data.memory.InMemoryDailyScrumSchedules;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.ProjectDetails;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.domain.SprintTaskSummary;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.ActionRejectedException;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.port.ChronicleAnalytics;
import org.dsm.orchestrator.core.port.CircuitHints;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.core.port.DailyScrumSchedules;
import org.dsm.orchestrator.core.port.DependencyHealth;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.ProjectActions;
import org.dsm.orchestrator.core.port.ProjectStateSource;
import org.dsm.orchestrator.core.resilience.DependencyBreaker;
import org.slf4j.MDC;

/**
 * The DSM ports over the services' REST API, as they really answer (not only as documented),
 * composed of one small client per service ({@link ProjectServiceClient}, {@link
 * BacklogServiceClient}, {@link SprintServiceClient}, {@link ChronicleServiceClient}), each over
 * its {@link ServiceEndpoint}. The five independent state reads run in parallel (the original ran
 * eight sequential calls, including the global /sprints/active, which is not this project's); each
 * read has the configured timeout, each write the longer write timeout, and a write that times out
 * is read back ({@link SprintWrites}). Failures are typed and name the service. Each service has
 * its own circuit breaker ({@link HttpDsmConfig#breaker()}), whose states {@link #circuitStates()}
 * reports. Orchestrations that act are recorded in Chronicle ({@link #ports()} carries the
 * Chronicle client as a decision record).
 */
public final class HttpDsmClient
    implements ProjectStateSource, ChronicleAnalytics, ProjectActions, DependencyHealth {
  public static final String PROJECT = "project-service";
  public static final String BACKLOG = "backlog-service";
  private static final org.slf4j.Logger SCHEDULE_LOG =
      org.slf4j.LoggerFactory.getLogger(HttpDsmClient.class.getName() + ".schedules");
  public static final String SPRINT = "sprint-service";
  public static final String CHRONICLE = "chronicle-service";

  private final ProjectServiceClient project;
  private final BacklogServiceClient backlog;
  private final SprintServiceClient sprint;
  private final ChronicleServiceClient chronicle;
  private final SprintWrites writes;
  private final DailyScrumSchedules schedules;
  private final long sprintWriteWorstCaseMs;

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
    this.project =
        new ProjectServiceClient(
            endpoint(PROJECT, config.projectServiceUrl(), client, config, hints));
    this.backlog =
        new BacklogServiceClient(
            endpoint(BACKLOG, config.backlogServiceUrl(), client, config, hints));
    this.sprint =
        new SprintServiceClient(endpoint(SPRINT, config.sprintServiceUrl(), client, config, hints));
    this.chronicle =
        new ChronicleServiceClient(
            endpoint(CHRONICLE, config.chronicleServiceUrl(), client, config, hints),
            config.historyCacheTtl());
    this.writes =
        new SprintWrites(sprint, backlog, config.reconcileInterval(), config.reconcileBudget());
    this.schedules = schedules;
    // the write's timeout, then (unanswered) the read-back's budget, a pause and the round of three
    // reads (sprints, backlog, task summary) it may have begun just before its budget ended
    this.sprintWriteWorstCaseMs =
        config.writeTimeout().toMillis()
            + config.reconcileBudget().toMillis()
            + config.reconcileInterval().toMillis()
            + 3 * config.timeout().toMillis();
  }

  private static ServiceEndpoint endpoint(
      String name, URI url, HttpClient client, HttpDsmConfig config, CircuitHints hints) {
    return new ServiceEndpoint(
        name,
        url,
        client,
        config.timeout(),
        config.writeTimeout(),
        new DependencyBreaker(
            name, config.breaker(), hints, Clock.systemUTC(), DependencyBreaker.HINT_REFRESH));
  }

  /** The ports, with Chronicle as the decision record of orchestrations that act. */
  public DsmPorts ports() {
    return new DsmPorts(this, this, this, this, List.of(chronicle));
  }

  // ---- DependencyHealth ----

  /**
   * project-service, backlog-service, sprint-service, chronicle-service → CLOSED | OPEN |
   * HALF_OPEN.
   */
  @Override
  public Map<String, String> circuitStates() {
    Map<String, String> states = new LinkedHashMap<>();
    for (ServiceEndpoint endpoint :
        List.of(project.endpoint(), backlog.endpoint(), sprint.endpoint(), chronicle.endpoint())) {
      states.put(endpoint.name(), endpoint.breaker().state());
    }
    return states;
  }

  // ---- ProjectStateSource ----

  @Override
  public ProjectSnapshot load(ProjectId projectId, LocalDate windowStart, LocalDate windowEnd) {
    var projectReads = project.start(projectId, windowStart, windowEnd);
    var summary = backlog.summary(projectId);
    CompletableFuture<List<Sprint>> sprintList = sprint.sprints(projectId);
    // the active sprint's task summary needs the sprint list; it starts as soon as that list is in
    CompletableFuture<SprintTaskSummary> tasks =
        sprintList.thenCompose(
            list ->
                list.stream()
                    .filter(Sprint::inProgress)
                    .findFirst()
                    .map(active -> sprint.taskSummaryIgnoringOutages(active.sprintId()))
                    .orElse(CompletableFuture.completedFuture(null)));

    ProjectDetails projectDetails = projectReads.details();
    return new ProjectSnapshot(
        projectDetails,
        projectReads.team(),
        projectReads.availability(),
        await(summary),
        await(sprintList),
        await(tasks));
  }

  /** One read of the sprint service, without the project's other state. */
  @Override
  public List<Sprint> sprints(ProjectId projectId) {
    return await(sprint.sprints(projectId));
  }

  @Override
  public boolean isDailyScrumScheduled(ProjectId projectId, String scheduleName) {
    return schedules.exists(projectId.value(), scheduleName);
  }

  // ---- ChronicleAnalytics ----

  @Override
  public ProjectPatterns patterns(ProjectId projectId) {
    return chronicle.patterns(projectId);
  }

  @Override
  public VelocityHistory velocity(ProjectId projectId) {
    return chronicle.velocity(projectId);
  }

  @Override
  public ImpedimentSummary impediments(ProjectId projectId) {
    return chronicle.impediments(projectId);
  }

  @Override
  public List<HistoricalProject> historicalProjects() {
    return chronicle.historicalProjects();
  }

  @Override
  public long historyVersion() {
    return chronicle.historyVersion();
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
   * service reports, never the requested one. A create that times out or is answered 5xx is read
   * back.
   */
  @Override
  public CreatedSprint createSprint(
      ProjectId projectId, String sprintName, int durationWeeks, int maxTasks) {
    return writes.create(projectId, sprintName, durationWeeks, maxTasks);
  }

  @Override
  public ClosedSprint closeSprint(ProjectId projectId, String sprintId) {
    ClosedSprint closed = writes.close(projectId, sprintId);
    chronicle.historyChanged(); // a closed sprint adds a retrospective
    return closed;
  }

  @Override
  public long sprintWriteWorstCaseMs() {
    return sprintWriteWorstCaseMs;
  }

  @Override
  public long scheduleWorstCaseMs() {
    return schedules.worstCaseMs();
  }

  @Override
  public String scheduleDailyScrum(
      ProjectId projectId, String sprintId, String scheduleName, String cron) {
    try {
      return warnIfReadBack(
          schedules
              .write(new DailyScrumSchedule(scheduleName, projectId.value(), sprintId, cron))
              .readBack());
    } catch (ActionOutcomeUnknownException e) {
      throw warnUnknown(e);
    }
  }

  @Override
  public String unscheduleDailyScrum(ProjectId projectId, String scheduleName) {
    DailyScrumSchedules.Outcome removed;
    try {
      removed = schedules.remove(projectId.value(), scheduleName);
    } catch (ActionOutcomeUnknownException e) {
      throw warnUnknown(e);
    }
    if (!removed.done()) {
      throw new ActionRejectedException(
          "Daily scrum schedule " + scheduleName + " does not exist.");
    }
    return warnIfReadBack(removed.readBack());
  }

  /** A schedule write that went unanswered is logged at WARN, as a sprint write's is. */
  private static String warnIfReadBack(String readBack) {
    if (readBack != null) {
      SCHEDULE_LOG.warn(
          "invocation {}: schedule write unanswered, read back: {}",
          MDC.get(InvocationContext.MDC_INVOCATION_ID),
          readBack);
    }
    return readBack;
  }

  private static ActionOutcomeUnknownException warnUnknown(ActionOutcomeUnknownException e) {
    SCHEDULE_LOG.warn(
        "invocation {}: outcome unknown of a schedule write: {}",
        MDC.get(InvocationContext.MDC_INVOCATION_ID),
        e.getMessage());
    return e;
  }

  @Override
  public Map<String, Object> runDailyScrum(ProjectId projectId, String sprintId) {
    return sprint.runDailyScrum(projectId, sprintId);
  }

  @Override
  public void validateSchedule(String cron) {
    schedules.validate(cron);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
