package org.dsm.orchestrator.core.regression;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.metrics.BucketAccumulator;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.pattern.PatternEngine;

/**
 * Which timed components run inside which in an orchestration, so a slower child is known to slow
 * its ancestors: "total" (the stored invocation duration) ⊇ {@code request_to_response} (the
 * platform handler's total, where a use case ran) ⊇ {@code total_orchestration} (or {@code
 * performance_report}) ⊇ the data fetches, the decision, {@code full_pattern_analysis} (⊇
 * similarity, velocity, success detection), the data-quality check, the actions and the decision
 * record. {@code metrics_store_write} runs after the total and has no parent.
 */
public final class ComponentHierarchy {
  private static final Map<String, String> PARENT =
      Map.ofEntries(
          Map.entry(Operations.REQUEST_TO_RESPONSE, BucketAccumulator.TOTAL),
          Map.entry(Operations.TOTAL_ORCHESTRATION, Operations.REQUEST_TO_RESPONSE),
          Map.entry(Operations.PERFORMANCE_REPORT, Operations.REQUEST_TO_RESPONSE),
          Map.entry(Operations.PROJECT_STATE_FETCH, Operations.TOTAL_ORCHESTRATION),
          Map.entry(Operations.CHRONICLE_FETCH, Operations.TOTAL_ORCHESTRATION),
          Map.entry(Operations.RULE_DECISION, Operations.TOTAL_ORCHESTRATION),
          Map.entry(PatternEngine.PATTERN_CACHE_LOOKUP, Operations.TOTAL_ORCHESTRATION),
          Map.entry(Operations.FULL_PATTERN_ANALYSIS, Operations.TOTAL_ORCHESTRATION),
          Map.entry(Operations.DATA_QUALITY_CHECK, Operations.TOTAL_ORCHESTRATION),
          Map.entry(Operations.ACTIONS, Operations.TOTAL_ORCHESTRATION),
          Map.entry(Operations.DECISION_RECORD, Operations.TOTAL_ORCHESTRATION),
          Map.entry(Operations.SIMILARITY_ANALYSIS, Operations.FULL_PATTERN_ANALYSIS),
          Map.entry(Operations.VELOCITY_ANALYSIS, Operations.FULL_PATTERN_ANALYSIS),
          Map.entry(Operations.SUCCESS_PATTERN_DETECTION, Operations.FULL_PATTERN_ANALYSIS));

  private ComponentHierarchy() {}

  /** The enclosing component, or null for a root or an unknown name. */
  public static String parent(String component) {
    return PARENT.get(component);
  }

  /** Parent first, then its parent, up to the root. */
  public static List<String> ancestors(String component) {
    List<String> chain = new ArrayList<>();
    for (String p = parent(component); p != null; p = parent(p)) {
      chain.add(p);
    }
    return chain;
  }

  /** 0 for a root. */
  public static int depth(String component) {
    return ancestors(component).size();
  }
}
