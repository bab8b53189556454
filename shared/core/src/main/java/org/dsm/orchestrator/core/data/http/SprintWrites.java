package org.dsm.orchestrator.core.data.http;

import static org.dsm.orchestrator.core.data.http.ServiceEndpoint.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.domain.SprintTaskSummary;
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.port.ProjectActions.ClosedSprint;
import org.dsm.orchestrator.core.port.ProjectActions.CreatedSprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Creating and closing sprints when the Sprint service may not answer in time, or answers 5xx. A
 * write that timed out (or whose connection broke after it was sent) may still have happened, and a
 * 5xx does not say it did not (the original answers 500 to a close of a sprint already closed, and
 * a create commits the sprint before it assigns the tasks): its outcome is unknown, so it is read
 * back from the services, polling every {@code interval} for at most {@code budget}:
 *
 * <ul>
 *   <li>create: the service commits the sprint row first and then assigns the project's unassigned
 *       tasks one at a time, so the new sprint (in progress, with the requested name) can show up
 *       with a partial task count. It is settled when the backlog had no unassigned task left
 *       before a task-summary read and the next read shows the same count; past the budget the
 *       count is reported as provisional.
 *   <li>close: done once the sprint is no longer in progress.
 * </ul>
 *
 * Found: the write is reported as done, with a sentence saying how it was learnt. Not found after
 * the service answered 500 (it stopped working on the request): {@link
 * DependencyUnavailableException} (503) saying nothing was done. Not found by the end of the
 * read-back after a timeout (or a 502-504, which a proxy may give): the request may still be queued
 * or waiting at the service, so {@link ActionOutcomeUnknownException} (504), as when the services
 * could not be read. Each unknown outcome is logged at WARN with the invocation id.
 */
final class SprintWrites {
  private static final Logger LOG = LoggerFactory.getLogger(SprintWrites.class);

  private final SprintServiceClient sprint;
  private final BacklogServiceClient backlog;
  private final Duration interval;
  private final Duration budget;

  SprintWrites(
      SprintServiceClient sprint,
      BacklogServiceClient backlog,
      Duration interval,
      Duration budget) {
    this.sprint = sprint;
    this.backlog = backlog;
    this.interval = interval;
    this.budget = budget;
  }

  CreatedSprint create(ProjectId projectId, String sprintName, int durationWeeks, int maxTasks) {
    try {
      return sprint.create(projectId, sprintName, durationWeeks, maxTasks);
    } catch (DependencyUnavailableException e) {
      ServiceEndpoint.ServerErrorVerdict verdict = ServiceEndpoint.pendingVerdict(e);
      boolean intended = false;
      try {
        if (!ServiceEndpoint.mayHaveTakenEffect(e)) {
          throw e;
        }
        ReadBack<CreatedSprint> readBack = readBackCreate(projectId, sprintName, e);
        intended = readBack.intended();
        return readBack.outcome();
      } finally {
        settle(verdict, intended);
      }
    }
  }

  ClosedSprint close(ProjectId projectId, String sprintId) {
    try {
      return sprint.close(projectId, sprintId);
    } catch (DependencyUnavailableException e) {
      ServiceEndpoint.ServerErrorVerdict verdict = ServiceEndpoint.pendingVerdict(e);
      boolean closed = false;
      try {
        if (!ServiceEndpoint.mayHaveTakenEffect(e)) {
          throw e;
        }
        ClosedSprint readBack = readBackClose(projectId, sprintId, e);
        closed = true;
        return readBack;
      } finally {
        settle(verdict, closed);
      }
    }
  }

  /** What the read-back found, and whether it is the state the write asked for. */
  private record ReadBack<T>(T outcome, boolean intended) {}

  /**
   * A 5xx answer is counted by the sprint service's breaker only when the read-back does not show
   * the state the write asked for: the original answers 500 to a close of a sprint that is already
   * closed, and counting that would open the circuit that guards every other write. A write that
   * timed out was counted when it timed out (a slow service is a failing one).
   */
  private static void settle(ServiceEndpoint.ServerErrorVerdict verdict, boolean intended) {
    if (verdict == null) {
      return;
    }
    if (intended) {
      verdict.notCounted();
    } else {
      verdict.counted();
    }
  }

