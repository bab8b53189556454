package org.dsm.orchestrator.functions.api;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dsm.orchestrator.core.json.Json;

/** Status, our own headers only, and a JSON body; the same on every platform. */
public record ApiResponse(int status, Map<String, String> headers, String body) {
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String JSON = "application/json";

  public ApiResponse {
    headers = Map.copyOf(headers);
  }

  public static ApiResponse json(int status, Object value) {
    return new ApiResponse(status, Map.of(CONTENT_TYPE, JSON), Json.write(value));
  }

  /** A whole page, e.g. the history view, with the policy that confines it. */
  public static ApiResponse html(int status, HtmlPage page) {
    return new ApiResponse(
        status,
        Map.of(
            CONTENT_TYPE,
            "text/html; charset=utf-8",
            "Content-Security-Policy",
            page.contentSecurityPolicy(),
            "X-Content-Type-Options",
            "nosniff"),
        page.html());
  }

  public static ApiResponse error(int status, String detail) {
    return json(status, Map.of("detail", detail));
  }

  public ApiResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new ApiResponse(status, copy, body);
  }
}
