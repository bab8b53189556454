package org.dsm.orchestrator.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsStoreException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** BatchWriteItem's unprocessed items (throttling) are retried; the 25-item limit is respected. */
class UnprocessedItemsTest {
  private static final String TABLE = "metrics";

  /** Records each call's items; {@code unprocessed} picks what the "service" hands back. */
  private static final class FakeClient implements DynamoDbClient {
    final List<List<WriteRequest>> calls = new ArrayList<>();
    final UnaryOperator<List<WriteRequest>> unprocessed;

    FakeClient(UnaryOperator<List<WriteRequest>> unprocessed) {
      this.unprocessed = unprocessed;
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
      List<WriteRequest> items = request.requestItems().get(TABLE);
      calls.add(items);
      List<WriteRequest> left = unprocessed.apply(items);
      return BatchWriteItemResponse.builder()
          .unprocessedItems(left.isEmpty() ? Map.of() : Map.of(TABLE, left))
          .build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {}
  }

  private static List<InvocationRecord> records(int count) {
    List<InvocationRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      records.add(
          InvocationRecords.ok(
              "orchestrate",
              "inv-" + i,
              "p-1",
              Instant.parse("2031-01-01T00:00:00Z").plusSeconds(i),
              i));
    }
    return records;
  }

  @Test
  void unprocessedItemsAreResentUntilAccepted() {
    int[] round = {0};
    FakeClient client =
        new FakeClient(
            items -> round[0]++ == 0 ? items.subList(items.size() - 3, items.size()) : List.of());
    DynamoDbMetricsStore store =
        new DynamoDbMetricsStore(client, TABLE, Duration.ofDays(1), false, 1);

    store.write(
        records(2)); // 2 invocations + 1 bucket partial = 3 items, all unprocessed the first time

    assertThat(client.calls).hasSize(2);
    assertThat(client.calls.get(1)).containsExactlyElementsOf(client.calls.get(0));
  }

  @Test
  void largeBatchesAreSplitIntoChunksOf25() {
    FakeClient client = new FakeClient(items -> List.of());
    DynamoDbMetricsStore store =
        new DynamoDbMetricsStore(client, TABLE, Duration.ofDays(1), false, 1);

    store.write(records(70)); // 70 invocations over 2 minutes + 2 partials = 72 items

    assertThat(client.calls).extracting(List::size).containsExactly(25, 25, 22);
  }

  @Test
  void itemsNeverAcceptedFailTheWriteSoTheRecorderCanRetryAndCount() {
    FakeClient client = new FakeClient(items -> items);
    DynamoDbMetricsStore store =
        new DynamoDbMetricsStore(client, TABLE, Duration.ofDays(1), false, 1);

    assertThatThrownBy(() -> store.write(records(1)))
        .isInstanceOf(MetricsStoreException.class)
        .hasMessageContaining("unprocessed");
    assertThat(client.calls).hasSize(8);
  }
}
