package org.dsm.orchestrator.core.invocation;

/** The two functions' names, as their records, metrics and logs carry them. */
public final class FunctionNames {
  public static final String ORCHESTRATE = "orchestrate";
  public static final String PERFORMANCE_METRICS = "performanceMetrics";

  /**
   * Not a deployed function: the name the scheduled benchmark's dry-run orchestrations are recorded
   * under, so every store, EMF series and counter keeps them apart from a project's real ones.
   */
  public static final String ORCHESTRATE_BENCHMARK = "orchestrateBenchmark";

  private FunctionNames() {}
}
