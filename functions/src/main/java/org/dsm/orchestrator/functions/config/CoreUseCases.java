package org.dsm.orchestrator.functions.config;

import java.time.Duration;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.orchestration.OrchestrationService;
import org.dsm.orchestrator.core.port.DependencyHealth;
import org.dsm.orchestrator.core.report.PerformanceHistoryService;
import org.dsm.orchestrator.core.report.PerformanceReportService;
import org.dsm.orchestrator.functions.api.HtmlPage;
import org.dsm.orchestrator.functions.api.UseCases;
import org.dsm.orchestrator.functions.dashboard.DashboardPage;

/**
 * The use cases the API calls: the core's services, unchanged (also the priming pass's throw-away
 * stack).
 */
public record CoreUseCases(
    OrchestrationService orchestration,
    PerformanceReportService reports,
    DependencyHealth health,
    PerformanceHistoryService history)
    implements UseCases {

  /** Without the history view (the priming stack). */
  public CoreUseCases(
      OrchestrationService orchestration,
      PerformanceReportService reports,
      DependencyHealth health) {
    this(orchestration, reports, health, null);
  }

  @Override
  public Object dashboard(ProjectId projectId, Duration window, InvocationContext context) {
    if (history == null) {
      return UseCases.super.dashboard(projectId, window, context);
    }
    return new HtmlPage(
        DashboardPage.render(history.history(projectId, window, context)),
        DashboardPage.CONTENT_SECURITY_POLICY);
  }

  @Override
  public Object orchestrate(OrchestrationRequest request, InvocationContext context) {
    return orchestration.orchestrate(request, context);
  }

  @Override
  public Object report(ProjectId projectId, Duration window, InvocationContext context) {
    return reports.report(projectId, window, context);
  }

  @Override
  public java.util.Map<String, String> dependencies() {
    return health.circuitStates();
  }

  @Override
  public long metricsUnwritten() {
    return reports.metricsUnwritten();
  }

  @Override
  public long decisionRecordsUnwritten() {
    return orchestration.unwrittenDecisionRecords();
  }
}
