package org.dsm.orchestrator.core.regression;

/**
 * One component's metric that got worse than its baseline by more than the margins. {@code metric}
 * is {@code p95_ms}, {@code error_rate} or {@code cold_start_rate} (rates as fractions; {@code
 * relativeChange} is null when the baseline was 0); {@code role} is {@code cause} (no regressed
 * component inside it) or {@code explained} (a component it contains regressed: {@code explainedBy}
 * names the deepest one).
 */
public record Regression(
    String component,
    String metric,
    double baseline,
    double current,
    double change,
    Double relativeChange,
    long baselineSamples,
    long currentSamples,
    String role,
    String explainedBy) {
  public static final String P95 = "p95_ms";
  public static final String ERROR_RATE = "error_rate";
  public static final String COLD_START_RATE = "cold_start_rate";
  public static final String CAUSE = "cause";
  public static final String EXPLAINED = "explained";

  /** The rates are judged for the invocation as a whole, under this component name. */
  public static final String INVOCATION = "invocation";

  public boolean isCause() {
    return CAUSE.equals(role);
  }
}
