package org.dsm.orchestrator.core.data.embedded;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.dsm.orchestrator.core.data.embedded.ProjectState.ConflictSeed;
import org.dsm.orchestrator.core.domain.ProjectDetails;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.domain.TeamMember;

/**
 * The built-in DSM dataset: {@value #HISTORICAL_COUNT} finished projects (HIST-001..) whose
 * velocity series have varied shapes, plus demo projects that each drive one decision path. History
 * is anchored to a fixed date, so it is the same on every run; the demo projects' active sprints
 * and conflicts are placed relative to the clock's today, so they are always "current".
 */
public final class EmbeddedDataset {
  public static final int HISTORICAL_COUNT = 56;

  /** No active sprint, unassigned tasks: a sprint is created. */
  public static final String TEST = "TEST-001";

  /** Active sprint whose daily-scrum schedule is missing: the schedule is recreated. */
  public static final String SELF_HEAL = "SELFHEAL-001";

  /** Active sprint with every task done: the sprint is closed. */
  public static final String CLOSE = "CLOSE-001";

  /** Holiday and PTO days inside the next sprint window, no active sprint. */
  public static final String CONFLICT = "CONFLICT-001";

  /** No sprint and no Chronicle history at all. */
  public static final String NEW_PROJECT = "NEWPROJ-001";

  /** Active sprint with zero tasks (not "complete": it has no tasks), schedule present. */
  public static final String EMPTY_SPRINT = "EMPTYSPRINT-001";

  /** Active sprint in progress with its schedule: nothing to do. */
  public static final String STEADY = "STEADY-001";

  /** No active sprint and no unassigned task: nothing to do. */
  public static final String IDLE = "IDLE-001";

  public static final List<String> DEMO_PROJECTS =
      List.of(TEST, SELF_HEAL, CLOSE, CONFLICT, NEW_PROJECT, EMPTY_SPRINT, STEADY, IDLE);

  /** Velocity shapes of the historical projects, assigned round-robin. */
  public enum Shape {
    RISING,
    FALLING,
    FLAT,
    NOISY,
    SHORT,
    SINGLE,
    SPIKE
  }

  static final LocalDate HISTORY_ANCHOR = LocalDate.of(2024, 1, 8);
  private static final String[] DOMAINS = {"general", "frontend", "backend", "database", "mobile"};
  private static final String[] NAMES = {
    "Alice", "Bob", "Carol", "Dan", "Erin", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory",
    "Niaj", "Olivia", "Peggy"
  };
  private static final String[] FACTORS = {
    "early_integration",
    "daily_stakeholder_sync",
    "automated_testing",
    "clear_requirements",
    "good_communication",
    "small_batches",
    "pair_programming",
    "stable_team"
  };
  private static final String[] IMPEDIMENTS = {
    "Waiting for code review",
    "Test environment down",
    "Unclear requirements",
    "Dependency on another team",
    "Flaky CI pipeline"
  };

  private EmbeddedDataset() {}

  public static String historicalId(int index) {
    return String.format(Locale.ROOT, "HIST-%03d", index);
  }

  public static Shape shapeOf(int index) {
    return Shape.values()[(index - 1) % Shape.values().length];
  }

  /** Builds a fresh, unshared copy of the whole dataset. */
  static Map<String, ProjectState> build(LocalDate today) {
    Map<String, ProjectState> projects = new LinkedHashMap<>();
    for (int i = 1; i <= HISTORICAL_COUNT; i++) {
      ProjectState p = historical(i);
      projects.put(p.id(), p);
    }
    for (ProjectState p : demo(today)) {
      projects.put(p.id(), p);
    }
    return projects;
  }

  private static ProjectState historical(int index) {
    var random = new SplittableRandom(index);
    String id = historicalId(index);
    Shape shape = shapeOf(index);
    int teamSize = 2 + (index * 7) % 11;
    double complexity = ProjectState.round2(0.2 + ((index * 37) % 71) / 100.0);
    var state =
        new ProjectState(
            new ProjectDetails(
                id,
                "Historical project " + index,
                "Finished project used for similarity",
                "completed",
                DOMAINS[index % DOMAINS.length],
                complexity),
            team(id, teamSize),
            List.of(),
            List.of(FACTORS[index % FACTORS.length], FACTORS[(index * 3 + 1) % FACTORS.length]));
    int sprints =
        switch (shape) {
          case SHORT -> 2;
          case SINGLE -> 1;
          default -> 4 + index % 6;
        };
    int weeks = 1 + index % 3;
    int base = 6 + index % 9;
    LocalDate start = HISTORY_ANCHOR.plusWeeks(index % 13);
    for (int k = 0; k < sprints; k++) {
      int velocity =
          switch (shape) {
            case RISING -> 2 + 2 * k;
            case FALLING -> base + 2 - 2 * k;
            case FLAT, SINGLE -> base - 1;
            case NOISY -> base - 4 + random.nextInt(7);
            case SHORT -> base - 2 + k;
            case SPIKE -> k == sprints / 2 ? base + 2 : base - 3;
          };
      // a team never completes more than it planned, so a rising series plans more as it grows
      int planned = Math.max(base + (k % 2) * 2, velocity);
      int completed = Math.max(0, velocity);
      state.seedSprint(
          new SprintState(
              Sprint.numberedId(id, k + 1),
              id + " Sprint " + (k + 1),
              start,
              weeks,
              completed == planned ? "completed" : "closed_with_pending_tasks",
              planned,
              completed),
          weeks * 5);
      start = start.plusWeeks(weeks);
    }
    state.seedBacklog(index % 4 == 0 ? 0 : random.nextInt(5));
    for (int j = 0; j < 1 + index % 3; j++) {
      state.seedImpediment(IMPEDIMENTS[(index + j) % IMPEDIMENTS.length], 1 + random.nextInt(4));
    }
    return state;
  }

