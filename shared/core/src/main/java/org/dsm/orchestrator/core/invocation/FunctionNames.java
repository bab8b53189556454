package org.dsm.orchestrator.core.invocation;

/** The two functions' names, as their records, metrics and logs carry them. */
public final class FunctionNames {
  public static final String ORCHESTRATE = "orchestrate";
  public static final String PERFORMANCE_METRICS = "performanceMetrics";

  private FunctionNames() {}
}
