package org.dsm.orchestrator.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.dsm.orchestrator.core.fixtures.MetricsStoreContract;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The store contract against dynalite, a DynamoDB-protocol server (scripts/dynalite.sh start;
 * scripts/test.sh starts it and sets DYNALITE_ENDPOINT). Skipped, saying so, when DYNALITE_ENDPOINT
 * is unset.
 */
@EnabledIfEnvironmentVariable(
    named = "DYNALITE_ENDPOINT",
    matches = ".+",
    disabledReason =
        "DYNALITE_ENDPOINT is "
            + "not set: start dynalite with scripts/dynalite.sh start and export DYNALITE_ENDPOINT=http://127.0.0.1:8111 "
            + "(scripts/test.sh does both)")
class DynaliteMetricsStoreTest extends MetricsStoreContract {
  private static final String TABLE = "metrics-test-" + UUID.randomUUID();
  private static URI endpoint;

  @BeforeAll
  static void createTable() {
    endpoint = URI.create(System.getenv("DYNALITE_ENDPOINT"));
    try (DynamoDbMetricsStore store = open()) {
      store.createTableIfMissing();
      store.createTableIfMissing(); // a second call finds it and does nothing
    }
  }

  @AfterAll
  static void deleteTable() {
    if (endpoint != null) {
      try (DynamoDbMetricsStore store = open()) {
        store.deleteTable();
      }
    }
  }

  static DynamoDbMetricsStore open() {
    return DynamoDbMetricsStore.create(
        TABLE, "us-east-1", endpoint, DynamoDbMetricsStore.DEFAULT_RETENTION);
  }

  @Override
  protected MetricsStore createStore() {
    return DynamoDbMetricsStore.create(TABLE, "us-east-1", endpoint, maintenance());
  }

  @Override
  protected Optional<MetricsStore> createSecondInstance() {
    return Optional.of(DynamoDbMetricsStore.create(TABLE, "us-east-1", endpoint, maintenance()));
  }

  /** Bucket items in the (function, project) partition of the contract's project. */
  @Override
  protected long storedBucketCount(String fn) {
    try (DynamoDbClient client = DynamoDbConnection.client("us-east-1", endpoint)) {
      return client
          .query(
              builder ->
                  builder
                      .tableName(TABLE)
                      .keyConditionExpression("pk = :pk AND begins_with(sk, :b)")
                      .expressionAttributeValues(
                          Map.of(
                              ":pk", AttributeValue.fromS("P#" + project + "#F#" + fn),
                              ":b", AttributeValue.fromS("B#")))
                      .select(Select.COUNT))
          .count();
    }
  }

  @Test
  void itemsCarryTheDocumentedKeysAndTtl() {
    Instant start = Instant.parse("2031-03-04T05:06:07.123456Z");
    store.write(List.of(InvocationRecords.ok(fn, "inv-1", project, start, 12)));

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
                                      AttributeValue.fromS("P#" + project + "#F#" + fn),
                                  DynamoDbMetricsStore.SK,
                                      AttributeValue.fromS("R#01930367167123456#inv-1"))))
              .item();
      assertThat(item)
          .containsKeys(
              DynamoDbMetricsStore.GSI1_PK,
              DynamoDbMetricsStore.GSI1_SK,
              DynamoDbMetricsStore.GSI2_PK,
              DynamoDbMetricsStore.GSI2_SK,
              DynamoDbMetricsStore.ATTR_TTL);
      assertThat(item.get(DynamoDbMetricsStore.GSI1_PK).s()).isEqualTo("P#" + project);
      assertThat(item.get(DynamoDbMetricsStore.GSI2_PK).s()).isEqualTo("D#2031-03-04");
      // rounded up: TTL may delete the item after that second, and reads show the record until
      // start + retention, a fraction (.123456) past the second below
      assertThat(Long.parseLong(item.get(DynamoDbMetricsStore.ATTR_TTL).n()))
          .isEqualTo(start.plus(RETENTION).getEpochSecond() + 1);
    }
  }

  @Test
  void theCallersPrincipalIsAnAttributeOfItsItemAndAbsentWithoutOne() {
    Instant start = Instant.parse("2031-03-05T05:06:07.123456Z");
    var anonymous = InvocationRecords.ok(fn, "inv-anon", project, start, 12);
    var base = InvocationRecords.ok(fn, "inv-alice", project, start, 12);
    var alice = InvocationRecords.withPrincipal(base, "arn:aws:iam::111122223333:user/alice");
    store.write(List.of(anonymous, alice));

    try (DynamoDbClient client = DynamoDbConnection.client("us-east-1", endpoint)) {
      for (String id : List.of("inv-anon", "inv-alice")) {
        Map<String, AttributeValue> item =
            client
                .getItem(
                    builder ->
                        builder
                            .tableName(TABLE)
                            .key(
                                Map.of(
                                    DynamoDbMetricsStore.PK,
                                    AttributeValue.fromS("P#" + project + "#F#" + fn),
                                    DynamoDbMetricsStore.SK,
                                    AttributeValue.fromS("R#01930453567123456#" + id))))
                .item();
        if (id.equals("inv-alice")) {
          assertThat(item.get(DynamoDbMetricsStore.ATTR_PRINCIPAL).s())
              .isEqualTo("arn:aws:iam::111122223333:user/alice");
        } else {
          assertThat(item).containsKey(DynamoDbMetricsStore.ATTR_RECORD);
          assertThat(item).doesNotContainKey(DynamoDbMetricsStore.ATTR_PRINCIPAL);
        }
      }
    }
  }

  @Test
  void windowsSpanningSeveralDaysQueryEachDayPartition() {
    Instant lateOnDay1 = Instant.parse("2031-07-01T23:59:30Z");
    List<org.dsm.orchestrator.core.metrics.InvocationRecord> records =
        List.of(
            InvocationRecords.ok(fn, "d1", project, lateOnDay1, 1),
            InvocationRecords.ok(fn, "d2", project, lateOnDay1.plus(Duration.ofDays(1)), 2),
            InvocationRecords.ok(fn, "d3", project, lateOnDay1.plus(Duration.ofDays(2)), 3));
    store.write(records);
    clock.set(lateOnDay1.plus(Duration.ofDays(3)));

    MetricsStore.RecordPage page =
        store.query(
            new MetricsStore.MetricsQuery(
                fn, null, lateOnDay1, lateOnDay1.plus(Duration.ofDays(3)), 2, null));
    MetricsStore.RecordPage next =
        store.query(
            new MetricsStore.MetricsQuery(
                fn,
                null,
                lateOnDay1,
                lateOnDay1.plus(Duration.ofDays(3)),
                2,
                page.nextPageToken()));

    assertThat(page.records()).extracting(r -> r.invocationId()).containsExactly("d3", "d2");
    assertThat(next.records()).extracting(r -> r.invocationId()).containsExactly("d1");
    assertThat(next.nextPageToken()).isNull();
    // this test's own function: the table is shared with the contract's tests, whose random
    // base times can fall in the same days
    assertThat(
            store
                .aggregate(fn, null, lateOnDay1, lateOnDay1.plus(Duration.ofDays(3)))
                .invocations())
        .isEqualTo(3);
  }
}
