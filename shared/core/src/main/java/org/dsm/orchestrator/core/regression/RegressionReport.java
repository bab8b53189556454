package org.dsm.orchestrator.core.regression;

import java.time.Instant;
import java.util.List;

/**
 * The comparison of a current window (or benchmark run) with its baseline. {@code baseline} is
 * {@code previous_window} or {@code benchmark}; {@code baselineId} names the benchmark run compared
 * against. {@code status}: {@code regressed} (at least one cause), {@code ok}, or {@code
 * no_baseline} (nothing stored to compare with, too few samples on either side to judge anything,
 * or the store failed: {@code note} says which). {@code causes} lists the causes' components
 * (deepest regressed components); {@code notJudged} the components with fewer samples than required
 * on either side, and {@code invocation} when the error and cold-start rates were not judged.
 */
public record RegressionReport(
    String baseline,
    String baselineId,
    Instant baselineFrom,
    Instant baselineTo,
    String status,
    List<String> causes,
    List<Regression> regressions,
    List<String> notJudged,
    RegressionConfig margins,
    String note) {
  public static final String PREVIOUS_WINDOW = "previous_window";
  public static final String BENCHMARK = "benchmark";
  public static final String REGRESSED = "regressed";
  public static final String OK = "ok";
  public static final String NO_BASELINE = "no_baseline";

  public RegressionReport {
    causes = List.copyOf(causes);
    regressions = List.copyOf(regressions);
    notJudged = List.copyOf(notJudged);
  }

  public static RegressionReport noBaseline(
      String baseline, Instant from, Instant to, RegressionConfig margins, String note) {
    return new RegressionReport(
        baseline, null, from, to, NO_BASELINE, List.of(), List.of(), List.of(), margins, note);
  }

  public boolean regressed() {
    return REGRESSED.equals(status);
  }

  /** The regressions that are causes (not explained by a nested component). */
  public List<Regression> causeRegressions() {
    return regressions.stream().filter(Regression::isCause).toList();
  }
}
