package org.dsm.orchestrator.core.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.ActionRejectedException;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.error.SprintNotFoundException;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.invocation.MeteredInvocation;
import org.dsm.orchestrator.core.invocation.Monitoring;
import org.dsm.orchestrator.core.monitor.TimedOperation;
import org.dsm.orchestrator.core.port.ProjectActions;
import org.dsm.orchestrator.core.port.ProjectStateSource;
import org.dsm.orchestrator.core.schedule.SprintOverException.ScheduleOutcome;

/**
 * The scheduled daily scrum, as a use case of the {@code orchestrate} function: runs the sprint
 * service's daily scrum for one sprint and records one metrics record (trigger {@code schedule}).
 * Deduplication by (sprint, date) is the caller's, through the idempotency store, because both
 * schedulers deliver at least once and the sprint service's call is not idempotent.
 *
 * <p>A schedule can outlive its sprint (its delete failed or went unanswered, or the sprint was
 * closed at the sprint service directly), and nothing else would ever remove it. So the run first
 * reads the project's sprints — one read a day per sprint, and the truth before a non-idempotent
 * call whose answer for a closed sprint the sprint service does not promise — and when the sprint
 * is listed as closed it does not run the daily scrum but deletes its own schedule ({@link
 * SprintOverException}, 409). A sprint the list does not show is left to run-daily-scrum: only its
 * 404 too deletes the schedule (404), so a sprint service answering from the wrong place or with an
 * empty list by mistake cannot make the schedules delete themselves.
 */
public final class DailyScrumService {
  public static final String FUNCTION = FunctionNames.ORCHESTRATE;
  public static final String TRIGGER = "schedule";
  public static final String OPERATION = "daily_scrum_run";

  /** The component timings of the sprint read and of deleting a finished sprint's schedule. */
  public static final String SPRINT_READ = "daily_scrum_sprint_read";

  public static final String UNSCHEDULE = "daily_scrum_unschedule";

  private final ProjectStateSource state;
  private final ProjectActions actions;
  private final Monitoring monitoring;

  public DailyScrumService(
      ProjectStateSource state, ProjectActions actions, Monitoring monitoring) {
    this.state = state;
    this.actions = actions;
    this.monitoring = monitoring;
  }

  public DailyScrumResponse run(DailyScrumRequest request, InvocationContext context) {
    String projectId = request.projectId().value();
    MeteredInvocation metered =
        MeteredInvocation.begin(monitoring, FUNCTION, OPERATION, context, projectId, true);
    Map<String, Object> answer;
    try {
      Sprint listed =
          metered
              .invocation()
              .time(
                  SPRINT_READ,
                  () ->
                      state.sprints(request.projectId()).stream()
                          .filter(s -> request.sprintId().equals(s.sprintId()))
                          .findFirst()
                          .orElse(null));
      if (listed != null && listed.over()) {
        throw unschedule(request, listed.status(), context, metered);
      }
      try {
        answer = actions.runDailyScrum(request.projectId(), request.sprintId());
      } catch (SprintNotFoundException e) {
        if (listed != null) {
          throw e; // listed, yet unknown to run-daily-scrum: a contradiction, not a finished sprint
        }
        throw unschedule(request, null, context, metered);
      }
    } catch (RuntimeException | Error e) {
      metered.fail(e);
      throw e;
    }
    MeteredInvocation.Finished finished = metered.succeed();
    return new DailyScrumResponse(
        projectId,
        request.sprintId(),
        request.date(),
        ScheduleNames.dailyScrum(projectId, request.sprintId()),
        answer,
        metered.info(finished));
  }

  /**
   * Deletes the finished sprint's schedule as the orchestration does (with the read-back of a
   * delete that went unanswered) and says what became of it; started only when its worst case fits
   * in the time left.
   */
  private SprintOverException unschedule(
      DailyScrumRequest request,
      String sprintStatus,
      InvocationContext context,
      MeteredInvocation metered) {
    String name = ScheduleNames.dailyScrum(request.projectId().value(), request.sprintId());
    String what = "delete daily scrum schedule " + name;
    List<String> taken = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    ScheduleOutcome outcome;
    String tooLate = context.deadline().whyNotStarted(actions.scheduleWorstCaseMs());
    if (tooLate != null) {
      warnings.add("Not started: " + what + ": " + tooLate + "; it fires again on its next run");
      outcome = ScheduleOutcome.NOT_STARTED;
    } else {
      TimedOperation timer = metered.invocation().time(UNSCHEDULE);
      try {
        String readBack = actions.unscheduleDailyScrum(request.projectId(), name);
        taken.add("Deleted daily scrum schedule " + name);
        if (readBack != null) {
          warnings.add(readBack); // the scheduler did not answer: what reading it back showed
        }
        outcome = ScheduleOutcome.DELETED;
      } catch (ActionRejectedException e) {
        // the port's refusal of a delete: there is no such schedule (gone already, or never made)
        warnings.add("Nothing to delete: " + e.getMessage());
        outcome = ScheduleOutcome.ABSENT;
      } catch (ActionOutcomeUnknownException e) {
        timer.fail(e);
        // neither done nor failed; if it is still there, its next run tries again
        warnings.add("Outcome unknown: " + what + ": " + e.getMessage());
        outcome = ScheduleOutcome.UNKNOWN;
      } catch (OrchestratorException e) {
        timer.fail(e);
        warnings.add("Failed to " + what + ": " + e.getMessage());
        outcome = ScheduleOutcome.FAILED;
      } finally {
        timer.close();
      }
    }
    return new SprintOverException(
        request.sprintId(), sprintStatus, name, outcome, taken, warnings);
  }
}
