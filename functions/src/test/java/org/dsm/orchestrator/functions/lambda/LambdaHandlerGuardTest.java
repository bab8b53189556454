package org.dsm.orchestrator.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.dsm.orchestrator.core.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Array bodies must reach our API as one request, whatever the event's isBase64Encoded flag looks
 * like.
 */
class LambdaHandlerGuardTest {

  private static JsonNode guarded(String isBase64Encoded) throws Exception {
    String event =
        "{\"version\":\"2.0\",\"requestContext\":{\"http\":{\"method\":\"POST\"}},"
            + "\"body\":\"[1, 2]\",\"isBase64Encoded\":"
            + isBase64Encoded
            + "}";
    return Json.mapper()
        .readTree(LambdaHandler.guard(event.getBytes(StandardCharsets.UTF_8)).readAllBytes());
  }

  @Test
  void aPlainArrayBodyIsWrappedAsBase64() throws Exception {
    JsonNode event = guarded("false");
    assertThat(event.path("isBase64Encoded").booleanValue()).isTrue();
    assertThat(
            new String(
                Base64.getDecoder().decode(event.path("body").asText()), StandardCharsets.UTF_8))
        .isEqualTo("[1, 2]");
  }

  @Test
  void aStringFlagDoesNotLetTheArrayThrough() throws Exception {
    JsonNode event = guarded("\"true\"");
    assertThat(event.path("isBase64Encoded").isBoolean()).isTrue();
    assertThat(
            new String(
                Base64.getDecoder().decode(event.path("body").asText()), StandardCharsets.UTF_8))
        .isEqualTo("[1, 2]");
  }
}
