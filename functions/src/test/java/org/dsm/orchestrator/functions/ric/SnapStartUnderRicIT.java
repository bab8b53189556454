package org.dsm.orchestrator.functions.ric;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import tools.jackson.databind.JsonNode;

/**
 * The SnapStart sequence under the official runtime client: init, the checkpoint hooks (priming
 * through the handler, then the store connections closed), {@code restore/next}, the restore hooks,
 * then invocations. At the moment the snapshot would be taken the process holds no established TCP
 * connection but the runtime client's own to the Runtime API; after the restore it serves, the
 * first invocation is recorded cold with the restore as its init phase, in the response, the stored
 * record and the EMF line; and the recorded figures account for most of what the runtime measured.
 */
class SnapStartUnderRicIT {
  private static final Duration INIT_TIMEOUT = Duration.ofMinutes(3);

  @Test
  void performanceMetricsWithThePostgresStore() throws Exception {
    String url = TestPostgres.URL;
    Run run =
        snapStart(
            SamFunction.PERFORMANCE_METRICS,
            Map.of("METRICS_STORE", "jdbc", "METRICS_JDBC_URL", url),
            "metrics-happy-path.json");
    // the stored record of the cold invocation carries the same figures
    try (var db = DriverManager.getConnection(url, "postgres", null);
        PreparedStatement q =
            db.prepareStatement(
                "SELECT cold_start, init_duration_ms, total_duration_ms FROM"
                    + " orchestrator_metrics.metrics_invocation WHERE invocation_id = ?")) {
      q.setString(1, run.first().requestId());
      try (ResultSet row = q.executeQuery()) {
        assertThat(row.next()).as("stored record of %s", run.first().requestId()).isTrue();
        assertThat(row.getBoolean("cold_start")).isTrue();
        assertThat(row.getDouble("init_duration_ms")).isEqualTo(run.initMs());
        assertThat(row.getDouble("total_duration_ms")).isGreaterThanOrEqualTo(run.totalMs());
      }
    }
  }

  @Test
  @EnabledIfEnvironmentVariable(
      named = "DYNALITE_ENDPOINT",
      matches = ".+",
      disabledReason = "DYNALITE_ENDPOINT is not set (scripts/test.sh starts dynalite and sets it)")
  void orchestrateWithTheDynamoDbStore() throws Exception {
    snapStart(
        SamFunction.ORCHESTRATE,
        Map.of(
            "METRICS_STORE",
            "dynamodb",
            "METRICS_DYNAMODB_ENDPOINT",
            System.getenv("DYNALITE_ENDPOINT"),
            "METRICS_TABLE",
            "ric-snapstart-" + UUID.randomUUID()),
        "orchestrate-dry-run.json");
  }

  /**
   * Behind the template's default authorizer (iam; the harness otherwise opens the routes), the
   * snapshot must be primed through the use cases, not only through the 401 refusal of an event
   * without a caller; the first event after the restore carries an IAM caller.
   */
  @Test
  void orchestrateBehindTheIamAuthorizerPrimesTheUseCases() throws Exception {
    Run run =
        snapStart(
            SamFunction.ORCHESTRATE,
            Map.of(
                "API_AUTHORIZER",
                "iam",
                "METRICS_STORE",
                "jdbc",
                "METRICS_JDBC_URL",
                TestPostgres.URL),
            "orchestrate-iam-caller.json");
    assertThat(run.primed()).contains("200=").doesNotContain("401=");
  }

  /** The same behind a JWT authorizer. */
  @Test
  void performanceMetricsBehindTheJwtAuthorizerPrimesTheUseCases() throws Exception {
    Run run =
        snapStart(
            SamFunction.PERFORMANCE_METRICS,
            Map.of(
                "API_AUTHORIZER",
                "jwt",
                "METRICS_STORE",
                "jdbc",
                "METRICS_JDBC_URL",
                TestPostgres.URL),
            "metrics-jwt-caller.json");
    assertThat(run.primed()).contains("200=").doesNotContain("401=");
  }

  /** The figures of the first invocation after the restore, and the priming pass's log line. */
  record Run(Outcome first, double initMs, double totalMs, String primed) {}

