package org.dsm.orchestrator.core.metrics;

import java.time.Instant;
import java.util.Map;

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

  /** This record with the total as the platform's handler measured it. */
  public InvocationRecord withTotalDurationMs(double totalMs) {
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
        componentDurationsMs,
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
