package org.dsm.orchestrator.functions.ric;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsm.orchestrator.core.json.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * What the runtime posted for one invocation: a response (the handler's output, for our functions
 * an API Gateway HTTP response) or a function error ({@code error} true, {@code errorType} from the
 * Lambda-Runtime-Function-Error-Type header). Times are nanoTime stamps taken by the emulator.
 */
public record Outcome(
    String requestId,
    boolean error,
    String payload,
    String errorType,
    long deliveredNanos,
    long answeredNanos) {

  /** Event handed out → answer received, as the Lambda service sees the invocation. */
  public double roundTripMs() {
    return (answeredNanos - deliveredNanos) / 1e6;
  }

  public JsonNode payloadJson() {
    try {
      return Json.mapper().readTree(payload);
    } catch (JacksonException e) {
      throw new IllegalStateException("not JSON: " + payload, e);
    }
  }

  /** The API Gateway response's statusCode; -1 for a function error or another shape. */
  public int statusCode() {
    if (error) {
      return -1;
    }
    JsonNode status = payloadJson().path("statusCode");
    return status.isInt() ? status.intValue() : -1;
  }

  /** The API Gateway response's body, base64-decoded when flagged. */
  public String body() {
    JsonNode root = payloadJson();
    String body = root.path("body").asText("");
    return root.path("isBase64Encoded").asBoolean(false)
        ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8)
        : body;
  }

  public JsonNode bodyJson() {
    try {
      return Json.mapper().readTree(body());
    } catch (JacksonException e) {
      throw new IllegalStateException("body is not JSON: " + body(), e);
    }
  }

  public Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    payloadJson()
        .path("headers")
        .properties()
        .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    return headers;
  }

  /** One line for reports: status (or the error type) and the round trip. */
  public String summary() {
    return (error ? "function error " + errorType : "status " + statusCode())
        + String.format(" in %.1f ms", roundTripMs());
  }
}
