package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Lambda's own retry of an asynchronous invocation is what re-runs a failed daily scrum (the
 * function throws after a 5xx): it is bounded on orchestrate's alias so that a scrum is retried
 * twice at most and never once the event is an hour old.
 */
class DailyScrumRetryConfigTest {
  @Test
  void orchestrateRetriesAFailedAsyncInvocationTwiceWithinAnHour() {
    JsonNode config =
        DeployFiles.templateJson()
            .path("Resources")
            .path("OrchestrateFunction")
            .path("Properties")
            .path("EventInvokeConfig");
    assertThat(config.path("MaximumEventAgeInSeconds").asInt()).isEqualTo(3600);
    assertThat(config.path("MaximumRetryAttempts").asInt()).isEqualTo(2);
  }
}
