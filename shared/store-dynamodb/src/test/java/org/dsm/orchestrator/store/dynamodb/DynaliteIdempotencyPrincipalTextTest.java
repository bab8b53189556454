package org.dsm.orchestrator.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.UUID;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A principal that is not well-formed UTF-16 (a JWT {@code sub} is any JSON string, an escaped
 * U+D800 included), against dynalite: its item is keyed by a hash of its UTF-8, which Java encodes
 * with {@code ?} for an unpaired surrogate, so it shared its items with the principal spelled with
 * a {@code ?} there: one caller was replayed the other's answer (the store contract's test of that,
 * run by {@code DynaliteIdempotencyStoreTest}). Here: well-formed principals keep their key.
 */
@EnabledIfEnvironmentVariable(
    named = "DYNALITE_ENDPOINT",
    matches = ".+",
    disabledReason = "DYNALITE_ENDPOINT is not set: scripts/dynalite.sh installs dynalite")
class DynaliteIdempotencyPrincipalTextTest {
  private static final String TABLE = "idempotency-principal-" + UUID.randomUUID();
  private static URI endpoint;
  private static DynamoDbIdempotencyStore store;

  @BeforeAll
  static void createTable() {
    endpoint = URI.create(System.getenv("DYNALITE_ENDPOINT"));
    try (DynamoDbMetricsStore metrics = metricsStore()) {
      metrics.createTableIfMissing();
    }
    store = DynamoDbIdempotencyStore.create(TABLE, "us-east-1", endpoint);
  }

  @AfterAll
  static void deleteTable() {
    if (store != null) {
      store.close();
    }
    try (DynamoDbMetricsStore metrics = metricsStore()) {
      metrics.deleteTable();
    }
  }

  private static DynamoDbMetricsStore metricsStore() {
    return DynamoDbMetricsStore.create(
        TABLE, "us-east-1", endpoint, DynamoDbMetricsStore.DEFAULT_RETENTION);
  }

  @Test
  void aWellFormedPrincipalKeepsItsPartitionKey() {
    // items written before this change stay reachable: the hash is still over the UTF-8
    assertThat(
            DynamoDbIdempotencyStore.partitionKey(new IdempotencyKey("arn:aws:iam::1:user/é", "k")))
        .isEqualTo(
            DynamoDbIdempotencyStore.SCOPED_PK_PREFIX
                + org.dsm.orchestrator.core.text.Sha256.hex("arn:aws:iam::1:user/é")
                + "#k");
  }
}
