package org.dsm.orchestrator.functions.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.port.IdempotencyStore;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.api.ApiRequest;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.store.jdbc.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * METRICS_STORE picks the real store (and the idempotency store next to it): an orchestration
 * through the API ends up as a record in that store. PostgreSQL comes from TestPostgres (the
 * configured server, else Testcontainers, else embedded); dynalite from scripts/test.sh.
 */
class StoreWiringTest {
  @Test
  void jdbcStoreReceivesTheInvocationRecords() {
    TestPostgres.Database database = TestPostgres.get();
    String url = database.url();
    String user = database.user();
    String password = database.password();
    assertRecorded(
        Map.of(
            "METRICS_STORE",
            "jdbc",
            "METRICS_JDBC_URL",
            url,
            "METRICS_JDBC_USER",
            user,
            "METRICS_JDBC_PASSWORD",
            password),
        "jdbc",
        "JdbcIdempotencyStore");
  }

  @Test
  @EnabledIfEnvironmentVariable(
      named = "DYNALITE_ENDPOINT",
      matches = ".+",
      disabledReason = "DYNALITE_ENDPOINT is not set (scripts/test.sh starts dynalite and sets it)")
  void dynamoDbStoreReceivesTheInvocationRecords() {
    assertRecorded(
        Map.of(
            "METRICS_STORE",
            "dynamodb",
            "METRICS_TABLE",
            "wiring-" + UUID.randomUUID(),
            "METRICS_DYNAMODB_ENDPOINT",
            System.getenv("DYNALITE_ENDPOINT")),
        "dynamodb",
        "DynamoDbIdempotencyStore");
  }

  private static void assertRecorded(
      Map<String, Object> properties, String storeName, String idempotencyClass) {
    String project = "TEST-001";
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(FunctionsApplication.class)
            .web(WebApplicationType.NONE)
            .properties(properties)
            .run()) {
      Instant before = Instant.now().minusSeconds(1);
      ApiResponse response =
          app.getBean(OrchestratorApi.class)
              .handle(
                  new ApiRequest(
                      "POST",
                      "/orchestrate/project/" + project,
                      Map.of(),
                      Map.of("content-type", "application/json"),
                      "{\"options\": {\"dry_run\": true}}".getBytes(),
                      false),
                  Platform.context(Platform.LOCAL, "http", "wiring-" + UUID.randomUUID()));
      app.getBean(MetricsRecorder.class).flush();

      MetricsStore store = app.getBean(MetricsStore.class);
      assertThat(response.status()).isEqualTo(200);
      assertThat(store.name()).isEqualTo(storeName);
      assertThat(app.getBean(IdempotencyStore.class).getClass().getSimpleName())
          .isEqualTo(idempotencyClass);
      var page =
          store.query(
              new MetricsStore.MetricsQuery(
                  "orchestrate",
                  project,
                  before,
                  Instant.now().plus(Duration.ofSeconds(1)),
                  50,
                  null));
      assertThat(page.records()).anySatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    }
  }
}