  /**
   * The created sprint as the services show it; intended when the read-back settled with no task of
   * the backlog left unassigned (a sprint the service created but did not fill is a failure of what
   * was asked).
   */
  private ReadBack<CreatedSprint> readBackCreate(
      ProjectId projectId, String sprintName, DependencyUnavailableException failure) {
    String call = "POST " + SprintServiceClient.createPath(projectId);
    long deadline = System.nanoTime() + budget.toNanos();
    // a 500 is the service's own answer: it stopped working on the create, so the first count read
    // is final (tasks it did not assign stay unassigned); a 502-504 may come from a proxy while the
    // service is still assigning, like a timeout
    boolean serviceFinished = ServiceEndpoint.serverErrorStatus(failure) == 500;
    Sprint created = null;
    Integer count = null;
    int unassignedLeft = 0;
    boolean backlogWasDone = false;
    boolean settled = false;
    OrchestratorException unreadable = null;
    while (true) {
      try {
        if (created == null) {
          created = inProgressNamed(await(sprint.sprints(projectId)), sprintName).orElse(null);
        }
        if (created != null) {
          // the backlog first: once it has no unassigned task, every assignment was made before
          // the task summary read that follows; an unchanged count on the next round settles it
          int unassigned = await(backlog.summary(projectId)).unassignedTasks();
          SprintTaskSummary summary = await(sprint.taskSummary(created.sprintId()));
          int now = summary == null ? 0 : summary.totalTasks();
          settled = serviceFinished || (backlogWasDone && count != null && count == now);
          backlogWasDone = unassigned == 0;
          unassignedLeft = unassigned;
          count = now;
        }
        unreadable = null;
      } catch (OrchestratorException e) {
        unreadable = e;
      }
      // after a 500 one complete read is the answer: the service is not working on it any more
      boolean answered = serviceFinished && unreadable == null;
      if (settled || answered || System.nanoTime() >= deadline || !pause()) {
        break;
      }
    }
    String gaveUp = gaveUp(call, failure);
    if (created != null) {
      String readBack =
          settled
              ? gaveUp
                  + "; reading the project's sprints back showed "
                  + created.sprintId()
                  + " was created with "
                  + count
                  + " tasks"
                  + (unassignedLeft > 0
                      ? "; " + unassignedLeft + " tasks of the backlog were left unassigned."
                      : ".")
              : gaveUp
                  + "; reading the project's sprints back showed "
                  + created.sprintId()
                  + " was created"
                  + (count == null
                      ? ", but its task count could not be read: the count is provisional."
                      : " with "
                          + count
                          + " tasks so far while the service was still assigning tasks: the"
                          + " count is provisional.");
      warn(call, readBack);
      return new ReadBack<>(
          new CreatedSprint(
              created.sprintId(), sprintName, count == null ? 0 : count, readBack, !settled),
          settled && unassignedLeft == 0);
    }
    if (unreadable == null && serviceFinished) {
      throw notDone(call, failure, "no sprint " + sprintName + " was created");
    }
    if (unreadable == null) {
      throw unknown(
          call,
          failure,
          "no sprint " + sprintName + " had been created",
          "sprint " + sprintName + " may yet be created");
    }
    throw unknown(
        call, failure, "sprint " + sprintName + " may or may not have been created", unreadable);
  }

