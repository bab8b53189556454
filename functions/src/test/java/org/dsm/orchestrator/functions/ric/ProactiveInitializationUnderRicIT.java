package org.dsm.orchestrator.functions.ric;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An on-demand instance Lambda initialised ahead of any request (proactive initialization) under
 * the official runtime client: AWS_LAMBDA_INITIALIZATION_TYPE still says on-demand, but the runtime
 * waits at invocation/next long after its init, and no caller waited for that init. Its first
 * invocation is recorded warm, without init_duration_ms, in the response and the EMF line, and the
 * init is logged once. (The event that is already waiting when the init ends, a real cold start, is
 * {@link RicFunctionRun#theColdEventIsServedAfterInit}.)
 */
class ProactiveInitializationUnderRicIT {
  /** LambdaHandler.READY_AHEAD_OF_REQUEST_MS, and a second more. */
  private static final Duration HELD = Duration.ofMillis(10_000 + 1_000);

  @Test
  void aFirstEventDeliveredLongAfterTheInitIsNotAColdStart() throws Exception {
    String event = RicFunctionRun.event("orchestrate-dry-run.json");
    RicSandbox.Started started =
        RicSandbox.builder(SamFunction.ORCHESTRATE)
            .name(SamFunction.ORCHESTRATE + "-proactive-init")
            .env("METRICS_EMF", "true")
            .start(null);
    try (RicSandbox sandbox = started.sandbox()) {
      // the init is done and the runtime waits for an event; Lambda has none for it yet
      sandbox.api().awaitFirstPoll(Duration.ofMinutes(3));
      Thread.sleep(HELD.toMillis());

      Outcome first = sandbox.invoke(event);
      RicReport.row(SamFunction.ORCHESTRATE, "proactive-init", "first invocation", first);
      ProvisionedConcurrencyUnderRicIT.assertRecordedWarm(sandbox, first);
      assertThat(sandbox.log()).containsOnlyOnce("made ahead of any request");

      Outcome second = sandbox.invoke(event);
      assertThat(second.bodyJson().path("invocation").path("cold_start").asBoolean()).isFalse();
    }
  }

  /**
   * A SnapStart function runs on on-demand concurrency too, for which Lambda documents making
   * environments ahead of requests; a restored environment whose first event comes long after the
   * restore is not a cold start either. (The event waiting through the restore is cold, with the
   * restore as its init: {@link SnapStartUnderRicIT}.)
   */
  @Test
  void aFirstEventDeliveredLongAfterARestoreIsNotAColdStart() throws Exception {
    String event = RicFunctionRun.event("orchestrate-dry-run.json");
    RicSandbox.Started started =
        RicSandbox.builder(SamFunction.ORCHESTRATE)
            .name(SamFunction.ORCHESTRATE + "-proactive-restore")
            .snapStart(true)
            .env("METRICS_EMF", "true")
            .start(null);
    try (RicSandbox sandbox = started.sandbox()) {
      sandbox.api().awaitCheckpoint(Duration.ofMinutes(3));
      sandbox.api().releaseRestore();
      // restored: the runtime asks for an event only after the afterRestore hooks
      sandbox.api().awaitFirstPoll(Duration.ofMinutes(1));
      Thread.sleep(HELD.toMillis());

      Outcome first = sandbox.invoke(event);
      RicReport.row(SamFunction.ORCHESTRATE, "proactive-restore", "first invocation", first);
      assertThat(first.statusCode()).as(first.payload()).isEqualTo(200);
      JsonNode invocation = first.bodyJson().path("invocation");
      assertThat(invocation.path("cold_start").asBoolean()).as("%s", invocation).isFalse();
      assertThat(invocation.path("init_duration_ms").isNull()).as("%s", invocation).isTrue();
      assertThat(sandbox.log()).containsOnlyOnce("made ahead of any request");
    }
  }
}
