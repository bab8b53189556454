package org.dsm.orchestrator.store.dynamodb;

import java.net.URI;
import java.util.UUID;
import org.dsm.orchestrator.core.metrics.GroundTruthContract;
import org.dsm.orchestrator.core.metrics.StoreMaintenance;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** {@link GroundTruthContract} on dynalite, in a table of its own deleted afterwards. */
@EnabledIfEnvironmentVariable(
    named = "DYNALITE_ENDPOINT",
    matches = ".+",
    disabledReason =
        "DYNALITE_ENDPOINT is not set: scripts/dynalite.sh start (scripts/test.sh does)")
class DynaliteGroundTruthTest extends GroundTruthContract {
  private static final String TABLE = "ground-truth-" + UUID.randomUUID();
  private static URI endpoint;

  @BeforeAll
  static void createTable() {
    endpoint = URI.create(System.getenv("DYNALITE_ENDPOINT"));
    try (DynamoDbMetricsStore store =
        DynamoDbMetricsStore.create(
            TABLE, "us-east-1", endpoint, DynamoDbMetricsStore.DEFAULT_RETENTION)) {
      store.createTableIfMissing();
    }
  }

  @AfterAll
  static void deleteTable() {
    if (endpoint != null) {
      try (DynamoDbMetricsStore store =
          DynamoDbMetricsStore.create(
              TABLE, "us-east-1", endpoint, DynamoDbMetricsStore.DEFAULT_RETENTION)) {
        store.deleteTable();
      }
    }
  }

  @Override
  protected MetricsStore createStore(StoreMaintenance maintenance) {
    return DynamoDbMetricsStore.create(TABLE, "us-east-1", endpoint, maintenance);
  }
}
