package org.dsm.orchestrator.core.metrics;

import java.util.Map;

/**
 * Aggregate over a window. {@code components} maps each component name, plus "total", to its
 * latency summary. Rates are fractions in [0, 1]: {@code errorRate} counts failures of the service
 * (5xx), {@code clientErrorRate} the requests answered 4xx.
 */
public record MetricsAggregate(
    long invocations,
    double errorRate,
    double coldStartRate,
    Map<String, LatencySummary> components,
    double clientErrorRate) {

  public MetricsAggregate(
      long invocations,
      double errorRate,
      double coldStartRate,
      Map<String, LatencySummary> components) {
    this(invocations, errorRate, coldStartRate, components, 0.0);
  }

  public record LatencySummary(
      long count, double meanMs, double p50Ms, double p95Ms, double p99Ms, double maxMs) {}
}
