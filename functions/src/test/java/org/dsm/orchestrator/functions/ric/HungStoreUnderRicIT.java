package org.dsm.orchestrator.functions.ric;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.dsm.orchestrator.core.fixtures.SuspendableDynalite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The orchestrate function under the official runtime client with its metrics in DynamoDB (the
 * test's own dynalite), which stops answering (SIGSTOP) after the cold invocation: the next
 * invocation's answer is posted to the runtime API before its {@code Lambda-Runtime-Deadline-Ms},
 * where the record's write (5 s per call, three attempts) would have held it 15 s; the record is
 * logged unwritten with its content and counted in its EMF line, which still goes out.
 */
@EnabledIfEnvironmentVariable(
    named = "DYNALITE_ENDPOINT",
    matches = ".+",
    disabledReason = "DYNALITE_ENDPOINT is not set: scripts/dynalite.sh installs dynalite")
class HungStoreUnderRicIT {
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  @Test
  void theAnswerIsPostedBeforeTheDeadlineAndTheRecordIsLoggedUnwritten() throws Exception {
    try (SuspendableDynalite dynalite = SuspendableDynalite.start()) {
      String event = RicFunctionRun.event("orchestrate-dry-run.json");
      RicSandbox.Started started =
          RicSandbox.builder(SamFunction.ORCHESTRATE)
              .name(SamFunction.ORCHESTRATE + "-hung-store")
              .env("METRICS_STORE", "dynamodb")
              .env("METRICS_TABLE", "hung-ric")
              .env("METRICS_DYNAMODB_ENDPOINT", dynalite.endpoint().toString())
              .env("METRICS_EMF", "true")
              .start(event);
      try (RicSandbox sandbox = started.sandbox()) {
        Outcome cold = RuntimeApiEmulator.await(started.first(), sandbox.timeout());
        assertThat(cold.statusCode()).as(cold.payload()).isEqualTo(200);

        Outcome hung;
        long submitted;
        dynalite.suspend();
        try {
          submitted = System.nanoTime();
          hung = sandbox.invoke(event, DEADLINE);
        } finally {
          dynalite.resume();
        }
        RicReport.row(SamFunction.ORCHESTRATE, "on-demand", "dry run, DynamoDB stopped", hung);

        assertThat(hung.error()).as(hung.payload()).isFalse();
        assertThat(hung.statusCode()).as(hung.payload()).isEqualTo(200);
        assertThat(hung.bodyJson().path("dry_run").asBoolean()).isTrue();
        assertThat(Duration.ofNanos(hung.answeredNanos() - submitted))
            .as("answer posted before the deadline")
            .isLessThan(DEADLINE);
        assertThat(sandbox.log())
            .contains("metrics record " + hung.requestId() + " of orchestrate not written")
            .contains("\\\"invocation_id\\\":\\\"" + hung.requestId() + "\\\"");
        assertThat(sandbox.emfLines())
            .filteredOn(line -> line.contains(hung.requestId()))
            .singleElement()
            .satisfies(line -> assertThat(line).contains("\"MetricsUnwritten\":1"));
      }
    }
  }
}
