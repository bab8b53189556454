package org.dsm.orchestrator.core.idempotency;

import java.util.Map;
import java.util.Objects;

/**
 * The response of a first attempt, kept so that a retry with the same Idempotency-Key gets it back
 * unchanged.
 *
 * @param status the HTTP status sent
 * @param headers response headers worth replaying (e.g. Content-Type); never null
 * @param body the response body as sent (JSON text); never null
 */
public record StoredResponse(int status, Map<String, String> headers, String body) {
  public StoredResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be an HTTP status, was " + status);
    }
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    body = Objects.requireNonNullElse(body, "");
  }

  public StoredResponse(int status, String body) {
    this(status, Map.of(), body);
  }

  /**
   * 5xx answers are not kept: the failure may be temporary and the retry deserves a fresh attempt.
   */
  public boolean isServerError() {
    return status >= 500;
  }
}
