package org.dsm.orchestrator.functions.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.lambda.LambdaHandler;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The "real response" examples of README.md and functions/API.md against the responses the app
 * gives to the same requests: every field an example shows must exist in the real response at the
 * same place with the same JSON type (a documented null must be null), booleans must be equal, and
 * strings too unless abridged ("...") or per invocation (ids). {@code "..."} keys and array
 * elements stand for what the example leaves out. Timing values are numbers in both; their values
 * are not compared. Its own context (the property below), so the README's dry run is the first call
 * on TEST-001 and API.md's acting run the next, as the documents say.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "doc.examples.context=own")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocExamplesTest {
  private static final Path README = Path.of("..", "README.md");
  private static final Path API = Path.of("API.md");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  /**
   * Differ per invocation or with the JVM's first call (the cold flag is the process's, shared by
   * every test context): not compared.
   */
  private static final Set<String> PER_INVOCATION =
      Set.of("invocation_id", "cold_start", "init_duration_ms");

  @LocalServerPort int port;

  @Test
  @Order(1)
  void theReadmeDryRunIsWhatTheAppAnswers() throws Exception {
    JsonNode documented = jsonBlocks(README).get(0);
    JsonNode real = post("{\"options\":{\"dry_run\":true}}");
    assertMatches(documented, real);
  }

  @Test
  @Order(2)
  void theApiOrchestrateExampleIsWhatTheAppAnswers() throws Exception {
    JsonNode documented = jsonBlocks(API).get(1); // after the request body
    JsonNode real = post("{\"options\": {\"enable_pattern_recognition\": true}}");
    assertMatches(documented, real);
  }

  @Test
  @Order(3)
  void theApiLambdaEnvelopeAndReportAreWhatTheHandlerWrites() throws Exception {
    List<JsonNode> blocks = jsonBlocks(API);
    JsonNode envelope = blocks.get(2);
    JsonNode report = blocks.get(3);
    System.setProperty("MAIN_CLASS", FunctionsApplication.class.getName());
    LambdaHandler handler = new LambdaHandler("performanceMetrics");
    byte[] event = Files.readAllBytes(ApiCase.EVENTS.resolve("metrics-happy-path.json"));
    handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(new ByteArrayInputStream(event), out, null); // the second invocation
    JsonNode real = Json.mapper().readTree(out.toByteArray());
    keep("api-metrics-lambda.json", out.toByteArray());
    // the envelope's fields exactly: API Gateway reads these and nothing else
    List<String> documentedFields = new ArrayList<>();
    envelope.propertyNames().forEach(documentedFields::add);
    List<String> realFields = new ArrayList<>();
    real.propertyNames().forEach(realFields::add);
    assertThat(documentedFields)
        .as("API.md's envelope")
        .containsExactlyInAnyOrderElementsOf(realFields);
    assertThat(envelope.path("headers")).isEqualTo(real.path("headers"));
    assertMatches(report, Json.mapper().readTree(real.path("body").asText()));
  }

  private JsonNode post(String body) throws Exception {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/orchestrate/project/TEST-001"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    keep("orchestrate-" + body.hashCode() + ".json", response.body().getBytes());
    return Json.mapper().readTree(response.body());
  }

  /** The real responses, kept for whoever refreshes the examples. */
  private static void keep(String name, byte[] response) throws java.io.IOException {
    Path dir = Files.createDirectories(Path.of("target", "doc-examples"));
    Files.write(dir.resolve(name), response);
  }

  /** The ```json blocks of a document, in order. */
  static List<JsonNode> jsonBlocks(Path document) throws Exception {
    Matcher block =
        Pattern.compile("```json\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(document));
    List<JsonNode> blocks = new ArrayList<>();
    while (block.find()) {
      blocks.add(Json.mapper().readTree(block.group(1)));
    }
    return blocks;
  }

  static void assertMatches(JsonNode documented, JsonNode real) {
    List<String> wrong = new ArrayList<>();
    compare("", documented, real, wrong);
    assertThat(wrong).as("documented fields the real response contradicts").isEmpty();
  }

  private static void compare(String at, JsonNode doc, JsonNode real, List<String> wrong) {
    if (doc.isString() && doc.stringValue().equals("...")) {
      return;
    }
    if (real == null || real.isMissingNode()) {
      wrong.add(at + ": documented, absent from the real response");
      return;
    }
    if (PER_INVOCATION.contains(at.substring(at.lastIndexOf('/') + 1))) {
      return;
    }
    if (doc.getNodeType() != real.getNodeType()) {
      wrong.add(at + ": documented " + doc + ", real " + abbreviate(real));
      return;
    }
    if (doc.isObject()) {
      for (var field : doc.properties()) {
        if (!field.getKey().equals("...")) {
          compare(at + "/" + field.getKey(), field.getValue(), real.get(field.getKey()), wrong);
        }
      }
    } else if (doc.isArray()) {
      for (int i = 0; i < doc.size(); i++) {
        compare(at + "/" + i, doc.get(i), real.get(i), wrong);
      }
    } else if ((doc.isBoolean() || doc.isString())
        && !doc.asString().contains("...")
        && !doc.equals(real)) {
      wrong.add(at + ": documented " + doc + ", real " + abbreviate(real));
    }
  }

  private static String abbreviate(JsonNode node) {
    String text = node.toString();
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
