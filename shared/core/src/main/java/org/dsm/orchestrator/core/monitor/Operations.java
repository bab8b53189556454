package org.dsm.orchestrator.core.monitor;

/** The names of timed operations; they appear as keys in API responses and in stored metrics. */
public final class Operations {
  private Operations() {}

  /**
   * The whole invocation: validation, data fetches, decision, pattern analysis, actions, response
   * assembly.
   */
  public static final String TOTAL_ORCHESTRATION = "total_orchestration";

  /**
   * Reading project, team, availability, backlog and sprints (parallel HTTP calls in http mode).
   */
  public static final String PROJECT_STATE_FETCH = "project_state_fetch";

  /** Reading Chronicle analytics: patterns, velocity, impediments, historical projects. */
  public static final String CHRONICLE_FETCH = "chronicle_fetch";

  public static final String RULE_DECISION = "rule_decision";
  public static final String FULL_PATTERN_ANALYSIS = "full_pattern_analysis";
  public static final String SIMILARITY_ANALYSIS = "similarity_analysis";
  public static final String VELOCITY_ANALYSIS = "velocity_analysis";
  public static final String SUCCESS_PATTERN_DETECTION = "success_pattern_detection";
  public static final String DATA_QUALITY_CHECK = "data_quality_check";
  public static final String ACTIONS = "actions";

  /** Writing the decision record of an orchestration that acted (Chronicle, event stream). */
  public static final String DECISION_RECORD = "decision_record";

  /**
   * Writing this invocation's record to the metrics store (Lambda: synchronous, before returning).
   */
  public static final String METRICS_STORE_WRITE = "metrics_store_write";

  /**
   * The invocation as the platform sees it: from Tomcat's first byte of the request (HTTP) or the
   * handler's receipt of the event from the Lambda runtime, to the response serialised. Measured by
   * the platform's handler, not by the use case, so it holds what the use case's own total does
   * not: request parsing, filters, idempotency, response serialisation, and the wait for a
   * throttled CPU between them. Recorded only where a use case ran (not on rejected requests or
   * idempotent replays).
   */
  public static final String REQUEST_TO_RESPONSE = "request_to_response";

  /** The performance report's own fresh, side-effect-free analysis. */
  public static final String PERFORMANCE_REPORT = "performance_report";
}
