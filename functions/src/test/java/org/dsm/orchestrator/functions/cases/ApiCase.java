package org.dsm.orchestrator.functions.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.json.Json;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One row of api-cases.yaml, and the checks both runners apply to a response. {@code remainingMs}:
 * the time the invocation has (Lambda: the Context's remaining time; HTTP: REQUEST_TIMEOUT_SECONDS,
 * so a whole number of seconds), null for none.
 */
public record ApiCase(
    String event,
    String function,
    int status,
    List<String> keys,
    String detail,
    Map<String, String> headers,
    Map<String, Object> values,
    boolean misrouted,
    List<String> httpRepeated,
    Integer remainingMs,
    List<String> httpHeaders) {

  /** A row without headers sent repeated over HTTP. */
  public ApiCase(
      String event,
      String function,
      int status,
      List<String> keys,
      String detail,
      Map<String, String> headers,
      Map<String, Object> values,
      boolean misrouted) {
    this(
        event, function, status, keys, detail, headers, values, misrouted, List.of(), null,
        List.of());
  }

  /** A row without the routing flag (the request belongs to {@code function}). */
  public ApiCase(
      String event,
      String function,
      int status,
      List<String> keys,
      String detail,
      Map<String, String> headers,
      Map<String, Object> values) {
    this(event, function, status, keys, detail, headers, values, false, List.of(), null, List.of());
  }

  public static final Path EVENTS = Path.of("..", "events");

  /**
   * The path a client's URL held for an event's rawPath: an HTTP API delivers rawPath
   * percent-decoded, so the request the HTTP runners send carries it encoded again (every byte but
   * an unreserved character and '/').
   */
  public static String clientPath(JsonNode event) {
    String rawPath = event.path("rawPath").asText();
    JsonNode id = event.path("pathParameters").path("project_id");
    if (id.isTextual() && id.asText().contains("/") && rawPath.endsWith("/" + id.asText())) {
      // a route's {project_id} is one segment of the client's path: its '/' was sent as %2F
      return clientPath(rawPath.substring(0, rawPath.length() - id.asText().length()))
          + clientPath(id.asText()).replace("/", "%2F");
    }
    return clientPath(rawPath);
  }

  /** {@link #clientPath(JsonNode)} of a path without an encoded '/'. */
  public static String clientPath(String rawPath) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : rawPath.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (Character.isLetterOrDigit(c) && c < 0x80 || "-_.~/".indexOf(c) >= 0) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(String.format("%02X", c));
      }
    }
    return encoded.toString();
  }

  /** Events the deployed HTTP API never forwards (no route): wrong method, unknown path, health. */
  public static final Path UNROUTED_EVENTS = Path.of("src", "test", "resources", "unrouted-events");

  @SuppressWarnings("unchecked")
  public static List<ApiCase> all() {
    try (InputStream in = ApiCase.class.getResourceAsStream("/api-cases.yaml")) {
      Map<String, Object> root = new Yaml().load(in);
      List<ApiCase> cases = new ArrayList<>();
      for (Map<String, Object> row : (List<Map<String, Object>>) root.get("cases")) {
        cases.add(
            new ApiCase(
                (String) row.get("event"),
                (String) row.get("function"),
                (Integer) row.get("status"),
                (List<String>) row.getOrDefault("keys", List.of()),
                (String) row.get("detail"),
                (Map<String, String>) row.getOrDefault("headers", Map.of()),
                (Map<String, Object>) row.getOrDefault("values", Map.of()),
                Boolean.TRUE.equals(row.get("misrouted")),
                (List<String>) row.getOrDefault("http_repeated", List.of()),
                (Integer) row.get("remaining_ms"),
                (List<String>) row.getOrDefault("http_headers", List.of())));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] eventBytes() {
    try {
      Path file = EVENTS.resolve(event);
      return Files.readAllBytes(Files.exists(file) ? file : UNROUTED_EVENTS.resolve(event));
    } catch (IOException e) {
      throw new UncheckedIOException("events/" + event + " is missing", e);
    }
  }

  public JsonNode eventJson() {
    return Json.mapper().readTree(eventBytes());
  }

  /**
   * The same checks on both platforms: status, JSON body shape, our headers only, nothing internal
   * leaked.
   */
  public void verify(int actualStatus, Map<String, String> responseHeaders, String body) {
    assertThat(actualStatus).as("status of %s (body %s)", event, body).isEqualTo(status);
    assertThat(lower(responseHeaders))
        .as("headers of %s", event)
        .doesNotContainKeys("id", "timestamp", "contenttype", "statuscode", "user-agent");
    if (lower(headers).get("content-type") == null) {
      assertThat(lower(responseHeaders)).containsEntry("content-type", "application/json");
    }
    // Tomcat writes "text/html; charset=utf-8" as "text/html;charset=utf-8": the same media type
    headers.forEach(
        (name, value) ->
            assertThat(lower(responseHeaders).get(name.toLowerCase()))
                .as("header %s of %s", name, event)
                .isNotNull()
                .satisfies(
                    actual ->
                        assertThat(actual.replace("; ", ";")).isEqualTo(value.replace("; ", ";"))));
    if (isHead()) { // the GET's status and headers, no body
      assertThat(body).as("body of %s", event).isEmpty();
      return;
    }
    if (lower(headers).getOrDefault("content-type", "").startsWith("text/html")) {
      // the history page: one whole HTML document, nothing internal in it
      assertThat(body).as("body of %s", event).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
      assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
      return;
    }
    JsonNode json;
    try {
      json = Json.mapper().readTree(body);
    } catch (JacksonException e) {
      throw new AssertionError(event + ": body is not JSON: " + body, e);
    }
    assertThat(json.isObject()).as("body of %s is an object", event).isTrue();
    for (String key : keys) {
      assertThat(json.has(key)).as("%s has key %s: %s", event, key, body).isTrue();
    }
    values.forEach(
        (pointer, expected) ->
            assertThat(json.at(pointer))
                .as("%s at %s: %s", event, pointer, body)
                .isEqualTo(Json.mapper().valueToTree(expected)));
    if (status >= 400) {
      assertThat(json.path("detail").isTextual()).as("%s has a detail: %s", event, body).isTrue();
      assertThat(body)
          .doesNotContain("Exception")
          .doesNotContain("\tat ")
          .doesNotContain("org.dsm")
          .doesNotContain("java.");
    }
    if (detail != null) {
      assertThat(json.path("detail").asText())
          .as("detail of %s", event)
          .containsIgnoringCase(detail);
    }
  }

  /** A HEAD request (answered as its GET, without a body). */
  public boolean isHead() {
    return eventJson().path("requestContext").path("http").path("method").asText().equals("HEAD");
  }

  private static Map<String, String> lower(Map<String, String> headers) {
    Map<String, String> out = new java.util.HashMap<>();
    headers.forEach((k, v) -> out.put(k.toLowerCase(), v));
    return out;
  }

  @Override
  public String toString() {
    return event + " → " + function;
  }
}
