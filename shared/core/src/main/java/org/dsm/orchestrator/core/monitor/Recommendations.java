package org.dsm.orchestrator.core.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsAggregate.LatencySummary;

/**
 * The original service's recommendation rules, each able to fire; stored history is considered when
 * given. Instance rules judge p95 (a tail, not a lifetime average); the similarity rule now sees
 * its operation. The original texts are kept when the thresholds are the defaults; the limits in
 * them follow the configuration. Added: the process against the platform's own limits (memory, CPU
 * quota), which the original compared with nothing.
 */
public final class Recommendations {
  public static final String WITHIN_THRESHOLDS = "Performance within acceptable thresholds";

  /** Memory or CPU use at this share of the platform's limit is advised on. */
  static final int NEAR_LIMIT_PERCENT = 90;

  /** A quota that throttled the process in this share of its periods is advised on. */
  static final int THROTTLED_PERCENT = 20;

  private Recommendations() {}

  /**
   * @param history the stored window's aggregate, or null when none is available
   */
  public static List<String> of(
      Map<String, OperationStats> stats,
      ThresholdConfig config,
      ResourceUsage usage,
      MetricsAggregate history) {
    List<String> advice = new ArrayList<>();
    OperationStats total = stats.get(Operations.TOTAL_ORCHESTRATION);
    OperationStats pattern = stats.get(Operations.FULL_PATTERN_ANALYSIS);
    OperationStats similarity = stats.get(Operations.SIMILARITY_ANALYSIS);

    // 1. total time
    if (p95(total) > config.totalMs()) {
      advice.add("Total execution time exceeds " + seconds(config.totalMs()) + " threshold");
    }
    // 2. pattern analysis time
    if (p95(pattern) > config.patternAnalysisMs()) {
      advice.add(
          "Pattern analysis component exceeds "
              + seconds(config.patternAnalysisMs())
              + " threshold");
    }
    // 3. similarity: half the pattern budget (500 ms by default, as in the original)
    if (p95(similarity) > config.patternAnalysisMs() / 2) {
      advice.add(
          "Similarity analysis is slow - consider reducing dataset size or improving caching");
    }
    // 4. pattern analysis success rate
    if (pattern != null
        && pattern.totalCalls() > 0
        && pattern.successRate() < config.successRatePercent()) {
      advice.add("Pattern analysis has low success rate - investigate error handling");
    }
    // Added: the other thresholds, which the original never advised on.
    if (total != null
        && total.totalCalls() > 0
        && total.successRate() < config.successRatePercent()) {
      advice.add(
          "Orchestration success rate is below "
              + percent(config.successRatePercent())
              + " - investigate failing invocations");
    }
    if (usage != null && usage.memoryIncreaseMb() > config.memoryIncreaseMb()) {
      advice.add(
          "Memory increase per invocation exceeds "
              + plain(config.memoryIncreaseMb())
              + " MiB - reduce allocations on the request path");
    }
    advice.addAll(platform(usage));
    if (history != null) {
      advice.addAll(fromHistory(history, config));
    }
    return advice.isEmpty() ? List.of(WITHIN_THRESHOLDS) : List.copyOf(advice);
  }

  /**
   * Advice about one project from its own stored figures over a window (every instance): total and
   * pattern-analysis p95, the similarity stage, the success rate (failures of the service only: 4xx
   * answers are the callers' and are named separately), and the report's own memory increase.
   */
  public static List<String> forProject(
      MetricsAggregate project, ThresholdConfig config, ResourceUsage usage) {
    List<String> advice = new ArrayList<>();
    Map<String, LatencySummary> components =
        project.components() == null ? Map.of() : project.components();
    boolean useCaseSlow =
        p95(components.get(ThresholdChecker.TOTAL_STORED_COMPONENT)) > config.totalMs();
    if (useCaseSlow) {
      advice.add("Total execution time exceeds " + seconds(config.totalMs()) + " threshold");
    }
    if (!useCaseSlow
        && p95(components.get(ThresholdChecker.EDGE_STORED_COMPONENT)) > config.totalMs()) {
      advice.add(
          "Request-to-response time exceeds "
              + seconds(config.totalMs())
              + " threshold while the orchestration itself does not - check the platform's CPU"
              + " quota (throttling), request parsing and response serialisation");
    }
    if (p95(components.get(Operations.FULL_PATTERN_ANALYSIS)) > config.patternAnalysisMs()) {
      advice.add(
          "Pattern analysis component exceeds "
              + seconds(config.patternAnalysisMs())
              + " threshold");
    }
    if (p95(components.get(Operations.SIMILARITY_ANALYSIS)) > config.patternAnalysisMs() / 2) {
      advice.add(
          "Similarity analysis is slow - consider reducing dataset size or improving caching");
    }
    if (project.invocations() > 0
        && 100.0 * (1.0 - project.errorRate()) < config.successRatePercent()) {
      advice.add(
          "Orchestration success rate is below "
              + percent(config.successRatePercent())
              + " - investigate failing invocations");
    }
    if (project.invocations() > 0
        && 100.0 * (1.0 - project.clientErrorRate()) < config.successRatePercent()) {
      advice.add(
          plain(Math.round(project.clientErrorRate() * 1000) / 10.0)
              + "% of the requests were rejected as client errors (4xx) - "
              + "check the callers, the service did not fail");
    }
    if (usage != null && usage.memoryIncreaseMb() > config.memoryIncreaseMb()) {
      advice.add(
          "Memory increase per invocation exceeds "
              + plain(config.memoryIncreaseMb())
              + " MiB - reduce allocations on the request path");
    }
    advice.addAll(platform(usage));
    return advice.isEmpty() ? List.of(WITHIN_THRESHOLDS) : List.copyOf(advice);
  }

