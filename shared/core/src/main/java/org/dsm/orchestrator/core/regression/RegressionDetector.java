package org.dsm.orchestrator.core.regression;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsAggregate.LatencySummary;

/**
 * Compares a current aggregate with a baseline: each component's p95, and the invocations' error
 * and cold-start rates. A regressed component that contains another regressed component (see {@link
 * ComponentHierarchy}) is marked as explained by the deepest such component, which is named as the
 * cause: a slower similarity analysis makes the pattern analysis and the whole orchestration slower
 * too, and only the first is worth an operator's attention.
 */
public final class RegressionDetector {
  private final RegressionConfig config;

  public RegressionDetector(RegressionConfig config) {
    this.config = config;
  }

  public RegressionConfig config() {
    return config;
  }

  public RegressionReport compare(
      MetricsAggregate baseline,
      MetricsAggregate current,
      String baselineKind,
      String baselineId,
      Instant baselineFrom,
      Instant baselineTo) {
    if (baseline == null || baseline.invocations() == 0) {
      return RegressionReport.noBaseline(
          baselineKind, baselineFrom, baselineTo, config, "no invocations stored in the baseline");
    }
    Map<String, Regression> found = new LinkedHashMap<>();
    List<String> notJudged = new ArrayList<>();
    Map<String, LatencySummary> before = components(baseline);
    for (Map.Entry<String, LatencySummary> entry : components(current).entrySet()) {
      String name = entry.getKey();
      LatencySummary now = entry.getValue();
      LatencySummary then = before.get(name);
      if (then == null || then.count() < config.minSamples() || now.count() < config.minSamples()) {
        notJudged.add(name);
        continue;
      }
      if (config.exceeds(then.p95Ms(), now.p95Ms(), config.absoluteMs())) {
        found.put(
            name,
            regression(name, Regression.P95, then.p95Ms(), now.p95Ms(), then.count(), now.count()));
      }
    }
    boolean ratesJudged =
        baseline.invocations() >= config.minSamples()
            && current.invocations() >= config.minSamples();
    if (!ratesJudged) {
      notJudged.add(Regression.INVOCATION);
    }
    if (ratesJudged) {
      rate(
          found,
          Regression.ERROR_RATE,
          baseline.errorRate(),
          current.errorRate(),
          baseline,
          current);
      rate(
          found,
          Regression.COLD_START_RATE,
          baseline.coldStartRate(),
          current.coldStartRate(),
          baseline,
          current);
    }
    if (!ratesJudged && notJudged.size() == components(current).size() + 1) {
      // "ok" would say nothing got worse; with too few samples on either side nothing was judged
      return new RegressionReport(
          baselineKind,
          baselineId,
          baselineFrom,
          baselineTo,
          RegressionReport.NO_BASELINE,
          List.of(),
          List.of(),
          notJudged,
          config,
          "too few samples to judge: fewer than "
              + config.minSamples()
              + " of each component and invocation on either side ("
              + baseline.invocations()
              + " invocations before, "
              + current.invocations()
              + " now)");
    }
    List<Regression> judged = attribute(found);
    List<String> causes =
        judged.stream().filter(Regression::isCause).map(Regression::component).distinct().toList();
    return new RegressionReport(
        baselineKind,
        baselineId,
        baselineFrom,
        baselineTo,
        causes.isEmpty() ? RegressionReport.OK : RegressionReport.REGRESSED,
        causes,
        judged,
        notJudged,
        config,
        null);
  }

  private void rate(
      Map<String, Regression> found,
      String metric,
      double before,
      double now,
      MetricsAggregate baseline,
      MetricsAggregate current) {
    if (config.exceeds(before, now, config.absoluteRate())) {
      found.put(
          Regression.INVOCATION + "/" + metric,
          regression(
              Regression.INVOCATION,
              metric,
              before,
              now,
              baseline.invocations(),
              current.invocations()));
    }
  }

  /** Latency regressions become causes or explained by the deepest regressed descendant. */
  private static List<Regression> attribute(Map<String, Regression> found) {
    List<Regression> result = new ArrayList<>();
    for (Regression r : found.values()) {
      if (!r.metric().equals(Regression.P95)) {
        result.add(r);
        continue;
      }
      Regression deepest =
          found.values().stream()
              .filter(d -> d.metric().equals(Regression.P95))
              .filter(d -> ComponentHierarchy.ancestors(d.component()).contains(r.component()))
              .max(
                  Comparator.<Regression>comparingInt(d -> ComponentHierarchy.depth(d.component()))
                      .thenComparingDouble(Regression::change))
              .orElse(null);
      result.add(
          deepest == null
              ? r
              : new Regression(
                  r.component(),
                  r.metric(),
                  r.baseline(),
                  r.current(),
                  r.change(),
                  r.relativeChange(),
                  r.baselineSamples(),
                  r.currentSamples(),
                  Regression.EXPLAINED,
                  deepest.component()));
    }
    // causes first, deepest first, so the first line an operator reads is the one to act on
    result.sort(
        Comparator.comparing((Regression r) -> !r.isCause())
            .thenComparing(
                r -> -ComponentHierarchy.depth(r.component()), Comparator.naturalOrder()));
    return result;
  }

  private static Regression regression(
      String component, String metric, double before, double now, long nBefore, long nNow) {
    double change = now - before;
    return new Regression(
        component,
        metric,
        round(before),
        round(now),
        round(change),
        before > 0 ? round(change / before) : null,
        nBefore,
        nNow,
        Regression.CAUSE,
        null);
  }

  private static Map<String, LatencySummary> components(MetricsAggregate aggregate) {
    return aggregate.components() == null ? Map.of() : aggregate.components();
  }

  private static double round(double value) {
    return Math.round(value * 10_000.0) / 10_000.0;
  }
}
