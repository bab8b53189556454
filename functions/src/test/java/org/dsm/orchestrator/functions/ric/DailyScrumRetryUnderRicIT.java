package org.dsm.orchestrator.functions.ric;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Fault;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer.Service;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The daily-scrum event under the official runtime client, with the DSM services over HTTP. Lambda
 * retries an asynchronous invocation (EventBridge Scheduler's) only when the runtime reports a
 * function error ({@code POST invocation/{id}/error}); a {@code /response}, whatever its
 * statusCode, ends the event. So the sprint service being down must come out as {@code /error}, its
 * retry as a {@code /response} that ran the daily scrum once, and a 4xx as a {@code /response}.
 */
class DailyScrumRetryUnderRicIT {
  private static final String CALL = "POST /sprints/STEADY-001-S04/run-daily-scrum";

  @Test
  void aFailedDailyScrumIsAFunctionErrorAndItsRetryRunsOnce() throws Exception {
    try (FakeDsmServer dsm = FakeDsmServer.start()) {
      RicSandbox.Builder builder =
          RicSandbox.builder(SamFunction.ORCHESTRATE)
              .name(SamFunction.ORCHESTRATE + "-daily-scrum-retry")
              .env("DSM_DATA_SOURCE", "http");
      dsm.environment(Duration.ofSeconds(5)).forEach(builder::env);
      dsm.fail(Service.SPRINT, Fault.DOWN);
      String event = RicFunctionRun.event("daily-scrum.json");
      RicSandbox.Started started = builder.start(event);
      try (RicSandbox sandbox = started.sandbox()) {
        Outcome down = RuntimeApiEmulator.await(started.first(), sandbox.timeout());
        RicReport.row(SamFunction.ORCHESTRATE, "on-demand", "daily-scrum.json (DSM down)", down);
        assertThat(down.error()).as("posted to /error: %s", down.payload()).isTrue();
        assertThat(down.errorType()).isNotBlank();
        JsonNode error = down.payloadJson();
        assertThat(error.path("errorType").asText()).endsWith("DailyScrumFailedException");
        assertThat(error.path("errorMessage").asText()).contains("\"statusCode\":503");
        assertThat(dsm.requestLog()).filteredOn(CALL::equals).isEmpty();
        assertThat(sandbox.alive()).isTrue();
        // the failed attempt is still recorded, with its status
        assertThat(sandbox.emfLines())
            .as("EMF line of the failed attempt")
            .anyMatch(l -> l.contains(down.requestId()) && l.contains("\"status_code\":503"));

        // Lambda's retry of the same event, the sprint service back: it runs, once
        dsm.heal(Service.SPRINT);
        Outcome retry = sandbox.invoke(event);
        RicReport.row(SamFunction.ORCHESTRATE, "on-demand", "daily-scrum.json (retry)", retry);
        assertThat(retry.error()).as(retry.payload()).isFalse();
        assertThat(retry.statusCode()).as(retry.payload()).isEqualTo(200);
        assertThat(dsm.requestLog()).filteredOn(CALL::equals).hasSize(1);

        // a 4xx is an answer: Lambda must not deliver it again
        Outcome unknown = sandbox.invoke(RicFunctionRun.event("daily-scrum-unknown-sprint.json"));
        RicReport.row(
            SamFunction.ORCHESTRATE, "on-demand", "daily-scrum (unknown sprint)", unknown);
        assertThat(unknown.error()).as(unknown.payload()).isFalse();
        assertThat(unknown.statusCode()).isEqualTo(404);
      }
    }
  }
}
