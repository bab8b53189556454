package org.dsm.orchestrator.functions.api;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request, platform-neutral: built from an API Gateway event on Lambda and from the
 * servlet request over HTTP. Header names are case-insensitive. {@code base64Encoded} means {@code
 * body} holds base64 text (API Gateway).
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> query,
    Map<String, String> headers,
    byte[] body,
    boolean base64Encoded) {

  public ApiRequest {
    method = method == null ? "" : method.toUpperCase(Locale.ROOT);
    path = path == null || path.isEmpty() ? "/" : path;
    query = query == null ? Map.of() : Map.copyOf(query);
    TreeMap<String, String> ci = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (headers != null) {
      headers.forEach(
          (k, v) -> {
            if (k != null && v != null) {
              ci.put(k, v);
            }
          });
    }
    headers = ci;
    body = body == null ? new byte[0] : body;
  }

  public String header(String name) {
    return headers.get(name);
  }
}
