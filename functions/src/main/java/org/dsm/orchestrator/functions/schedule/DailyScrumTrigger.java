package org.dsm.orchestrator.functions.schedule;

import java.util.function.Supplier;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.idempotency.IdempotencyGuard;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.invocation.InvocationMetering;
import org.dsm.orchestrator.core.schedule.DailyScrumRequest;
import org.dsm.orchestrator.core.schedule.DailyScrumService;
import org.dsm.orchestrator.core.schedule.SprintOverException;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scheduled daily scrum at most once per (sprint, date): both schedulers deliver at least
 * once (Scheduler retries, a Job's backoff) and the sprint service's run-daily-scrum is not
 * idempotent. The key goes through the idempotency store the API's Idempotency-Key uses, so the
 * dedupe holds across instances when that store is shared. A repeat gets the first run's answer
 * with {@code Idempotent-Replayed: true}; a run that failed with a 5xx frees the key for a retry. A
 * run whose sprint is over deleted its own schedule and answers 404 or 409 saying so ({@link
 * SprintOverException}).
 */
public final class DailyScrumTrigger {
  private static final Logger LOG = LoggerFactory.getLogger(DailyScrumTrigger.class);

  private final DailyScrumService service;
  private final DailyScrumEvents events;
  private final IdempotencyGuard dedupe;
  private final InvocationMetering metering;

  public DailyScrumTrigger(
      DailyScrumService service,
      DailyScrumEvents events,
      IdempotencyGuard dedupe,
      InvocationMetering metering) {
    this.service = service;
    this.events = events;
    this.dedupe = dedupe;
    this.metering = metering;
  }

  /** A structured CloudEvent (the Lambda payload, or an HTTP body). */
  public ApiResponse handleStructured(byte[] event, InvocationContext context) {
    return handle(() -> events.parseStructured(event), context);
  }

  /** A binary-mode CloudEvent over HTTP. */
  public ApiResponse handleBinary(byte[] body, String timeHeader, InvocationContext context) {
    return handle(() -> events.parseBinary(body, timeHeader), context);
  }

  private ApiResponse handle(Supplier<DailyScrumRequest> parse, InvocationContext context) {
    long start = System.nanoTime();
    DailyScrumRequest request;
    try {
      request = parse.get();
    } catch (OrchestratorException e) {
      recordRejected(context, start, e);
      return ApiResponse.error(e.httpStatus(), e.getMessage());
    }
    try {
      IdempotencyGuard.Outcome outcome =
          dedupe.execute(
              null, // no caller: the schedule
              request.dedupeKey(),
              IdempotencyGuard.fingerprint(
                  "daily-scrum",
                  request.projectId().value(),
                  request.sprintId(),
                  request.date().toString()),
              context.deadline(), // on Lambda the save runs inside the handler
              () -> {
                ApiResponse response = run(request, context);
                return new StoredResponse(response.status(), response.headers(), response.body());
              });
      ApiResponse response =
          new ApiResponse(
              outcome.response().status(), outcome.response().headers(), outcome.response().body());
      if (outcome.replayed()) {
        LOG.info(
            "daily scrum of sprint {} on {} already ran; invocation {} replays its answer",
            request.sprintId(),
            request.date(),
            context.invocationId());
        return response.withHeader(IdempotencyGuard.REPLAYED_HEADER, "true");
      }
      return response;
    } catch (OrchestratorException e) {
      // the dedupe store could not be asked, or the first run is still going: nothing ran here
      return ApiResponse.error(e.httpStatus(), e.getMessage());
    }
  }

  private ApiResponse run(DailyScrumRequest request, InvocationContext context) {
    try {
      return ApiResponse.json(200, service.run(request, context));
    } catch (SprintOverException e) {
      // a 4xx, stored for the day's repeats like any answer: neither scheduler retries it. A
      // schedule left behind (delete failed, unknown, not started) is worth an operator's look.
      boolean leftBehind =
          e.schedule() != SprintOverException.ScheduleOutcome.DELETED
              && e.schedule() != SprintOverException.ScheduleOutcome.ABSENT;
      String line = "daily scrum of sprint {} on {} not run, the sprint is over; invocation {}: {}";
      if (leftBehind) {
        LOG.warn(line, request.sprintId(), request.date(), context.invocationId(), e.getMessage());
      } else {
        LOG.info(line, request.sprintId(), request.date(), context.invocationId(), e.getMessage());
      }
      return ApiResponse.json(e.httpStatus(), e.body());
    } catch (OrchestratorException e) {
      return ApiResponse.error(e.httpStatus(), e.getMessage());
    }
  }

  private void recordRejected(InvocationContext context, long start, OrchestratorException e) {
    try {
      metering.recordRejected(
          DailyScrumService.FUNCTION,
          context,
          "",
          metering.now(),
          (System.nanoTime() - start) / 1_000_000.0,
          e.httpStatus(),
          "InvalidRequest");
    } catch (RuntimeException failure) {
      LOG.warn(
          "could not record rejected daily-scrum event {}: {}",
          context.invocationId(),
          failure.toString());
    }
  }
}