  /**
   * The process against the limits the platform enforces (the cgroup's or Lambda's, never the
   * host's): memory in use (RSS or the container's working set, whichever is larger) at {@value
   * #NEAR_LIMIT_PERCENT} % of the limit, and a CPU quota that throttled or is used up.
   */
  static List<String> platform(ResourceUsage usage) {
    if (usage == null) {
      return List.of();
    }
    List<String> advice = new ArrayList<>();
    Double limit = usage.memoryLimitMb();
    if (limit != null && limit > 0) {
      double share = 100.0 * usage.memoryInUseMb() / limit;
      if (share >= NEAR_LIMIT_PERCENT) {
        advice.add(
            "Memory in use ("
                + oneDecimal(usage.memoryInUseMb())
                + " MiB) is "
                + oneDecimal(share)
                + "% of the "
                + oneDecimal(limit)
                + " MiB limit - the platform kills the process at the limit: raise the limit or"
                + " reduce the footprint");
      }
    }
    Double cores = usage.cpuLimitCores();
    Double throttled = usage.cpuThrottledPercent();
    Double cpu = usage.cpuPercent();
    if (throttled != null && throttled >= THROTTLED_PERCENT) {
      advice.add(
          "CPU quota exhausted: throttled in "
              + oneDecimal(throttled)
              + "% of the scheduling periods of the last sampling interval"
              + (cores == null ? "" : " (a " + oneDecimal(cores) + "-core limit)")
              + " - raise the CPU limit or reduce the work per request");
    } else if (cores != null && cores > 0 && cpu != null) {
      double share = cpu / cores;
      if (share >= NEAR_LIMIT_PERCENT) {
        advice.add(
            "CPU at "
                + oneDecimal(cpu)
                + "% of one core is "
                + oneDecimal(share)
                + "% of the "
                + oneDecimal(cores)
                + "-core limit - the quota is nearly used up: raise the CPU limit or reduce the"
                + " work per request");
      }
    }
    return advice;
  }

  private static String oneDecimal(double value) {
    return plain(Math.round(value * 10) / 10.0);
  }

  private static List<String> fromHistory(MetricsAggregate history, ThresholdConfig config) {
    List<String> advice = new ArrayList<>();
    Map<String, LatencySummary> components =
        history.components() == null ? Map.of() : history.components();
    if (p95(components.get(ThresholdChecker.TOTAL_STORED_COMPONENT)) > config.totalMs()) {
      advice.add(
          "Stored history: total execution time p95 exceeds "
              + seconds(config.totalMs())
              + " threshold across instances");
    }
    if (p95(components.get(Operations.FULL_PATTERN_ANALYSIS)) > config.patternAnalysisMs()) {
      advice.add(
          "Stored history: pattern analysis p95 exceeds "
              + seconds(config.patternAnalysisMs())
              + " threshold across instances");
    }
    if (history.invocations() > 0
        && 100.0 * (1.0 - history.errorRate()) < config.successRatePercent()) {
      advice.add(
          "Stored history: success rate is below "
              + percent(config.successRatePercent())
              + " across instances - investigate failing invocations");
    }
    return advice;
  }

  private static double p95(OperationStats stats) {
    return stats == null || stats.successfulCalls() == 0 ? 0.0 : stats.p95DurationMs();
  }

  private static double p95(LatencySummary summary) {
    return summary == null || summary.count() == 0 ? 0.0 : summary.p95Ms();
  }

  /** 2000 ms → "2-second", 1500 ms → "1.5-second", as in the original texts. */
  private static String seconds(double millis) {
    return plain(millis / 1000.0) + "-second";
  }

  private static String percent(double value) {
    return plain(value) + "%";
  }

  private static String plain(double value) {
    return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
