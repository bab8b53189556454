package org.dsm.orchestrator.core.invocation;

import java.time.Instant;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.error.ProjectNotFoundException;
import org.dsm.orchestrator.core.monitor.Invocation;
import org.dsm.orchestrator.core.monitor.ResourceUsage;
import org.dsm.orchestrator.core.monitor.TimedOperation;
import org.dsm.orchestrator.core.port.ResourceMonitor;

/**
 * One invocation of a use case, timed and recorded the same way by every use case: its total as a
 * component, an optional resource span, and exactly one record when it ends — 200 on success, the
 * error's own status (500 for an unexpected one) on failure.
 */
public final class MeteredInvocation {
  private final InvocationMetering metering;
  private final String function;
  private final String totalOperation;
  private final InvocationContext context;
  private final String projectId;
  private final Instant started;
  private final Invocation invocation;
  private final ResourceMonitor.ResourceSpan span;
  private final TimedOperation total;

  private MeteredInvocation(
      Monitoring monitoring,
      String function,
      String totalOperation,
      InvocationContext context,
      String projectId,
      boolean spanResources) {
    this.metering = monitoring.metering();
    this.function = function;
    this.totalOperation = totalOperation;
    this.context = context;
    this.projectId = projectId;
    this.started = metering.now();
    this.invocation = monitoring.performance().startInvocation(function);
    this.span = spanResources ? monitoring.resources().begin() : null;
    this.total = invocation.time(totalOperation);
  }

  /**
   * Starts timing {@code totalOperation}; with {@code spanResources} the process's memory and CPU
   * over the invocation are measured too.
   */
  public static MeteredInvocation begin(
      Monitoring monitoring,
      String function,
      String totalOperation,
      InvocationContext context,
      String projectId,
      boolean spanResources) {
    return new MeteredInvocation(
        monitoring, function, totalOperation, context, projectId, spanResources);
  }

  /** The invocation its components are timed in. */
  public Invocation invocation() {
    return invocation;
  }

  /** Wall-clock start, as the record carries it. */
  public Instant started() {
    return started;
  }

  /**
   * Ends the total and the span and records success. The record is written before the caller builds
   * its response, so the response can show the store write's own timing.
   */
  public Finished succeed() {
    total.close();
    ResourceUsage usage = span == null ? null : span.end();
    double totalMs = totalMs();
    metering.record(function, context, projectId, started, totalMs, invocation, 200, null, usage);
    return new Finished(totalMs, usage);
  }

  /**
   * The invocation block of the response, taken when the response is complete: with edge timing its
   * total runs up to this call, so call it last.
   */
  public InvocationInfo info(Finished finished) {
    return InvocationInfo.of(context, function, finished.totalMs(), invocation.components());
  }

  /** Ends the total as failed and records the failure's status; the caller rethrows {@code e}. */
  public void fail(Throwable e) {
    total.fail(e);
    total.close();
    ResourceUsage usage = span == null ? null : span.end();
    int status = e instanceof OrchestratorException known ? known.httpStatus() : 500;
    metering.record(
        function,
        context,
        // an id that names no project is a caller's input: filed under none, so a stream of made-up
        // ids cannot crowd real projects' history out of a bounded store
        e instanceof ProjectNotFoundException ? null : projectId,
        started,
        totalMs(),
        invocation,
        status,
        e.getClass().getSimpleName(),
        usage);
  }

  private double totalMs() {
    return invocation.component(totalOperation).map(c -> c.durationMs()).orElse(0.0);
  }

  /** The figures of a successful invocation: its total and its resources (null without a span). */
  public record Finished(double totalMs, ResourceUsage usage) {}
}
