package org.dsm.orchestrator.core.port;

import org.dsm.orchestrator.core.regression.RegressionReport;

/**
 * Where the result of each regression check goes besides the response, so an alarm can fire on it:
 * a metrics registry (Prometheus gauge) or a log line CloudWatch turns into a metric (EMF). {@code
 * source} is {@code report} or {@code benchmark}. Implementations must not throw.
 */
@FunctionalInterface
public interface RegressionSink {
  String REPORT = "report";
  String BENCHMARK = "benchmark";

  RegressionSink NONE = (source, function, report) -> {};

  void publish(String source, String function, RegressionReport report);
}
