package org.dsm.orchestrator.functions.api;

import java.util.Map;

/**
 * A request rejected at the edge (404 route, 405 method, 413 size, 400 body). {@code detail} is
 * shown to the caller.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient Map<String, String> headers;

  public ApiException(int status, String detail) {
    this(status, detail, Map.of());
  }

  public ApiException(int status, String detail, Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public Map<String, String> headers() {
    return headers;
  }
}
