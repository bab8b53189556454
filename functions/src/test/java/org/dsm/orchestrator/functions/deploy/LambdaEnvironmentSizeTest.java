package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each function's environment fits Lambda's limit: all variables together, names and values, at
 * most 4 KB, or the deployment is refused. Values the template does not fix (a parameter left empty
 * by default, a resource's name or ARN, a condition) are counted at {@link #UNKNOWN_VALUE}
 * characters each, the size of a long URL or ARN.
 */
class LambdaEnvironmentSizeTest {
  static final int LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;
  static final int UNKNOWN_VALUE = 128;

  private final JsonNode template = DeployFiles.templateJson();

  @Test
  void everyFunctionsEnvironmentFitsLambdasLimit() {
    JsonNode globals = template.path("Globals").path("Function").path("Environment");
    int functions = 0;
    for (Map.Entry<String, JsonNode> resource : template.path("Resources").properties()) {
      if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
        continue;
      }
      functions++;
      Map<String, JsonNode> variables = new LinkedHashMap<>();
      globals.path("Variables").properties().forEach(e -> variables.put(e.getKey(), e.getValue()));
      resource
          .getValue()
          .path("Properties")
          .path("Environment")
          .path("Variables")
          .properties()
          .forEach(e -> variables.put(e.getKey(), e.getValue()));

      int bytes = 0;
      for (Map.Entry<String, JsonNode> variable : variables.entrySet()) {
        bytes += utf8(variable.getKey()) + valueBytes(variable.getValue());
      }
      System.out.printf(
          "%s: %d environment variables, at most %d bytes of Lambda's %d%n",
          resource.getKey(), variables.size(), bytes, LAMBDA_ENVIRONMENT_LIMIT_BYTES);
      assertThat(bytes)
          .as("%s's environment (names and values)", resource.getKey())
          .isLessThanOrEqualTo(LAMBDA_ENVIRONMENT_LIMIT_BYTES);
    }
    assertThat(functions).as("functions in the template").isPositive();
  }

  /** A literal's size; a parameter's default when it has a non-empty one; else the budget. */
  private int valueBytes(JsonNode value) {
    if (value.isValueNode()) {
      return utf8(value.asText());
    }
    JsonNode ref = value.path("Ref");
    if (ref.isTextual()) {
      String fallback = template.path("Parameters").path(ref.asText()).path("Default").asText("");
      if (!fallback.isEmpty()) {
        return utf8(fallback);
      }
    }
    return UNKNOWN_VALUE;
  }

  private static int utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