  private static List<ProjectState> demo(LocalDate today) {
    List<ProjectState> list = new ArrayList<>();
    list.add(
        demoProject(
            TEST,
            "general",
            0.5,
            3,
            today,
            new int[][] {{8, 6}, {8, 7}, {10, 9}},
            null,
            12,
            List.of()));
    list.add(
        demoProject(
            SELF_HEAL,
            "backend",
            0.6,
            4,
            today,
            new int[][] {{8, 6}, {8, 8}},
            new int[] {4, 8, 3},
            5,
            List.of()));
    list.add(
        demoProject(
            CLOSE,
            "frontend",
            0.4,
            4,
            today,
            new int[][] {{6, 5}},
            new int[] {13, 6, 6},
            4,
            List.of()));
    list.add(
        demoProject(
            CONFLICT,
            "database",
            0.7,
            5,
            today,
            new int[][] {{9, 7}, {9, 8}},
            null,
            9,
            List.of(
                new ConflictSeed(3, "holiday", "Founders Day", "Company holiday: Founders Day"),
                new ConflictSeed(6, "pto", "Carol", "Carol on PTO"))));
    list.add(demoProject(NEW_PROJECT, "general", null, 3, today, new int[0][], null, 7, List.of()));
    list.add(
        demoProject(
            EMPTY_SPRINT,
            "backend",
            0.5,
            3,
            today,
            new int[][] {{7, 7}},
            new int[] {2, 0, 0},
            3,
            List.of()));
    list.add(
        demoProject(
            STEADY,
            "backend",
            0.6,
            6,
            today,
            new int[][] {{10, 8}, {10, 9}, {12, 10}},
            new int[] {5, 10, 4},
            6,
            List.of()));
    list.add(
        demoProject(
            IDLE, "frontend", 0.3, 2, today, new int[][] {{5, 5}, {6, 6}}, null, 0, List.of()));
    // the self-heal project deliberately has no schedule; the others with an active sprint have one
    for (ProjectState p : list) {
      if (p.id().equals(CLOSE) || p.id().equals(EMPTY_SPRINT) || p.id().equals(STEADY)) {
        String sprintId = activeSprintId(p.id(), list);
        p.seedSchedule(seededScheduleName(p.id(), sprintId), sprintId);
      }
    }
    return list;
  }

  /**
   * The schedule name of a seeded sprint. Demo ids are plain upper-case DNS characters and short,
   * so the original's rule gives the same name as {@code ScheduleNames.dailyScrum} (a test checks
   * it).
   */
  static String seededScheduleName(String projectId, String sprintId) {
    return ("run-dailyscrum-" + projectId + "-" + sprintId).toLowerCase(Locale.ROOT);
  }

  private static String activeSprintId(String projectId, List<ProjectState> list) {
    return list.stream()
        .filter(p -> p.id().equals(projectId))
        .findFirst()
        .orElseThrow()
        .snapshot(LocalDate.MIN, LocalDate.MIN, LocalDate.MIN)
        .activeSprint()
        .orElseThrow()
        .sprintId();
  }

  /**
   * @param closed {planned, completed} per closed sprint, two weeks each, ending before the active
   *     one
   * @param active {days since start, assigned, completed} of the in-progress sprint, or null
   */
  private static ProjectState demoProject(
      String id,
      String domain,
      Double complexity,
      int teamSize,
      LocalDate today,
      int[][] closed,
      int[] active,
      int unassigned,
      List<ConflictSeed> conflicts) {
    var state =
        new ProjectState(
            new ProjectDetails(
                id, "Demo " + id, "Demo project " + id, "active", domain, complexity),
            team(id, teamSize),
            conflicts,
            closed.length == 0 ? List.of() : List.of("good_communication"));
    LocalDate activeStart = active == null ? today : today.minusDays(active[0]);
    LocalDate start = activeStart.minusWeeks(2L * closed.length);
    int n = 1;
    for (int[] sprint : closed) {
      state.seedSprint(
          new SprintState(
              Sprint.numberedId(id, n),
              id + " Sprint " + n,
              start,
              2,
              sprint[0] == sprint[1] ? "completed" : "closed_with_pending_tasks",
              sprint[0],
              sprint[1]),
          10);
      start = start.plusWeeks(2);
      n++;
    }
    if (active != null) {
      state.seedSprint(
          new SprintState(
              Sprint.numberedId(id, n),
              id + " Sprint " + n,
              activeStart,
              2,
              Sprint.IN_PROGRESS,
              active[1],
              active[2]),
          Math.min(active[0], 10));
    }
    state.seedBacklog(unassigned);
    if (closed.length > 0) {
      state.seedImpediment(
          IMPEDIMENTS[Math.floorMod(id.hashCode(), IMPEDIMENTS.length)], closed.length);
    }
    return state;
  }

  private static List<TeamMember> team(String projectId, int size) {
    List<TeamMember> team = new ArrayList<>(size);
    int offset = Math.floorMod(projectId.hashCode(), NAMES.length);
    for (int m = 0; m < size; m++) {
      team.add(new TeamMember(projectId + "-E" + (m + 1), NAMES[(offset + m) % NAMES.length]));
    }
    return team;
  }
}