  private static Run snapStart(String logicalId, Map<String, String> store, String firstEvent)
      throws Exception {
    RicSandbox.Builder builder =
        RicSandbox.builder(logicalId)
            .snapStart(true)
            .name(
                logicalId
                    + "-snap-start"
                    + (store.containsKey("API_AUTHORIZER")
                        ? "-" + store.get("API_AUTHORIZER")
                        : ""));
    store.forEach(builder::env);
    RicSandbox.Started started = builder.start(RicFunctionRun.event(firstEvent));
    try (RicSandbox sandbox = started.sandbox()) {
      RuntimeApiEmulator api = sandbox.api();
      api.awaitCheckpoint(INIT_TIMEOUT);

      List<ProcessSockets.Connection> open = ProcessSockets.established(sandbox.pid());
      assertThat(open)
          .as("the runtime client's own connection is seen (the check can see connections)")
          .anyMatch(c -> c.remotePort() == api.port());
      assertThat(open)
          .filteredOn(c -> c.remotePort() != api.port())
          .as("established connections at the checkpoint besides the Runtime API")
          .isEmpty();
      assertThat(sandbox.log())
          .contains("primed through the lambda-handler: " + 120 + " calls")
          .contains("store connections closed before the snapshot");
      String primed =
          sandbox
              .log()
              .lines()
              .filter(l -> l.contains("primed through the lambda-handler"))
              .findFirst()
              .orElseThrow();

      long restored = api.releaseRestore();
      Outcome first = RuntimeApiEmulator.await(started.first(), sandbox.timeout());
      RicReport.row(logicalId, "snap-start", firstEvent + " (first after restore)", first);
      assertThat(first.error()).as("first invocation after restore: %s", first.payload()).isFalse();
      assertThat(first.statusCode()).as(first.payload()).isEqualTo(200);
      assertThat(api.restoreErrors()).isEmpty();

      JsonNode invocation = first.bodyJson().path("invocation");
      assertThat(invocation.path("cold_start").asBoolean()).as("%s", invocation).isTrue();
      assertThat(invocation.path("init_duration_ms").isNumber()).as("%s", invocation).isTrue();
      double initMs = invocation.path("init_duration_ms").asDouble();
      double totalMs = invocation.path("total_duration_ms").asDouble();
      double roundTripMs = (first.answeredNanos() - restored) / 1e6;
      String emf =
          sandbox.emfLines().stream()
              .filter(l -> l.contains(first.requestId()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no EMF line for " + first.requestId()));
      JsonNode line = Json.mapper().readTree(emf);
      assertThat(line.path("InitDuration").asDouble()).isEqualTo(initMs);
      // the store write follows the response: the EMF line, written after it, carries its time
      assertThat(line.has("Duration.metrics_store_write")).as(emf).isTrue();
      double writeMs = line.path("Duration.metrics_store_write").asDouble();
      System.out.printf(
          "%s after restore: restore->answer %.1f ms = recorded init %.1f + total %.1f + store"
              + " write %.1f ms (ratio %.2f); event->answer %.1f ms vs total + write %.1f ms"
              + " (ratio %.2f)%n",
          logicalId,
          roundTripMs,
          initMs,
          totalMs,
          writeMs,
          (initMs + totalMs + writeMs) / roundTripMs,
          first.roundTripMs(),
          totalMs + writeMs,
          (totalMs + writeMs) / first.roundTripMs());
      // the event's round trip as the runtime measured it is mostly the recorded total and the
      // store write after it (the rest: the runtime client's own dispatch and the response's trip
      // back); the restore phase is
      // timed from our first restore hook to the last, so it is a positive part of the restore
      // window (which also holds the runtime client's own restart, invisible to the function)
      assertThat((totalMs + writeMs) / first.roundTripMs())
          .isGreaterThan(0.5)
          .isLessThanOrEqualTo(1.0);
      assertThat(initMs).isPositive();
      assertThat(initMs + totalMs + writeMs).isLessThanOrEqualTo(roundTripMs);

      Outcome warm = sandbox.invoke(RicFunctionRun.event(firstEvent));
      RicReport.row(logicalId, "snap-start", firstEvent + " (warm)", warm);
      assertThat(warm.statusCode()).isEqualTo(200);
      assertThat(warm.bodyJson().path("invocation").path("cold_start").asBoolean()).isFalse();
      assertThat(warm.bodyJson().path("invocation").path("init_duration_ms").isNull()).isTrue();
      JsonNode write = warm.bodyJson().path("component_metrics").path("metrics_store_write");
      if (!write.isMissingNode()) { // a report shows the instance's store writes so far
        System.out.printf(
            "%s store writes after the response: %d, max %.1f ms%n",
            logicalId, write.path("total_calls").asInt(), write.path("max_duration_ms").asDouble());
        assertThat(write.path("total_calls").asInt()).isPositive();
      }
      return new Run(first, initMs, totalMs, primed);
    }
  }
}
