package org.dsm.orchestrator.core.schedule;

import java.util.Map;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.invocation.MeteredInvocation;
import org.dsm.orchestrator.core.invocation.Monitoring;
import org.dsm.orchestrator.core.port.ProjectActions;

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
  private final Monitoring monitoring;

  public DailyScrumService(ProjectActions actions, Monitoring monitoring) {
    this.actions = actions;
    this.monitoring = monitoring;
  }

  public DailyScrumResponse run(DailyScrumRequest request, InvocationContext context) {
    String projectId = request.projectId().value();
    MeteredInvocation metered =
        MeteredInvocation.begin(monitoring, FUNCTION, OPERATION, context, projectId, true);
    Map<String, Object> answer;
    try {
      answer = actions.runDailyScrum(request.projectId(), request.sprintId());
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
}
