package org.dsm.orchestrator.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Fault;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Service;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.cases.ApiCase;
import org.dsm.orchestrator.functions.support.LambdaRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * EventBridge Scheduler invokes the function asynchronously, and Lambda retries an asynchronous
 * invocation only when the function fails (throws); a returned value, whatever its statusCode, is a
 * success. So a daily scrum that failed with a 5xx must fail the invocation, after releasing its
 * dedupe key, and one refused with a 4xx must not (a retry could not succeed).
 */
class DailyScrumRetryTest {
  private static final String CALL = "POST /sprints/STEADY-001-S04/run-daily-scrum";

  private static FakeDsmServer dsm;
  private static LambdaRun orchestrate;

  @BeforeAll
  static void start() {
    dsm = FakeDsmServer.start();
    Map<String, String> settings = new HashMap<>(dsm.environment(Duration.ofSeconds(5)));
    settings.put("DSM_DATA_SOURCE", "http");
    orchestrate = new LambdaRun("orchestrate", settings);
  }

  @AfterAll
  static void stop() {
    dsm.close();
  }

  private static byte[] event(String file) throws Exception {
    return Files.readAllBytes(ApiCase.EVENTS.resolve(file));
  }

  @Test
  void aDailyScrumThatFailsWithA5xxFailsTheInvocationAndItsRetryRunsOnce() throws Exception {
    byte[] delivery = event("daily-scrum.json");
    dsm.fail(Service.SPRINT, Fault.DOWN);
    Throwable failed;
    try {
      failed = catchThrowable(() -> orchestrate.invoke(delivery, "scrum-" + UUID.randomUUID()));
    } finally {
      dsm.heal(Service.SPRINT);
    }

    assertThat(failed).as("a 5xx daily scrum must fail the Lambda invocation").isNotNull();
    // what the runtime shows as errorMessage: a short JSON summary, no stack trace
    JsonNode summary = Json.mapper().readTree(failed.getMessage());
    assertThat(summary.path("statusCode").asInt()).isEqualTo(503);
    assertThat(summary.path("detail").asText()).isNotBlank();
    assertThat(failed.getMessage()).hasSizeLessThan(400).doesNotContain("\n");
    assertThat(failed.getStackTrace()).isEmpty();
    assertThat(dsm.requestLog()).filteredOn(CALL::equals).isEmpty();

    // Lambda's retry (same event, a new request id): the key was released, so it runs, once
    LambdaRun.Outcome retry = orchestrate.invoke(delivery, "scrum-retry-" + UUID.randomUUID());
    assertThat(retry.status()).as(retry.response().toString()).isEqualTo(200);
    assertThat(retry.response().path("headers").has("Idempotent-Replayed")).isFalse();
    assertThat(dsm.requestLog()).filteredOn(CALL::equals).hasSize(1);

    // a further duplicate delivery replays the answer and does not run it again
    LambdaRun.Outcome again = orchestrate.invoke(delivery, "scrum-again-" + UUID.randomUUID());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.response().path("headers").path("Idempotent-Replayed").asText())
        .isEqualTo("true");
    assertThat(dsm.requestLog()).filteredOn(CALL::equals).hasSize(1);
  }

  @Test
  void aDailyScrumRefusedWithA4xxIsAnsweredNotFailed() throws Exception {
    for (var expected :
        Map.of("daily-scrum-unknown-sprint.json", 404, "daily-scrum-missing-sprint.json", 400)
            .entrySet()) {
      LambdaRun.Outcome outcome =
          orchestrate.invoke(event(expected.getKey()), "scrum-4xx-" + UUID.randomUUID());
      assertThat(outcome.status()).as(expected.getKey()).isEqualTo(expected.getValue());
    }
  }
}
