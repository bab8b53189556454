package org.dsm.orchestrator.core.port;

import java.util.List;

/**
 * Where daily-scrum schedules live: one per active sprint, each triggering the sprint's daily scrum
 * on its cron. The DSM services have no schedule API, so this is its own port, chosen by
 * configuration (in memory, Kubernetes CronJobs, EventBridge Scheduler schedules).
 *
 * <p>Failures of the backing service throw {@code DependencyUnavailableException} (unreachable,
 * nothing was done) or {@code DependencyRefusedException} (a 4xx refusal, nothing was done); a
 * write that went unanswered (timed out, 5xx) may have been applied, so {@link #write} and {@link
 * #remove} read it back and report what they found, or throw {@code ActionOutcomeUnknownException}
 * when the read-back cannot tell. The orchestration turns them into warnings next to what was
 * already done.
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
   * What a {@link #write} or {@link #remove} did.
   *
   * @param done the schedule was written, or deleted; false: there was none to delete
   * @param readBack null when the backing service answered; otherwise its call went unanswered and
   *     this sentence says what reading the schedule back showed
   */
  record Outcome(boolean done, String readBack) {
    public static final Outcome ANSWERED = new Outcome(true, null);
    public static final Outcome NONE = new Outcome(false, null);
  }

  /**
   * {@link #put}, saying whether the answer was read back: an adapter whose call may go unanswered
   * overrides this.
   */
  default Outcome write(DailyScrumSchedule schedule) {
    put(schedule);
    return Outcome.ANSWERED;
  }

  /** {@link #delete}, saying whether the answer was read back (see {@link #write}). */
  default Outcome remove(String projectId, String name) {
    return delete(projectId, name) ? Outcome.ANSWERED : Outcome.NONE;
  }

  /**
   * Rejects a cron expression this scheduler cannot run with an {@code InvalidRequestException}
   * (400), before any side effect. The expression has already passed the 5-field syntax check.
   */
  default void validate(String cron) {}

  /**
   * The longest {@link #write} or {@link #remove} may take before it returns or throws, in ms (each
   * makes up to three calls of the backing service, each bounded by its timeout, the last a
   * read-back of a call that went unanswered): an orchestration starts one only when this fits in
   * the time its invocation has left. 0: in memory.
   */
  default long worstCaseMs() {
    return 0;
  }

  /** "memory", "kubernetes" or "aws", for logs. */
  String kind();
}
