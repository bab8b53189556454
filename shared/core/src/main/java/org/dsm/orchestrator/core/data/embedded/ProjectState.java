package org.dsm.orchestrator.core.data.embedded;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dsm.orchestrator.core.domain.AvailabilityConflict;
import org.dsm.orchestrator.core.domain.BacklogSummary;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.ProjectDetails;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.domain.SprintTaskSummary;
import org.dsm.orchestrator.core.domain.TeamAvailability;
import org.dsm.orchestrator.core.domain.TeamMember;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.domain.VelocityPoint;
import org.dsm.orchestrator.core.error.ActionRejectedException;

/**
 * The mutable state of one embedded project. Every change is synchronized: projects are
 * independent, so concurrent invocations on different projects never contend, and each read returns
 * immutable values. The reads every orchestration makes (snapshot, patterns, velocity, impediments)
 * are computed under the lock once and then served lock-free until the next change clears them, so
 * concurrent requests on one project do not queue on this monitor.
 */
final class ProjectState {
  /**
   * A holiday or PTO day, {@code offsetDays} after the clock's today (so the demo always has
   * upcoming conflicts).
   */
  record ConflictSeed(int offsetDays, String type, String name, String details) {}

  private final ProjectDetails details;
  private final List<TeamMember> team;
  private final List<ConflictSeed> conflicts;
  private final List<String> successFactors;
  private final List<SprintState> sprints = new ArrayList<>();
  private final Map<String, String> schedules = new LinkedHashMap<>(); // name -> sprint id
  private final Map<String, Integer> impediments = new TreeMap<>();
  private final Map<String, Integer> actionItems = new TreeMap<>();
  private int totalTasks;
  private int unassignedTasks;
  private int dailyScrums;

  // immutable views of the state, computed and published under the lock, cleared by every change
  private volatile ProjectPatterns patternsView;
  private volatile VelocityHistory velocityView;
  private volatile ImpedimentSummary impedimentsView;
  private volatile SnapshotView snapshotView;

  private record SnapshotView(
      LocalDate today, LocalDate windowStart, LocalDate windowEnd, ProjectSnapshot snapshot) {}

  ProjectState(
      ProjectDetails details,
      List<TeamMember> team,
      List<ConflictSeed> conflicts,
      List<String> successFactors) {
    this.details = details;
    this.team = List.copyOf(team);
    this.conflicts = List.copyOf(conflicts);
    this.successFactors = List.copyOf(successFactors);
  }

  String id() {
    return details.id();
  }

  // ---- seeding (used by EmbeddedDataset before the state is shared) ----

  synchronized void seedSprint(SprintState sprint, int dailyScrumCount) {
    sprints.add(sprint);
    totalTasks += sprint.assignedTasks;
    dailyScrums += dailyScrumCount;
    if (!sprint.inProgress()) {
      actionItems.merge(
          "Review " + sprint.completedTasks + " tasks that were completed.", 1, Integer::sum);
    }
    changed();
  }

  synchronized void seedBacklog(int unassigned) {
    unassignedTasks += unassigned;
    totalTasks += unassigned;
    changed();
  }

  synchronized void seedImpediment(String text, int count) {
    impediments.merge(text, count, Integer::sum);
    changed();
  }

  synchronized void seedSchedule(String name, String sprintId) {
    schedules.put(name, sprintId);
    changed();
  }

  // ---- project state ----

  ProjectSnapshot snapshot(LocalDate today, LocalDate windowStart, LocalDate windowEnd) {
    SnapshotView view = snapshotView;
    if (view != null
        && view.today().equals(today)
        && view.windowStart().equals(windowStart)
        && view.windowEnd().equals(windowEnd)) {
      return view.snapshot();
    }
    synchronized (this) {
      ProjectSnapshot snapshot = computeSnapshot(today, windowStart, windowEnd);
      snapshotView = new SnapshotView(today, windowStart, windowEnd, snapshot);
      return snapshot;
    }
  }

