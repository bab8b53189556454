package org.dsm.orchestrator.functions.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.ProjectNotFoundException;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.functions.api.UseCases;

/**
 * Stand-in for the core in edge tests: answers in the response shapes, knows one unknown project,
 * records calls.
 */
public final class FakeUseCases implements UseCases {
  public static final String UNKNOWN = "NO-SUCH-PROJECT";
  public final List<OrchestrationRequest> orchestrations = new ArrayList<>();
  public final List<Duration> windows = new ArrayList<>();
  public final List<InvocationContext> contexts = new ArrayList<>();

  @Override
  public synchronized Object orchestrate(OrchestrationRequest request, InvocationContext context) {
    known(request.projectId());
    orchestrations.add(request);
    contexts.add(context);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("project_id", request.projectId().value());
    body.put("analysis", Map.of("historical_context", Map.of()));
    body.put("decisions", Map.of("create_new_sprint", false));
    body.put("actions_taken", List.of());
    body.put("cronjob_name", null);
    body.put("sprint_id", null);
    body.put("dry_run", request.options().dryRun());
    body.put("performance_metrics", Map.of("pattern_analysis", Map.of()));
    body.put(
        "invocation",
        Map.of("invocation_id", context.invocationId(), "platform", context.platform()));
    return body;
  }

  @Override
  public synchronized Object report(
      ProjectId projectId, Duration window, InvocationContext context) {
    known(projectId);
    windows.add(window);
    contexts.add(context);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("project_id", projectId.value());
    body.put("total_execution_time_ms", 1.5);
    body.put("component_metrics", Map.of());
    body.put("resource_usage", Map.of());
    body.put("performance_thresholds", Map.of("threshold_met", true));
    body.put("recommendations", List.of("Performance within acceptable thresholds"));
    body.put(
        "invocation",
        Map.of(
            "invocation_id",
            context.invocationId(),
            "platform",
            context.platform(),
            "trigger",
            context.trigger()));
    return body;
  }

  private static void known(ProjectId id) {
    if (id.value().equals(UNKNOWN)) {
      throw new ProjectNotFoundException(id.value());
    }
  }
}
