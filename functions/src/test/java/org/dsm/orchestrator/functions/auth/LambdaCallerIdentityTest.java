package org.dsm.orchestrator.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dsm.orchestrator.functions.support.TestPostgres.PASSWORD;
import static org.dsm.orchestrator.functions.support.TestPostgres.URL;
import static org.dsm.orchestrator.functions.support.TestPostgres.USER;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.cases.ApiCase;
import org.dsm.orchestrator.functions.lambda.LambdaHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Lambda path with API Gateway's authorizer in front (API_AUTHORIZER=iam, as the template sets
 * it by default), through the real FunctionInvoker and the PostgreSQL store: an event without an
 * authenticated caller is refused with a JSON 401, an IAM-signed and a JWT caller's events run and
 * their principal ids land in the stored invocation rows, and one caller's Idempotency-Key never
 * replays another caller's answer.
 */
class LambdaCallerIdentityTest {
  private static final Map<String, String> SETTINGS =
      Map.of(
          "API_AUTHORIZER", "iam",
          "METRICS_STORE", "jdbc",
          "METRICS_JDBC_URL", URL,
          "METRICS_JDBC_USER", USER,
          "METRICS_JDBC_PASSWORD", PASSWORD);
  private static LambdaHandler orchestrate;
  private static LambdaHandler metrics;

  @BeforeAll
  static void start() {
    System.setProperty("MAIN_CLASS", FunctionsApplication.class.getName());
    SETTINGS.forEach(System::setProperty);
    try {
      orchestrate = new LambdaHandler("orchestrate");
      metrics = new LambdaHandler("performanceMetrics");
    } finally {
      SETTINGS.keySet().forEach(System::clearProperty);
    }
  }

  @AfterAll
  static void stop() {
    System.clearProperty("MAIN_CLASS");
  }

  @Test
  void anEventWithoutAnAuthenticatedCallerIsRefusedWithA401() throws Exception {
    JsonNode response = invoke(orchestrate, event("orchestrate-dry-run.json"), newRequestId());

    assertThat(response.path("statusCode").asInt()).isEqualTo(401);
    assertThat(response.path("headers").path("Content-Type").asText())
        .isEqualTo("application/json");
    assertThat(Json.mapper().readTree(response.path("body").asText()).path("detail").asText())
        .contains("SigV4");
  }

  @Test
  void anIamCallersArnIsRecordedWithItsInvocation() throws Exception {
    String requestId = newRequestId();
    JsonNode response = invoke(orchestrate, event("orchestrate-iam-caller.json"), requestId);

    assertThat(response.path("statusCode").asInt()).isEqualTo(200);
    assertThat(storedPrincipal("orchestrate", requestId))
        .isEqualTo("arn:aws:sts::123456789012:assumed-role/dsm-operator/alice");
  }

  @Test
  void aJwtCallersSubjectIsRecordedNotTheToken() throws Exception {
    String requestId = newRequestId();
    JsonNode response = invoke(metrics, event("metrics-jwt-caller.json"), requestId);

    assertThat(response.path("statusCode").asInt()).isEqualTo(200);
    assertThat(storedPrincipal("performanceMetrics", requestId))
        .isEqualTo("8f1c2d3e-4b5a-6978-8a9b-0c1d2e3f4a5b");
  }

  @Test
  void oneCallersIdempotencyKeyNeverReplaysAnothersAnswer() throws Exception {
    String key = "shared-" + UUID.randomUUID();
    ObjectNode alice = event("orchestrate-iam-caller.json");
    ((ObjectNode) alice.path("headers")).put("idempotency-key", key);
    ObjectNode bob = alice.deepCopy();
    ((ObjectNode) bob.path("requestContext").path("authorizer").path("iam"))
        .put("userArn", "arn:aws:iam::123456789012:user/bob");

    JsonNode first = invoke(orchestrate, alice, newRequestId());
    JsonNode aliceAgain = invoke(orchestrate, alice, newRequestId());
    String bobsRequest = newRequestId();
    JsonNode bobs = invoke(orchestrate, bob, bobsRequest);

    assertThat(first.path("statusCode").asInt()).isEqualTo(200);
    assertThat(first.path("headers").has("Idempotent-Replayed")).isFalse();
    assertThat(aliceAgain.path("headers").path("Idempotent-Replayed").asText()).isEqualTo("true");
    assertThat(aliceAgain.path("body").asText()).isEqualTo(first.path("body").asText());
    // bob's request with alice's key runs as his own: a fresh answer with his own invocation
    assertThat(bobs.path("statusCode").asInt()).isEqualTo(200);
    assertThat(bobs.path("headers").has("Idempotent-Replayed")).isFalse();
    assertThat(invocationId(bobs)).isEqualTo(bobsRequest).isNotEqualTo(invocationId(first));
    assertThat(storedPrincipal("orchestrate", bobsRequest))
        .isEqualTo("arn:aws:iam::123456789012:user/bob");
  }

