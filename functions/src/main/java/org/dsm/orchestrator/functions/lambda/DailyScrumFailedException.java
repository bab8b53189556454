package org.dsm.orchestrator.functions.lambda;

import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.api.ApiResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fails the Lambda invocation of a daily scrum that failed with a 5xx. EventBridge Scheduler
 * invokes the function asynchronously, and Lambda retries an asynchronous invocation only when the
 * function returns an error: an API-shaped {@code {"statusCode": 503}} would count as success and
 * the retry the released dedupe key waits for would never come. The message is the runtime's {@code
 * errorMessage}: a one-line JSON summary; no stack trace (nothing in our code is broken).
 */
final class DailyScrumFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_DETAIL = 300;

  DailyScrumFailedException(ApiResponse response) {
    super(summary(response), null, false, false);
  }

  /** Whether Lambda should deliver the event again: a 5xx (4xx: a retry cannot succeed). */
  static boolean retryable(ApiResponse response) {
    return response.status() >= 500;
  }

  private static String summary(ApiResponse response) {
    ObjectNode summary = Json.mapper().createObjectNode();
    summary.put("statusCode", response.status());
    String detail;
    try {
      detail = Json.mapper().readTree(response.body()).path("detail").asText("");
    } catch (JacksonException e) {
      detail = response.body();
    }
    summary.put(
        "detail", detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) + "..." : detail);
    summary.put("retry", "Lambda retries the asynchronous invocation");
    return summary.toString();
  }
}
