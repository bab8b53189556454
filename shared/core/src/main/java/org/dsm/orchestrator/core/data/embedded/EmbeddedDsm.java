package org.dsm.orchestrator.core.data.embedded;

import java.time.Clock;
import java.time.LocalDate;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.domain.SprintTaskSummary;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.error.ActionRejectedException;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.error.ProjectNotFoundException;
import org.dsm.orchestrator.core.error.SprintNotFoundException;
import org.dsm.orchestrator.core.port.ChronicleAnalytics;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.ProjectActions;
import org.dsm.orchestrator.core.port.ProjectStateSource;

/**
 * The default data source: the three DSM ports over the in-process {@link EmbeddedDataset}. Actions
 * really change the state (a second orchestration sees the first one's sprint). Thread-safe: each
 * project has its own lock and the project map is replaced atomically on {@link #reset()}.
 */
public final class EmbeddedDsm implements ProjectStateSource, ChronicleAnalytics, ProjectActions {
  private final Clock clock;
  private final List<HistoricalProject> synthetic;
  private final AtomicLong historyVersion = new AtomicLong();
  private volatile Map<String, ProjectState> projects;
  private volatile CachedHistory cachedHistory;
  private final Map<String, Integer> dailyScrumRuns =
      new java.util.concurrent.ConcurrentHashMap<>();

  private record CachedHistory(long version, List<HistoricalProject> projects) {}

  private EmbeddedDsm(Clock clock, List<HistoricalProject> synthetic) {
    this.clock = clock;
    this.synthetic = synthetic;
    this.projects = EmbeddedDataset.build(LocalDate.now(clock));
  }

  public static EmbeddedDsm create() {
    return create(Clock.systemUTC());
  }

  public static EmbeddedDsm create(Clock clock) {
    return new EmbeddedDsm(clock, List.of());
  }

  /**
   * The built-in dataset plus {@code syntheticHistory} generated historical projects (for scale
   * benchmarks).
   */
  public static EmbeddedDsm create(Clock clock, int syntheticHistory) {
    return new EmbeddedDsm(clock, SyntheticProjects.generate(syntheticHistory));
  }

  public DsmPorts ports() {
    return new DsmPorts(this, this, this);
  }

  /**
   * Restores the built-in dataset (tests); caches keyed on the history version are invalidated too.
   */
  public void reset() {
    projects = EmbeddedDataset.build(LocalDate.now(clock));
    historyVersion.incrementAndGet();
  }

  // ---- ProjectStateSource ----

  @Override
  public ProjectSnapshot load(ProjectId projectId, LocalDate windowStart, LocalDate windowEnd) {
    if (windowEnd.isBefore(windowStart)) {
      throw new InvalidRequestException(
          "window end " + windowEnd + " is before window start " + windowStart);
    }
    return project(projectId).snapshot(LocalDate.now(clock), windowStart, windowEnd);
  }

  /** As the sprint service lists them: none for a project it does not know. */
  @Override
  public List<Sprint> sprints(ProjectId projectId) {
    if (!exists(projectId.value())) {
      return List.of();
    }
    LocalDate today = LocalDate.now(clock);
    return project(projectId).snapshot(today, today, today).sprints();
  }

  @Override
  public boolean isDailyScrumScheduled(ProjectId projectId, String scheduleName) {
    return project(projectId).isScheduled(scheduleName);
  }

  /**
   * Any sprint's task summary, as the Sprint service's task-summary endpoint gives it (used by test
   * fixtures).
   */
  public Optional<SprintTaskSummary> sprintTaskSummary(ProjectId projectId, String sprintId) {
    return project(projectId).taskSummary(sprintId);
  }

  /** Whether the project exists, without throwing. */
  public boolean exists(String projectId) {
    return projects.containsKey(projectId);
  }

  // ---- ChronicleAnalytics ----

  @Override
  public ProjectPatterns patterns(ProjectId projectId) {
    return project(projectId).patterns();
  }

  @Override
  public VelocityHistory velocity(ProjectId projectId) {
    return project(projectId).velocity();
  }

  @Override
  public ImpedimentSummary impediments(ProjectId projectId) {
    return project(projectId).impediments();
  }

  /**
   * Summaries of every project with at least one closed sprint, then the synthetic ones; rebuilt
   * only on change.
   */
  @Override
  public List<HistoricalProject> historicalProjects() {
    long version = historyVersion.get();
    CachedHistory cached = cachedHistory;
    if (cached != null && cached.version() == version) {
      return cached.projects();
    }
    List<HistoricalProject> own = new ArrayList<>();
    for (ProjectState p : projects.values()) {
      p.summary().ifPresent(own::add);
    }
    List<HistoricalProject> all =
        synthetic.isEmpty() ? List.copyOf(own) : concat(List.copyOf(own), synthetic);
    cachedHistory = new CachedHistory(version, all);
    return all;
  }

  @Override
  public long historyVersion() {
    return historyVersion.get();
  }

