package org.dsm.orchestrator.functions.api;

import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request, platform-neutral: built from an API Gateway event on Lambda and from the
 * servlet request over HTTP. Header names are case-insensitive. {@code base64Encoded} means {@code
 * body} holds base64 text (API Gateway). {@code principal} is the caller the platform authenticated
 * (API Gateway's IAM or JWT authorizer, or the app's JWT check over HTTP), null when none did; it
 * never comes from a header the caller could set. {@code method} is kept as sent: upper-casing it
 * here served a Lambda event's {@code post} as a POST.
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> query,
    Map<String, String> headers,
    byte[] body,
    boolean base64Encoded,
    String principal) {

  /** A request without an authenticated caller. */
  public ApiRequest(
      String method,
      String path,
      Map<String, String> query,
      Map<String, String> headers,
      byte[] body,
      boolean base64Encoded) {
    this(method, path, query, headers, body, base64Encoded, null);
  }

  public ApiRequest {
    // as sent: a method is case-sensitive (RFC 9110 9.1), so "post" is no POST (a 405, as over
    // HTTP)
    method = method == null ? "" : method;
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
    principal = principal == null || principal.isBlank() ? null : principal;
  }

  public String header(String name) {
    return headers.get(name);
  }
}