  private ProjectSnapshot computeSnapshot(
      LocalDate today, LocalDate windowStart, LocalDate windowEnd) {
    List<AvailabilityConflict> inWindow = new ArrayList<>();
    for (ConflictSeed c : conflicts) {
      LocalDate date = today.plusDays(c.offsetDays());
      if (!date.isBefore(windowStart) && !date.isAfter(windowEnd)) {
        inWindow.add(new AvailabilityConflict(c.type(), date.toString(), c.name(), c.details()));
      }
    }
    var availability =
        inWindow.isEmpty() ? TeamAvailability.OK : new TeamAvailability("conflict", inWindow);
    List<Sprint> list = sprints.stream().map(s -> s.toSprint(id())).toList();
    SprintTaskSummary active = active().map(SprintState::taskSummary).orElse(null);
    int completed = sprints.stream().mapToInt(s -> s.completedTasks).sum();
    return new ProjectSnapshot(
        details,
        team,
        availability,
        new BacklogSummary(totalTasks, unassignedTasks, completed),
        list,
        active);
  }

  synchronized Optional<SprintTaskSummary> taskSummary(String sprintId) {
    return find(sprintId).map(SprintState::taskSummary);
  }

  synchronized boolean isScheduled(String scheduleName) {
    return schedules.containsKey(scheduleName);
  }

  // ---- actions ----

  synchronized SprintState createSprint(
      String sprintName, int durationWeeks, int maxTasks, LocalDate today) {
    SprintState sprint = startSprint(sprintName, durationWeeks, today);
    for (int i = 0; i < maxTasks && assignNextTask(sprint.sprintId); i++) {
      // moved one task
    }
    return sprint;
  }

  /** Starts an empty sprint: the first step of the Sprint service's creation. */
  synchronized SprintState startSprint(String sprintName, int durationWeeks, LocalDate today) {
    if (active().isPresent()) {
      throw new ActionRejectedException(
          "A sprint is already in progress for project " + id() + ".");
    }
    if (unassignedTasks == 0) {
      throw new ActionRejectedException(
          "Cannot create sprint: No unassigned tasks found for project " + id() + ".");
    }
    // the Sprint service's id rule: project sprints so far + 1, two digits
    String sprintId = Sprint.numberedId(id(), sprints.size() + 1);
    var sprint =
        new SprintState(sprintId, sprintName, today, durationWeeks, Sprint.IN_PROGRESS, 0, 0);
    sprints.add(sprint);
    changed();
    return sprint;
  }

  /**
   * Moves one unassigned task into the in-progress sprint; false when none is left (or the sprint
   * is not in progress).
   */
  synchronized boolean assignNextTask(String sprintId) {
    SprintState sprint = find(sprintId).filter(SprintState::inProgress).orElse(null);
    if (sprint == null || unassignedTasks == 0) {
      return false;
    }
    unassignedTasks--;
    sprint.assignedTasks++;
    sprint.plannedTasks++;
    changed();
    return true;
  }

  /** Closes the in-progress sprint; pending tasks go back to the backlog. */
  synchronized SprintState closeSprint(String sprintId) {
    SprintState sprint =
        find(sprintId)
            .orElseThrow(
                () ->
                    new ActionRejectedException(
                        "Sprint " + sprintId + " not found for project " + id() + "."));
    if (!sprint.inProgress()) {
      throw new ActionRejectedException(
          "Sprint " + sprintId + " is not in progress (status " + sprint.status + ").");
    }
    int pending = sprint.assignedTasks - sprint.completedTasks;
    sprint.status = pending == 0 ? "completed" : "closed_with_pending_tasks";
    unassignedTasks += pending;
    sprint.assignedTasks =
        sprint.completedTasks; // moved tasks leave the sprint, as in the Sprint service
    actionItems.merge(
        "Review " + sprint.completedTasks + " tasks that were completed.", 1, Integer::sum);
    changed();
    return sprint;
  }

  synchronized void schedule(String scheduleName, String sprintId) {
    if (find(sprintId).isEmpty()) {
      throw new ActionRejectedException(
          "Sprint " + sprintId + " not found for project " + id() + ".");
    }
    schedules.put(scheduleName, sprintId);
    changed();
  }

