package org.dsm.orchestrator.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * dynalite reads are always strongly consistent; DynamoDB's are not unless asked. A Query without
 * ConsistentRead "might not reflect the results of a recently completed write", and a Query on a
 * global secondary index cannot ask (ConsistentRead=true there is a ValidationException). This test
 * puts a client in front of dynalite that behaves so: items written but not yet "propagated" are
 * missing from eventually consistent reads. The performance report reads the project's orchestrate
 * window right after the orchestration's record was written, and must count it.
 */
@EnabledIfEnvironmentVariable(
    named = "DYNALITE_ENDPOINT",
    matches = ".+",
    disabledReason = "DYNALITE_ENDPOINT is not set (scripts/test.sh starts dynalite and sets it)")
class DynaliteReadYourWritesTest {
  private static final String TABLE = "consistency-test-" + UUID.randomUUID();
  private static DynamoDbClient dynalite;

  @BeforeAll
  static void createTable() {
    dynalite =
        DynamoDbConnection.client("us-east-1", URI.create(System.getenv("DYNALITE_ENDPOINT")));
    DynamoDbConnection.createTableIfMissing(dynalite, TABLE);
  }

  @AfterAll
  static void deleteTable() {
    if (dynalite != null) {
      dynalite.deleteTable(builder -> builder.tableName(TABLE));
      dynalite.close();
    }
  }

  /** dynalite with DynamoDB's read consistency: recent writes only show to consistent reads. */
  private static final class EventuallyConsistent implements DynamoDbClient {
    final Set<Map<String, AttributeValue>> notPropagated = new HashSet<>();

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
      BatchWriteItemResponse response = dynalite.batchWriteItem(request);
      request
          .requestItems()
          .values()
          .forEach(
              writes ->
                  writes.forEach(
                      w -> {
                        if (w.putRequest() != null) {
                          notPropagated.add(key(w.putRequest().item()));
                        }
                      }));
      return response;
    }

    @Override
    public QueryResponse query(QueryRequest request) {
      boolean consistent = Boolean.TRUE.equals(request.consistentRead());
      if (consistent && request.indexName() != null) {
        throw DynamoDbException.builder()
            .message("Consistent reads are not supported on global secondary indexes")
            .statusCode(400)
            .build();
      }
      QueryResponse response = dynalite.query(request);
      if (consistent) {
        return response;
      }
      List<Map<String, AttributeValue>> visible =
          response.items().stream().filter(item -> !notPropagated.contains(key(item))).toList();
      return response.toBuilder().items(visible).count(visible.size()).build();
    }

    private static Map<String, AttributeValue> key(Map<String, AttributeValue> item) {
      return Map.of(
          DynamoDbMetricsStore.PK, item.get(DynamoDbMetricsStore.PK),
          DynamoDbMetricsStore.SK, item.get(DynamoDbMetricsStore.SK));
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  @Test
  void theProjectsOrchestrateWindowCountsTheRecordJustWritten() {
    EventuallyConsistent client = new EventuallyConsistent();
    DynamoDbMetricsStore store = new DynamoDbMetricsStore(client, TABLE, Duration.ofDays(1));
    Instant now = Instant.now();
    String project = "p-" + UUID.randomUUID();
    store.write(
        List.of(
            InvocationRecords.ok(
                FunctionNames.ORCHESTRATE, "inv-1", project, now.minusSeconds(150), 40),
            InvocationRecords.ok(
                FunctionNames.ORCHESTRATE, "inv-2", project, now.minusSeconds(1), 60)));

    // whole minutes come from the bucket items, the window's edges from the records
    Instant from = now.minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
    assertThat(
            store
                .aggregate(FunctionNames.ORCHESTRATE, project, from, now.plusSeconds(1))
                .invocations())
        .isEqualTo(2);
    // the paged records of the project's orchestrations, newest first
    assertThat(
            store
                .query(
                    new org.dsm.orchestrator.core.port.MetricsStore.MetricsQuery(
                        FunctionNames.ORCHESTRATE, project, from, now.plusSeconds(1), 10, null))
                .records())
        .extracting(r -> r.invocationId())
        .containsExactly("inv-2", "inv-1");
  }
}
