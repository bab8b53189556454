package org.dsm.orchestrator.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Shared open-circuit marks in the metrics table, against dynalite. */
@EnabledIfEnvironmentVariable(
    named = "DYNALITE_ENDPOINT",
    matches = ".+",
    disabledReason = "DYNALITE_ENDPOINT is not set (scripts/test.sh starts dynalite and sets it)")
class DynaliteCircuitHintsTest {
  private static final String TABLE = "circuit-test-" + UUID.randomUUID();
  private static DynamoDbClient client;

  @BeforeAll
  static void createTable() {
    URI endpoint = URI.create(System.getenv("DYNALITE_ENDPOINT"));
    client = DynamoDbConnection.client("us-east-1", endpoint);
    new DynamoDbMetricsStore(client, TABLE, Duration.ofDays(1)).createTableIfMissing();
  }

  @AfterAll
  static void deleteTable() {
    if (client != null) {
      client.deleteTable(builder -> builder.tableName(TABLE));
      client.close();
    }
  }

  @Test
  void aMarkIsSeenByAnotherInstanceOnlyMovesLaterAndExpires() {
    DynamoDbCircuitHints first = new DynamoDbCircuitHints(client, TABLE);
    DynamoDbCircuitHints second = new DynamoDbCircuitHints(client, TABLE);
    Instant now = Instant.parse("2031-05-01T10:00:00Z");

    assertThat(second.openUntil("project-service", now)).isNull();
    first.markOpen("project-service", now.plusSeconds(10));
    assertThat(second.openUntil("project-service", now)).isEqualTo(now.plusSeconds(10));
    second.markOpen("project-service", now.plusSeconds(5)); // an earlier mark never shortens it
    assertThat(first.openUntil("project-service", now)).isEqualTo(now.plusSeconds(10));
    second.markOpen("project-service", now.plusSeconds(30));
    assertThat(first.openUntil("project-service", now)).isEqualTo(now.plusSeconds(30));
    assertThat(first.openUntil("project-service", now.plusSeconds(31))).isNull();
    assertThat(first.openUntil("sprint-service", now)).isNull();
  }
}