  private ClosedSprint readBackClose(
      ProjectId projectId, String sprintId, DependencyUnavailableException failure) {
    String call = "POST " + SprintServiceClient.closePath(sprintId);
    long deadline = System.nanoTime() + budget.toNanos();
    boolean serviceFinished = ServiceEndpoint.serverErrorStatus(failure) == 500;
    Sprint closed = null;
    SprintTaskSummary summary = null;
    OrchestratorException unreadable = null;
    boolean listed = false;
    while (true) {
      try {
        Optional<Sprint> found =
            await(sprint.sprints(projectId)).stream()
                .filter(s -> s.sprintId().equals(sprintId))
                .findFirst();
        listed = found.isPresent();
        if (found.isPresent() && !found.get().inProgress()) {
          closed = found.get();
          summary = await(sprint.taskSummary(sprintId));
        }
        unreadable = null;
      } catch (OrchestratorException e) {
        unreadable = e;
      }
      boolean answered = serviceFinished && unreadable == null;
      if (closed != null || answered || System.nanoTime() >= deadline || !pause()) {
        break;
      }
    }
    if (closed != null) {
      String readBack =
          gaveUp(call, failure)
              + "; reading the project's sprints back showed "
              + sprintId
              + " was closed ("
              + closed.status()
              + ").";
      warn(call, readBack);
      return new ClosedSprint(
          sprintId,
          closed.status(),
          summary == null ? 0 : summary.completedTasks(),
          summary == null ? 0 : summary.pendingTasks(),
          readBack);
    }
    String shows =
        listed ? sprintId + " still in progress" : "no sprint " + sprintId + " in the project";
    if (unreadable == null && serviceFinished) {
      throw notDone(call, failure, shows);
    }
    if (unreadable == null) {
      throw unknown(call, failure, shows, "sprint " + sprintId + " may yet be closed");
    }
    throw unknown(
        call, failure, "sprint " + sprintId + " may or may not have been closed", unreadable);
  }

  /**
   * The service answered 500 and the read-back shows the write did not happen: a plain 503, logged.
   */
  private DependencyUnavailableException notDone(
      String call, DependencyUnavailableException failure, String readBackShows) {
    String reason =
        failure.getMessage().substring(failure.getMessage().indexOf(": ") + 2)
            + "; reading the project's sprints back shows "
            + readBackShows
            + ": nothing was done";
    warn(call, "not done: " + reason);
    return new DependencyUnavailableException(sprint.endpoint().name(), reason, failure);
  }

  private static Optional<Sprint> inProgressNamed(List<Sprint> sprints, String name) {
    return sprints.stream()
        .filter(s -> s.inProgress() && name.equals(s.sprintName()))
        .reduce((first, second) -> second);
  }

  /** What the write got: no answer in time, or a 5xx (which does not say nothing happened). */
  private String gaveUp(String call, DependencyUnavailableException failure) {
    int status = ServiceEndpoint.serverErrorStatus(failure);
    if (status > 0) {
      return sprint.endpoint().name() + " answered HTTP " + status + " to " + call;
    }
    return sprint.endpoint().name()
        + " did not answer "
        + call
        + " within "
        + sprint.endpoint().writeTimeout().toMillis()
        + " ms";
  }

  private ActionOutcomeUnknownException unknown(
      String call,
      DependencyUnavailableException failure,
      String consequence,
      OrchestratorException unreadable) {
    return unknown(
        call,
        gaveUp(call, failure)
            + " and its state could not be read back ("
            + unreadable.getMessage()
            + ")",
        consequence,
        unreadable);
  }

  /** Not seen by the end of the read-back, but the request may still be in progress. */
  private ActionOutcomeUnknownException unknown(
      String call, DependencyUnavailableException failure, String shows, String consequence) {
    return unknown(
        call,
        gaveUp(call, failure)
            + "; reading the project's sprints back for "
            + budget.toMillis()
            + " ms showed "
            + shows
            + ", but the request may still be in progress at the service",
        consequence,
        failure);
  }

  private ActionOutcomeUnknownException unknown(
      String call, String what, String consequence, Throwable cause) {
    String message =
        what
            + ": the outcome of "
            + call
            + " is unknown; "
            + consequence
            + ". A retry with the same Idempotency-Key is safe: it reads the project's state"
            + " again and repeats nothing that already happened.";
    warn(call, message);
    return new ActionOutcomeUnknownException(sprint.endpoint().name(), message, cause);
  }

  private static void warn(String call, String what) {
    LOG.warn(
        "invocation {}: outcome unknown of {} after its timeout or 5xx; {}",
        MDC.get(InvocationContext.MDC_INVOCATION_ID),
        call,
        what);
  }

  /** Waits one interval; false when interrupted (the read-back then ends with what it has). */
  private boolean pause() {
    try {
      Thread.sleep(interval.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
