package org.dsm.orchestrator.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.dsm.orchestrator.core.fixtures.IdempotencyStoreContract;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.dsm.orchestrator.core.port.IdempotencyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The idempotency contract against dynalite, in a metrics table made by {@link
 * DynamoDbMetricsStore} (the two stores share it). Each store has its own client, so "two
 * instances" really are two. Skipped, saying so, when DYNALITE_ENDPOINT is unset.
 */
@EnabledIfEnvironmentVariable(
    named = "DYNALITE_ENDPOINT",
    matches = ".+",
    disabledReason =
        "DYNALITE_ENDPOINT is "
            + "not set: start dynalite with scripts/dynalite.sh start and export DYNALITE_ENDPOINT=http://127.0.0.1:8111 "
            + "(scripts/test.sh does both)")
class DynaliteIdempotencyStoreTest extends IdempotencyStoreContract {
  private static final String TABLE = "idempotency-test-" + UUID.randomUUID();
  private static URI endpoint;

  @BeforeAll
  static void createTable() {
    endpoint = URI.create(System.getenv("DYNALITE_ENDPOINT"));
    try (DynamoDbMetricsStore metrics = metricsStore()) {
      metrics.createTableIfMissing();
    }
  }

  @AfterAll
  static void deleteTable() {
    if (endpoint != null) {
      try (DynamoDbMetricsStore metrics = metricsStore()) {
        metrics.deleteTable();
      }
    }
  }

  private static DynamoDbMetricsStore metricsStore() {
    return DynamoDbMetricsStore.create(
        TABLE, "us-east-1", endpoint, DynamoDbMetricsStore.DEFAULT_RETENTION);
  }

  @Override
  protected IdempotencyStore createStore() {
    return DynamoDbIdempotencyStore.create(TABLE, "us-east-1", endpoint);
  }

  @Override
  protected Optional<IdempotencyStore> createSecondInstance() {
    return Optional.of(createStore());
  }

  @Test
  void itemsUseTheMetricsTableKeysAndItsTtlAttributeInEpochSeconds() {
    store.claim(key, "fp", "owner-1", now, now.plus(Duration.ofMinutes(5)));
    store.complete(
        key,
        "owner-1",
        new StoredResponse(200, Map.of("Content-Type", "application/json"), "{}"),
        now.plus(Duration.ofHours(24)).plusMillis(1));

    try (DynamoDbClient client = DynamoDbConnection.client("us-east-1", endpoint)) {
      Map<String, AttributeValue> item =
          client
              .getItem(
                  builder ->
                      builder
                          .tableName(TABLE)
                          .key(
                              Map.of(
                                  DynamoDbMetricsStore.PK,
                                      AttributeValue.fromS("idem#" + key.value()),
                                  DynamoDbMetricsStore.SK, AttributeValue.fromS("idem"))))
              .item();
      assertThat(Long.parseLong(item.get(DynamoDbMetricsStore.ATTR_TTL).n()))
          .isEqualTo(
              now.plus(Duration.ofHours(24)).getEpochSecond() + 1); // rounded up, never early
      assertThat(item.get(DynamoDbIdempotencyStore.ATTR_STATUS).n()).isEqualTo("200");
      assertThat(item)
          .doesNotContainKeys(DynamoDbMetricsStore.GSI1_PK, DynamoDbMetricsStore.GSI2_PK);
    }
  }

  @Test
  void aScopedItemIsKeyedByTheHashOfItsPrincipalAndKeepsThePrincipal() throws Exception {
    String principal = "arn:aws:sts::111122223333:assumed-role/caller/session#1";
    store.claim(
        new IdempotencyKey(principal, key.value()),
        "fp",
        "owner-1",
        now,
        now.plus(Duration.ofMinutes(5)));
    String hash =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(principal.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

    try (DynamoDbClient client = DynamoDbConnection.client("us-east-1", endpoint)) {
      Map<String, AttributeValue> item =
          client
              .getItem(
                  builder ->
                      builder
                          .tableName(TABLE)
                          .key(
                              Map.of(
                                  DynamoDbMetricsStore.PK,
                                  AttributeValue.fromS("idemp#" + hash + "#" + key.value()),
                                  DynamoDbMetricsStore.SK,
                                  AttributeValue.fromS("idem"))))
              .item();
      assertThat(item.get(DynamoDbIdempotencyStore.ATTR_PRINCIPAL).s()).isEqualTo(principal);
    }
  }
}
