package org.dsm.orchestrator.core.orchestration;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.dsm.orchestrator.core.regression.RegressionReport;

/**
 * The scheduled benchmark's verdict: latency percentiles of the dry-run orchestrations and
 * threshold checks, and the comparison with the previous run ({@code regressions}). {@code
 * iterations} is what was asked for, {@code iterationsRun} what ran: fewer only when the run
 * stopped before the invocation's deadline ({@code stoppedEarly}, with {@code stopReason}).
 */
public record BenchmarkResult(
    List<String> projects,
    int iterations,
    int iterationsRun,
    boolean stoppedEarly,
    String stopReason,
    int invocations,
    int errors,
    double successRate,
    Latency totalOrchestration,
    Latency patternAnalysis,
    Map<String, Boolean> thresholds,
    String verdict,
    Map<String, Integer> errorDetails,
    RegressionReport regressions) {

  /** Milliseconds, from an HdrHistogram recorded in microseconds. */
  public record Latency(long count, double p50Ms, double p95Ms, double p99Ms, double maxMs) {
    static Latency of(Histogram micros) {
      if (micros.getTotalCount() == 0) {
        return new Latency(0, 0, 0, 0, 0);
      }
      return new Latency(
          micros.getTotalCount(),
          ms(micros.getValueAtPercentile(50)),
          ms(micros.getValueAtPercentile(95)),
          ms(micros.getValueAtPercentile(99)),
          ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
      return Math.round(micros / 10.0) / 100.0;
    }
  }
}