  /**
   * SigV4 credentials from a Cognito identity pool: every user of the pool assumes the same role
   * with the same session name, so only {@code cognitoIdentity.identityId} tells them apart (the
   * shape API Gateway gives an HTTP API's IAM authorizer).
   */
  @Test
  void twoUsersOfOneCognitoIdentityPoolAreTwoCallers() throws Exception {
    String key = "cognito-" + UUID.randomUUID();
    ObjectNode carol = event("orchestrate-iam-caller.json");
    ((ObjectNode) carol.path("headers")).put("idempotency-key", key);
    ObjectNode iam = (ObjectNode) carol.path("requestContext").path("authorizer").path("iam");
    iam.put("userArn", COGNITO_ROLE_SESSION)
        .put("userId", "AROAEXAMPLECOGNITO:CognitoIdentityCredentials")
        .put("callerId", "AROAEXAMPLECOGNITO:CognitoIdentityCredentials");
    iam.putObject("cognitoIdentity")
        .put("identityId", "us-east-1:11111111-aaaa-4bbb-8ccc-000000000001")
        .put("identityPoolId", "us-east-1:22222222-dddd-4eee-8fff-000000000002")
        .putArray("amr")
        .add("authenticated");
    ObjectNode dave = carol.deepCopy();
    ((ObjectNode)
            dave.path("requestContext").path("authorizer").path("iam").path("cognitoIdentity"))
        .put("identityId", "us-east-1:11111111-aaaa-4bbb-8ccc-000000000003");

    String carolsRequest = newRequestId();
    JsonNode carols = invoke(orchestrate, carol, carolsRequest);
    String davesRequest = newRequestId();
    JsonNode daves = invoke(orchestrate, dave, davesRequest);

    assertThat(carols.path("statusCode").asInt()).isEqualTo(200);
    // dave's request with carol's key runs as his own
    assertThat(daves.path("statusCode").asInt()).isEqualTo(200);
    assertThat(daves.path("headers").has("Idempotent-Replayed")).isFalse();
    assertThat(invocationId(daves)).isEqualTo(davesRequest);
    assertThat(storedPrincipal("orchestrate", carolsRequest))
        .isEqualTo(
            COGNITO_ROLE_SESSION
                + "#cognito-identity:us-east-1:11111111-aaaa-4bbb-8ccc-000000000001");
    assertThat(storedPrincipal("orchestrate", davesRequest))
        .isEqualTo(
            COGNITO_ROLE_SESSION
                + "#cognito-identity:us-east-1:11111111-aaaa-4bbb-8ccc-000000000003");
  }

  private static final String COGNITO_ROLE_SESSION =
      "arn:aws:sts::123456789012:assumed-role/Cognito_dsmAuth_Role/CognitoIdentityCredentials";

  private static String invocationId(JsonNode response) throws Exception {
    return Json.mapper()
        .readTree(response.path("body").asText())
        .path("invocation")
        .path("invocation_id")
        .asText();
  }

  private static String storedPrincipal(String function, String invocationId) throws Exception {
    try (Connection connection = DriverManager.getConnection(URL, USER, PASSWORD);
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT principal FROM orchestrator_metrics.metrics_invocation"
                    + " WHERE function_name = ? AND invocation_id = ?")) {
      statement.setString(1, function);
      statement.setString(2, invocationId);
      try (ResultSet row = statement.executeQuery()) {
        assertThat(row.next()).as("a stored row for " + invocationId).isTrue();
        return row.getString(1);
      }
    }
  }

  private static ObjectNode event(String name) throws Exception {
    return (ObjectNode) Json.mapper().readTree(Files.readAllBytes(ApiCase.EVENTS.resolve(name)));
  }

  private static String newRequestId() {
    return UUID.randomUUID().toString();
  }

  private static JsonNode invoke(LambdaHandler handler, JsonNode event, String requestId)
      throws Exception {
    Context lambda =
        (Context)
            Proxy.newProxyInstance(
                LambdaCallerIdentityTest.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getAwsRequestId" -> requestId;
                      case "getRemainingTimeInMillis" -> 30_000;
                      case "getMemoryLimitInMB" -> 1024;
                      default -> null;
                    });
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(Json.mapper().writeValueAsBytes(event)), out, lambda);
    return Json.mapper().readTree(out.toByteArray());
  }
}