  // ---- ProjectActions ----

  @Override
  public CreatedSprint createSprint(
      ProjectId projectId, String sprintName, int durationWeeks, int maxTasks) {
    if (sprintName == null || sprintName.isBlank()) {
      throw new InvalidRequestException("sprint_name is required");
    }
    if (durationWeeks < 1 || maxTasks < 0) {
      throw new InvalidRequestException("duration_weeks must be positive, max_tasks not negative");
    }
    SprintState sprint =
        project(projectId).createSprint(sprintName, durationWeeks, maxTasks, LocalDate.now(clock));
    return new CreatedSprint(sprint.sprintId, sprint.sprintName, sprint.assignedTasks);
  }

  /**
   * The first of the two steps the DSM Sprint service takes to create a sprint: the sprint exists,
   * in progress, with no task yet (refused like {@link #createSprint}). For fakes that reproduce
   * the service's timing; {@link #assignNextTask} is the second step.
   */
  public CreatedSprint startSprint(ProjectId projectId, String sprintName, int durationWeeks) {
    if (sprintName == null || sprintName.isBlank() || durationWeeks < 1) {
      throw new InvalidRequestException("sprint_name and a positive duration_weeks are required");
    }
    SprintState sprint =
        project(projectId).startSprint(sprintName, durationWeeks, LocalDate.now(clock));
    return new CreatedSprint(sprint.sprintId, sprint.sprintName, 0);
  }

  /** Moves one unassigned task of the project into the sprint; false when there is none left. */
  public boolean assignNextTask(ProjectId projectId, String sprintId) {
    return project(projectId).assignNextTask(sprintId);
  }

  @Override
  public ClosedSprint closeSprint(ProjectId projectId, String sprintId) {
    ProjectState project = project(projectId);
    SprintState sprint;
    int pendingBefore;
    synchronized (
        project) { // one atomic read-and-close so the moved count is exact under concurrency
      pendingBefore = project.taskSummary(sprintId).map(SprintTaskSummary::pendingTasks).orElse(0);
      sprint = project.closeSprint(sprintId);
    }
    historyVersion.incrementAndGet(); // a closed sprint is a new retrospective and velocity point
    return new ClosedSprint(sprint.sprintId, sprint.status, sprint.completedTasks, pendingBefore);
  }

  @Override
  public String scheduleDailyScrum(
      ProjectId projectId, String sprintId, String scheduleName, String cron) {
    if (scheduleName == null || scheduleName.isBlank()) {
      throw new InvalidRequestException("schedule_name is required");
    }
    project(projectId).schedule(scheduleName, sprintId);
    return null; // in memory: always answered
  }

  @Override
  public String unscheduleDailyScrum(ProjectId projectId, String scheduleName) {
    project(projectId).unschedule(scheduleName);
    return null;
  }

  /**
   * A daily scrum of an in-progress sprint: answers with its task summary (the sprint service posts
   * a daily-scrum report; here nothing else changes). Counted per sprint in {@link
   * #dailyScrumRuns}.
   */
  @Override
  public Map<String, Object> runDailyScrum(ProjectId projectId, String sprintId) {
    ProjectState project = project(projectId);
    LocalDate today = LocalDate.now(clock);
    Sprint sprint =
        project.snapshot(today, today, today).sprints().stream()
            .filter(s -> s.sprintId().equals(sprintId))
            .findFirst()
            .orElseThrow(() -> new SprintNotFoundException(sprintId));
    if (!sprint.inProgress()) {
      throw new ActionRejectedException(
          "Sprint " + sprintId + " is not in progress (status " + sprint.status() + ").");
    }
    dailyScrumRuns.merge(sprintId, 1, Integer::sum);
    SprintTaskSummary tasks = project.taskSummary(sprintId).orElse(null);
    Map<String, Object> answer = new java.util.LinkedHashMap<>();
    answer.put("message", "Daily scrum run for sprint " + sprintId + ".");
    answer.put("sprint_id", sprintId);
    answer.put("pending_tasks", tasks == null ? 0 : tasks.pendingTasks());
    return answer;
  }

  /** How many daily scrums ran per sprint id. */
  public Map<String, Integer> dailyScrumRuns() {
    return Map.copyOf(dailyScrumRuns);
  }

  private ProjectState project(ProjectId projectId) {
    ProjectState state = projects.get(projectId.value());
    if (state == null) {
      throw new ProjectNotFoundException(projectId.value());
    }
    return state;
  }

  /** A read-only view of two lists without copying the (possibly million-element) second one. */
  private static List<HistoricalProject> concat(
      List<HistoricalProject> first, List<HistoricalProject> second) {
    return new AbstractList<>() {
      @Override
      public HistoricalProject get(int index) {
        return index < first.size() ? first.get(index) : second.get(index - first.size());
      }

      @Override
      public int size() {
        return first.size() + second.size();
      }
    };
  }
}
