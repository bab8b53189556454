package org.dsm.orchestrator.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.dsm.orchestrator.functions.support.LambdaRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three HTTP request shapes that are not the HTTP API's payload 2.0 all carry {@code
 * httpMethod} and {@code path}; the 400 each gets names its real source (an answer must not say it
 * came from a REST API when an ALB sent it).
 */
class RequestShapesNamedTest {
  private static LambdaRun orchestrate;

  @BeforeAll
  static void start() {
    orchestrate = new LambdaRun("orchestrate", Map.of());
  }

  private static String detail(String event) throws Exception {
    LambdaRun.Outcome outcome =
        orchestrate.invoke(event.getBytes(StandardCharsets.UTF_8), "shape-" + System.nanoTime());
    assertThat(outcome.status()).isEqualTo(400);
    return outcome.body().path("detail").asText();
  }

  @Test
  void anAlbEventIsNamedAsOne() throws Exception {
    assertThat(
            detail(
                """
                {"requestContext": {"elb": {"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1"}},
                 "httpMethod": "POST", "path": "/orchestrate/project/TEST-001", "headers": {}, "body": "", "isBase64Encoded": false}
                """))
        .isEqualTo(
            "unsupported event: Application Load Balancer events are not served; expected an API"
                + " Gateway HTTP API (payload 2.0) event");
  }

  @Test
  void anHttpApiEventInPayloadFormat1IsNamedAsOne() throws Exception {
    assertThat(
            detail(
                """
                {"version": "1.0", "resource": "/orchestrate/project/{project_id}", "path": "/orchestrate/project/TEST-001",
                 "httpMethod": "POST", "headers": {}, "requestContext": {"requestId": "r", "stage": "$default"},
                 "body": "", "isBase64Encoded": false}
                """))
        .startsWith(
            "unsupported event: API Gateway payload format 1.0 events are not served (the HTTP"
                + " API's integration must use 2.0)");
  }

  @Test
  void aRestApiEventIsStillNamedAsOne() throws Exception {
    assertThat(
            detail(
                """
                {"resource": "/orchestrate/project/{project_id}", "path": "/orchestrate/project/TEST-001",
                 "httpMethod": "POST", "headers": {}, "requestContext": {"requestId": "r", "stage": "prod"},
                 "body": "", "isBase64Encoded": false}
                """))
        .startsWith("unsupported event: API Gateway REST API (payload 1.0) events are not served");
  }
}
