package org.dsm.orchestrator.core.regression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The recommendation lines for a regression check: one per cause, naming what it explains. */
public final class RegressionAdvice {
  private RegressionAdvice() {}

  /**
   * @param against what the baseline was, for the text ("the previous 1h", "benchmark run …")
   */
  public static List<String> of(RegressionReport report, String against) {
    List<String> advice = new ArrayList<>();
    for (Regression cause : report.causeRegressions()) {
      List<String> explained =
          report.regressions().stream()
              .filter(r -> cause.component().equals(r.explainedBy()))
              .map(Regression::component)
              .toList();
      advice.add(
          "Regression: "
              + cause.component()
              + " "
              + describe(cause)
              + " against "
              + against
              + (explained.isEmpty() ? "" : "; it explains " + String.join(", ", explained))
              + " - investigate "
              + cause.component()
              + " first");
    }
    return advice;
  }

  static String describe(Regression r) {
    String relative =
        r.relativeChange() == null
            ? ""
            : String.format(Locale.ROOT, " (+%.0f%%)", 100 * r.relativeChange());
    return switch (r.metric()) {
      case Regression.P95 ->
          String.format(Locale.ROOT, "p95 %.3f ms -> %.3f ms", r.baseline(), r.current())
              + relative;
      case Regression.ERROR_RATE ->
          String.format(
                  Locale.ROOT, "error rate %.1f%% -> %.1f%%", 100 * r.baseline(), 100 * r.current())
              + relative;
      default ->
          String.format(
                  Locale.ROOT,
                  "cold-start rate %.1f%% -> %.1f%%",
                  100 * r.baseline(),
                  100 * r.current())
              + relative;
    };
  }
}
