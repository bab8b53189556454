package org.dsm.orchestrator.functions.api;

import java.util.Map;
import org.slf4j.MDC;

/**
 * The fields every log line of one invocation carries (through the MDC, which the structured JSON
 * formats write as top-level fields): {@code invocation_id} (the Lambda request id on Lambda),
 * {@code function}, {@code project_id} and {@code trace_id} where the caller sent one. Closed when
 * the invocation ends, so a pooled thread never carries them into the next one.
 */
public final class LogContext implements AutoCloseable {
  public static final String INVOCATION_ID = "invocation_id";
  public static final String FUNCTION = "function";
  public static final String PROJECT_ID = "project_id";
  public static final String TRACE_ID = "trace_id";
  private static final int MAX_VALUE = 128;

  private LogContext() {}

  /** Null or blank values are left out. */
  public static LogContext open(
      String invocationId, String function, String projectId, String traceId) {
    put(INVOCATION_ID, invocationId);
    put(FUNCTION, function);
    put(PROJECT_ID, projectId);
    put(TRACE_ID, traceId);
    return new LogContext();
  }

  /**
   * The trace id of the request: W3C {@code traceparent}'s trace-id, else the X-Ray {@code Root} of
   * {@code X-Amzn-Trace-Id} (API Gateway adds it), else the X-Ray header the Lambda runtime
   * publishes for the current invocation; null when there is none.
   */
  public static String traceId(Map<String, String> lowerCaseHeaders) {
    String traceparent = lowerCaseHeaders.get("traceparent");
    if (traceparent != null) {
      String[] parts = traceparent.trim().split("-");
      if (parts.length >= 3 && parts[1].matches("[0-9a-f]{32}")) {
        return parts[1];
      }
    }
    String xray = lowerCaseHeaders.get("x-amzn-trace-id");
    if (xray == null) {
      xray = System.getProperty("com.amazonaws.xray.traceHeader");
    }
    return xray == null ? null : xrayRoot(xray);
  }

  static String xrayRoot(String header) {
    for (String part : header.split(";")) {
      String p = part.trim();
      if (p.startsWith("Root=") && p.length() > 5) {
        return p.substring(5);
      }
    }
    return null;
  }

  private static void put(String key, String value) {
    if (value != null && !value.isBlank()) {
      MDC.put(key, value.length() <= MAX_VALUE ? value : value.substring(0, MAX_VALUE));
    }
  }

  @Override
  public void close() {
    MDC.remove(INVOCATION_ID);
    MDC.remove(FUNCTION);
    MDC.remove(PROJECT_ID);
    MDC.remove(TRACE_ID);
  }
}
