package org.dsm.orchestrator.functions.ric;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.dsm.orchestrator.core.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A provisioned-concurrency instance under the official runtime client
 * (AWS_LAMBDA_INITIALIZATION_TYPE=provisioned-concurrency): Lambda runs its init when the
 * concurrency is allocated and sends requests only later, so no caller waits for the init. Its
 * first invocation is recorded warm, without init_duration_ms, in the response and the EMF line;
 * the init is logged once, on its own.
 */
class ProvisionedConcurrencyUnderRicIT {
  @Test
  void theFirstInvocationIsNotAColdStart() throws Exception {
    String event = RicFunctionRun.event("orchestrate-dry-run.json");
    RicSandbox.Started started =
        RicSandbox.builder(SamFunction.ORCHESTRATE)
            .name(SamFunction.ORCHESTRATE + "-provisioned-concurrency")
            .env("AWS_LAMBDA_INITIALIZATION_TYPE", "provisioned-concurrency")
            .env("METRICS_EMF", "true")
            .start(null);
    try (RicSandbox sandbox = started.sandbox()) {
      // the init is done before any request arrives, as when concurrency is allocated
      sandbox.api().awaitFirstPoll(Duration.ofMinutes(3));

      Outcome first = sandbox.invoke(event);
      RicReport.row(SamFunction.ORCHESTRATE, "provisioned-concurrency", "first invocation", first);
      assertRecordedWarm(sandbox, first);
      assertThat(sandbox.log()).contains("provisioned-concurrency init took");
    }
  }

  /** A first invocation no caller waited an init for: warm, no init, in the response and EMF. */
  static void assertRecordedWarm(RicSandbox sandbox, Outcome first) throws Exception {
    assertThat(first.statusCode()).as(first.payload()).isEqualTo(200);
    JsonNode invocation = first.bodyJson().path("invocation");
    assertThat(invocation.path("cold_start").asBoolean()).as("%s", invocation).isFalse();
    assertThat(invocation.path("init_duration_ms").isNull()).as("%s", invocation).isTrue();

    String emf =
        sandbox.emfLines().stream()
            .filter(l -> l.contains(first.requestId()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no EMF line for " + first.requestId()));
    JsonNode line = Json.mapper().readTree(emf);
    assertThat(line.path("ColdStart").asInt()).as(emf).isZero();
    assertThat(line.has("InitDuration")).as(emf).isFalse();
  }
}
