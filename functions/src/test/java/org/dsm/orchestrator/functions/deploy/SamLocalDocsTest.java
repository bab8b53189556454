package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dsm.orchestrator.functions.ric.SamFunction;
import org.dsm.orchestrator.functions.support.LambdaRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code sam local} commands of docs/DEPLOY.md give each function the environment under which
 * the events/ files get the answers functions/API.md lists: the runtime-client tests take their
 * parameters from those commands (SamFunction), so a command that leaves the template's defaults
 * (IAM authorizer, DynamoDB store) would make them answer otherwise.
 */
class SamLocalDocsTest {
  private static final Path TEMPLATE = Path.of("..", "template.yaml");

  @ParameterizedTest
  @ValueSource(strings = {SamFunction.ORCHESTRATE, SamFunction.PERFORMANCE_METRICS})
  void theDocumentedSamLocalRunNeedsNoCallerAndNoTable(String logicalId) {
    Map<String, String> env = SamFunction.fromTemplate(TEMPLATE, logicalId).environment();
    assertThat(env)
        .containsEntry("API_AUTHORIZER", "none")
        .containsEntry("METRICS_STORE", "memory");
  }

  /**
   * Why: with the template's default authorizer, an event without API Gateway's caller is a 401.
   */
  @Test
  void behindTheDefaultIamAuthorizerAnEventWithoutACallerIsRefused() throws Exception {
    LambdaRun iam =
        new LambdaRun("orchestrate", Map.of("API_AUTHORIZER", "iam", "METRICS_STORE", "memory"));
    for (String event : new String[] {"orchestrate-dry-run.json", "orchestrate-iam-caller.json"}) {
      LambdaRun.Outcome outcome =
          iam.invoke(Files.readAllBytes(Path.of("..", "events", event)), "sam-local-" + event);
      if (event.equals("orchestrate-iam-caller.json")) {
        assertThat(outcome.status()).as(event).isEqualTo(200);
      } else {
        assertThat(outcome.status()).as(event).isEqualTo(401);
        assertThat(outcome.body().path("detail").asString()).startsWith("Unauthenticated");
      }
    }
  }
}
