package org.dsm.orchestrator.functions.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.dsm.orchestrator.core.json.Json;
import tools.jackson.databind.JsonNode;

/**
 * What every answer of the edge must satisfy, whatever the input: no 5xx, a JSON object body,
 * {@code detail} on every 4xx, and nothing of our internals (class or package names, stack frames)
 * unless the caller sent it.
 */
final class ResponseInvariants {
  /** Markers of a leaked exception; checked case-sensitively against the body. */
  static final List<String> LEAK_MARKERS =
      List.of(
          "org.dsm",
          "java.",
          "javax.",
          "jakarta.",
          "com.fasterxml",
          "tools.jackson",
          "springframework",
          "Exception",
          "Throwable",
          "Caused by",
          "Tomcat");

  private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$]+(\\.[\\w$]+)+\\(");

  private ResponseInvariants() {}

  /**
   * @param echo everything the caller sent (path, headers, body) as text: a marker the caller sent
   *     may be quoted back in a validation message, which is not a leak
   */
  static JsonNode check(String method, int status, String body, String echo) {
    if (method.equalsIgnoreCase("HEAD")) { // the GET's status and headers, never a body
      assertThat(status).as("status for %s", abbreviate(echo)).isBetween(200, 499);
      assertThat(body).as("body of a HEAD answer").isEmpty();
      return null;
    }
    return check(status, body, echo);
  }

  static JsonNode check(int status, String body, String echo) {
    assertThat(status).as("status for %s", abbreviate(echo)).isBetween(200, 499);
    JsonNode json;
    try {
      json = Json.mapper().readTree(body);
    } catch (Exception e) {
      throw new AssertionError("body is not JSON (status " + status + "): " + abbreviate(body), e);
    }
    assertThat(json).as("body of a %s", status).isNotNull();
    assertThat(json.isObject()).as("body is a JSON object: %s", abbreviate(body)).isTrue();
    if (status >= 400) {
      assertThat(json.path("detail").isTextual())
          .as("4xx has detail: %s", abbreviate(body))
          .isTrue();
      assertThat(json.path("detail").asText()).isNotBlank();
    }
    for (String marker : LEAK_MARKERS) {
      if (!echo.contains(marker)
          && !echo.toLowerCase(Locale.ROOT).contains(marker.toLowerCase(Locale.ROOT))) {
        assertThat(body).as("no internals in a %s answer", status).doesNotContain(marker);
      }
    }
    assertThat(STACK_FRAME.matcher(body).find())
        .as("stack frame in %s", abbreviate(body))
        .isFalse();
    return json;
  }

  static String abbreviate(String text) {
    return text == null || text.length() <= 300
        ? String.valueOf(text)
        : text.substring(0, 300) + "...";
  }
}
