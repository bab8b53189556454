package org.dsm.orchestrator.core.metrics;

import java.time.Instant;
import java.util.Map;
import org.dsm.orchestrator.core.monitor.Operations;

/**
 * One invocation's metrics as stored. {@code schemaVersion} lets records evolve; readers accept
 * older versions. {@code function} is "orchestrate" or "performanceMetrics"; {@code platform}
 * lambda | knative | local; {@code trigger} http | schedule | benchmark. Durations are milliseconds
 * measured with a monotonic clock; {@code startTime} is wall-clock UTC (for windows only, never for
 * durations). {@code errorType} is null on success. {@code principal} is the authenticated caller's
 * id (IAM ARN or JWT subject), null when no one was authenticated or in records written before it
 * existed. {@code initDurationMs} is the instance's init phase (process start or snapshot restore →
 * ready), on a cold invocation only; null otherwise and in records written before it existed.
 */
public record InvocationRecord(
    int schemaVersion,
    String function,
    String invocationId,
    String projectId,
    String platform,
    String trigger,
    boolean coldStart,
    Instant startTime,
    double totalDurationMs,
    Map<String, Double> componentDurationsMs,
    int statusCode,
    String errorType,
    double memoryIncreaseMb,
    double cpuTimeMs,
    String appVersion,
    String principal,
    Double initDurationMs) {

  public static final int CURRENT_SCHEMA_VERSION = 1;

  public InvocationRecord {
    componentDurationsMs = Map.copyOf(componentDurationsMs);
  }

  /** This record with one more component duration (e.g. its own store write, for the EMF line). */
  public InvocationRecord withComponent(String operation, double durationMs) {
    Map<String, Double> components = new java.util.LinkedHashMap<>(componentDurationsMs);
    components.put(operation, durationMs);
    return new InvocationRecord(
        schemaVersion,
        function,
        invocationId,
        projectId,
        platform,
        trigger,
        coldStart,
        startTime,
        totalDurationMs,
        components,
        statusCode,
        errorType,
        memoryIncreaseMb,
        cpuTimeMs,
        appVersion,
        principal,
        initDurationMs);
  }

  /**
   * This record with the total as the platform's handler measured it ({@link
   * Operations#REQUEST_TO_RESPONSE}: the request's first byte, or the event's receipt, to the
   * response serialised). Where a use case ran (the record has components) the same figure is also
   * the component {@code request_to_response}, so a window's p95 of it counts only invocations that
   * ran one, as {@code total_orchestration}'s does; a rejected request or a replay keeps it in the
   * total only.
   */
  public InvocationRecord withRequestToResponseMs(double totalMs) {
    Map<String, Double> components = componentDurationsMs;
    if (!components.isEmpty() && !components.containsKey(Operations.REQUEST_TO_RESPONSE)) {
      // built immutable in one pass, which the constructor's copy keeps: a HashMap copied again
      // cost a fifth more under C1 (the pod's JIT)
      @SuppressWarnings("unchecked")
      Map.Entry<String, Double>[] entries = new Map.Entry[components.size() + 1];
      int i = 0;
      for (Map.Entry<String, Double> e : components.entrySet()) {
        entries[i++] = e;
      }
      entries[i] = Map.entry(Operations.REQUEST_TO_RESPONSE, totalMs);
      components = Map.ofEntries(entries);
    }
    return new InvocationRecord(
        schemaVersion,
        function,
        invocationId,
        projectId,
        platform,
        trigger,
        coldStart,
        startTime,
        totalMs,
        components,
        statusCode,
        errorType,
        memoryIncreaseMb,
        cpuTimeMs,
        appVersion,
        principal,
        initDurationMs);
  }

  /**
   * A failure of the service: a 5xx, or an error recorded with a success status. A 4xx is the
   * caller's mistake ({@link #clientError()}), not a failure.
   */
  public boolean failed() {
    return statusCode >= 500 || (statusCode < 400 && errorType != null);
  }

  /** A 4xx: bad input, an unknown project, a refused request. */
  public boolean clientError() {
    return statusCode >= 400 && statusCode < 500;
  }
}
