package org.dsm.orchestrator.core.schedule;

import java.time.Instant;
import java.util.Map;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.invocation.InvocationInfo;
import org.dsm.orchestrator.core.invocation.InvocationMetering;
import org.dsm.orchestrator.core.invocation.Monitoring;
import org.dsm.orchestrator.core.monitor.Invocation;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.ResourceUsage;
import org.dsm.orchestrator.core.monitor.TimedOperation;
import org.dsm.orchestrator.core.port.ProjectActions;
import org.dsm.orchestrator.core.port.ResourceMonitor;

/**
 * The scheduled daily scrum, as a use case of the {@code orchestrate} function: runs the sprint
 * service's daily scrum for one sprint and records one metrics record (trigger {@code schedule}).
 * Deduplication by (sprint, date) is the caller's, through the idempotency store, because both
 * schedulers deliver at least once and the sprint service's call is not idempotent.
 */
public final class DailyScrumService {
  public static final String FUNCTION = FunctionNames.ORCHESTRATE;
  public static final String TRIGGER = "schedule";
  public static final String OPERATION = "daily_scrum_run";

  private final ProjectActions actions;
  private final PerformanceMonitor monitor;
  private final ResourceMonitor resources;
  private final InvocationMetering metering;

  public DailyScrumService(ProjectActions actions, Monitoring monitoring) {
    this.actions = actions;
    this.monitor = monitoring.performance();
    this.resources = monitoring.resources();
    this.metering = monitoring.metering();
  }

  public DailyScrumResponse run(DailyScrumRequest request, InvocationContext context) {
    Instant started = metering.now();
    Invocation invocation = monitor.startInvocation();
    ResourceMonitor.ResourceSpan span = resources.begin();
    TimedOperation total = invocation.time(OPERATION);
    String projectId = request.projectId().value();
    try {
      Map<String, Object> answer = actions.runDailyScrum(request.projectId(), request.sprintId());
      total.close();
      ResourceUsage usage = span.end();
      double totalMs = totalMs(invocation);
      metering.record(FUNCTION, context, projectId, started, totalMs, invocation, 200, null, usage);
      return new DailyScrumResponse(
          projectId,
          request.sprintId(),
          request.date(),
          ScheduleNames.dailyScrum(projectId, request.sprintId()),
          answer,
          InvocationInfo.of(context, FUNCTION, totalMs, invocation.components()));
    } catch (RuntimeException | Error e) {
      total.fail(e);
      total.close();
      ResourceUsage usage = span.end();
      int status = e instanceof OrchestratorException known ? known.httpStatus() : 500;
      metering.record(
          FUNCTION,
          context,
          projectId,
          started,
          totalMs(invocation),
          invocation,
          status,
          e.getClass().getSimpleName(),
          usage);
      throw e;
    }
  }

  private static double totalMs(Invocation invocation) {
    return invocation.component(OPERATION).map(c -> c.durationMs()).orElse(0.0);
  }
}