  synchronized void unschedule(String scheduleName) {
    if (schedules.remove(scheduleName) == null) {
      throw new ActionRejectedException(
          "Daily scrum schedule " + scheduleName + " not found for project " + id() + ".");
    }
    changed();
  }

  // ---- chronicle ----

  ProjectPatterns patterns() {
    ProjectPatterns view = patternsView;
    if (view != null) {
      return view;
    }
    synchronized (this) {
      return patternsView = computePatterns();
    }
  }

  VelocityHistory velocity() {
    VelocityHistory view = velocityView;
    if (view != null) {
      return view;
    }
    synchronized (this) {
      return velocityView = computeVelocity();
    }
  }

  ImpedimentSummary impediments() {
    ImpedimentSummary view = impedimentsView;
    if (view != null) {
      return view;
    }
    synchronized (this) {
      return impedimentsView = computeImpediments();
    }
  }

  /** Clears the views; called under the lock by every change, after it. */
  private void changed() {
    patternsView = null;
    velocityView = null;
    impedimentsView = null;
    snapshotView = null;
  }

  private ProjectPatterns computePatterns() {
    int retros = (int) closed().count();
    int completed = closed().mapToInt(s -> s.completedTasks).sum();
    return new ProjectPatterns(dailyScrums, retros, completed, impediments, actionItems);
  }

  private VelocityHistory computeVelocity() {
    List<VelocityPoint> points =
        closed()
            .sorted(Comparator.comparing((SprintState s) -> s.startDate))
            .map(s -> new VelocityPoint(s.sprintId, s.startDate, s.endDate, s.completedTasks))
            .toList();
    if (points.isEmpty()) {
      return VelocityHistory.EMPTY;
    }
    double total = points.stream().mapToInt(VelocityPoint::completedTasks).sum();
    return new VelocityHistory(points, round2(total / points.size()));
  }

  private ImpedimentSummary computeImpediments() {
    return new ImpedimentSummary(impediments);
  }

  /**
   * The summary used for similarity, or empty when the project has no closed sprint (no history
   * yet).
   */
  synchronized Optional<HistoricalProject> summary() {
    List<SprintState> done = closed().toList();
    if (done.isEmpty()) {
      return Optional.empty();
    }
    // planned size = what the sprint started with; closing keeps only completed tasks, so use the
    // seeded plan
    double planned = done.stream().mapToInt(s -> s.plannedTasks()).sum();
    double completed = done.stream().mapToInt(s -> s.completedTasks).sum();
    double weeks = done.stream().mapToInt(s -> s.durationWeeks).sum();
    return Optional.of(
        new HistoricalProject(
            id(),
            team.isEmpty() ? null : team.size(),
            details.avgTaskComplexity(), // unknown stays unknown (null)
            details.domainCategory(),
            weeks,
            round2(planned == 0 ? 0 : completed / planned),
            round2(weeks / done.size()),
            successFactors,
            optimalTaskCount(done)));
  }

  /**
   * The planned sprint size with the best average completion rate; ties go to the larger size (more
   * throughput).
   */
  private static Integer optimalTaskCount(List<SprintState> done) {
    Map<Integer, double[]> bySize = new HashMap<>(); // size -> {sum of rates, count}
    for (SprintState s : done) {
      if (s.plannedTasks() > 0) {
        double[] acc = bySize.computeIfAbsent(s.plannedTasks(), k -> new double[2]);
        acc[0] += (double) s.completedTasks / s.plannedTasks();
        acc[1]++;
      }
    }
    return bySize.entrySet().stream()
        .max(
            Comparator.comparingDouble(
                    (Map.Entry<Integer, double[]> e) -> e.getValue()[0] / e.getValue()[1])
                .thenComparing(Map.Entry::getKey))
        .map(Map.Entry::getKey)
        .orElse(null);
  }

  private java.util.stream.Stream<SprintState> closed() {
    return sprints.stream().filter(s -> !s.inProgress());
  }

  private Optional<SprintState> active() {
    return sprints.stream().filter(SprintState::inProgress).findFirst();
  }

  private Optional<SprintState> find(String sprintId) {
    return sprints.stream().filter(s -> s.sprintId.equals(sprintId)).findFirst();
  }

  static double round2(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN).doubleValue();
  }
}
