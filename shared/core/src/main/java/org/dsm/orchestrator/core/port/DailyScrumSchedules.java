package org.dsm.orchestrator.core.port;

import java.util.List;

/**
 * Where daily-scrum schedules live: one per active sprint, each triggering the sprint's daily scrum
 * on its cron. The DSM services have no schedule API, so this is its own port, chosen by
 * configuration (in memory, Kubernetes CronJobs, EventBridge Scheduler schedules).
 *
 * <p>Failures of the backing service throw {@code DependencyUnavailableException}; the
 * orchestration turns them into warnings next to what was already done.
 */
public interface DailyScrumSchedules {
  /** Creates the schedule, or replaces the one with the same name. */
  void put(DailyScrumSchedule schedule);

  boolean exists(String projectId, String name);

  /**
   * @return true when a schedule was deleted, false when there was none with this name
   */
  boolean delete(String projectId, String name);

  List<DailyScrumSchedule> list(String projectId);

  /**
   * Rejects a cron expression this scheduler cannot run with an {@code InvalidRequestException}
   * (400), before any side effect. The expression has already passed the 5-field syntax check.
   */
  default void validate(String cron) {}

  /**
   * The longest {@link #put} or {@link #delete} may take before it returns or throws, in ms (each
   * makes up to two calls of the backing service, each bounded by its timeout): an orchestration
   * starts one only when this fits in the time its invocation has left. 0: in memory.
   */
  default long worstCaseMs() {
    return 0;
  }

  /** "memory", "kubernetes" or "aws", for logs. */
  String kind();
}
