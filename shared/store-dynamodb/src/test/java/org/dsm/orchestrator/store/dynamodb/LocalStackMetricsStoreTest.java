package org.dsm.orchestrator.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The store against LocalStack's DynamoDB (TTL API included). Runs where a Docker engine exists,
 * else skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackMetricsStoreTest {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
          .withServices("dynamodb");

  @Test
  void writesQueriesAndAggregatesOnLocalStack() {
    try (DynamoDbMetricsStore store =
        DynamoDbMetricsStore.create(
            "metrics-localstack",
            LOCALSTACK.getRegion(),
            LOCALSTACK.getEndpoint(),
            DynamoDbMetricsStore.DEFAULT_RETENTION)) {
      store.createTableIfMissing();
      Instant t0 = Instant.parse("2031-01-01T00:00:00Z");
      store.write(
          List.of(
              InvocationRecords.ok("orchestrate", "a", "p-1", t0.plusSeconds(1), 10),
              InvocationRecords.ok("orchestrate", "b", "p-1", t0.plusSeconds(70), 30)));

      MetricsAggregate aggregate = store.aggregate("orchestrate", "p-1", t0, t0.plusSeconds(3600));

      assertThat(aggregate.invocations()).isEqualTo(2);
      assertThat(aggregate.components().get("total").maxMs()).isEqualTo(30.0);
      assertThat(
              store
                  .query(
                      new org.dsm.orchestrator.core.port.MetricsStore.MetricsQuery(
                          null, "p-1", t0, t0.plusSeconds(3600), 10, null))
                  .records())
          .extracting(r -> r.invocationId())
          .containsExactly("b", "a");
    }
  }
}
