package org.dsm.orchestrator.store.dynamodb;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.dsm.orchestrator.core.fixtures.WriteOverheadBenchmark;

/**
 * Write overhead of the DynamoDB store against dynalite (DYNALITE_ENDPOINT); see
 * WriteOverheadBenchmark.
 */
public final class DynamoDbWriteOverhead {
  private DynamoDbWriteOverhead() {}

  public static void main(String[] args) {
    URI endpoint =
        URI.create(
            Optional.ofNullable(System.getenv("DYNALITE_ENDPOINT"))
                .orElse("http://127.0.0.1:8111"));
    String table = "metrics-bench-" + UUID.randomUUID();
    try (DynamoDbMetricsStore setup =
        DynamoDbMetricsStore.create(
            table, "us-east-1", endpoint, DynamoDbMetricsStore.DEFAULT_RETENTION)) {
      setup.createTableIfMissing();
      try {
        for (int round = 0; round < 2; round++) {
          WriteOverheadBenchmark.run(
              "dynamodb",
              () ->
                  DynamoDbMetricsStore.create(
                      table, "us-east-1", endpoint, DynamoDbMetricsStore.DEFAULT_RETENTION),
              1_000,
              80);
        }
      } finally {
        setup.deleteTable();
      }
    }
  }
}
