package org.dsm.orchestrator.store.dynamodb;

import java.time.Instant;
import java.util.Map;
import org.dsm.orchestrator.core.port.CircuitHints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * {@link CircuitHints} in the metrics table: one item per service, {@code pk} {@value #PARTITION},
 * {@code sk} the service, {@code openUntil} in epoch milliseconds (and the table's TTL attribute,
 * so old marks go away). GetItem to read (strongly consistent, one small item), PutItem with a
 * condition to mark, so a mark only ever moves later. Failures answer "no mark": the hint is
 * advisory. Each call ends within {@link CircuitHints#CALL_BOUND} (the SDK's retries included).
 */
public final class DynamoDbCircuitHints implements CircuitHints {
  static final String PARTITION = "CIRCUIT";
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbCircuitHints.class);

  private final DynamoDbClient client;
  private final String table;

  public DynamoDbCircuitHints(DynamoDbClient client, String table) {
    this.client = client;
    this.table = table;
  }

  @Override
  public Instant openUntil(String service, Instant now) {
    try {
      Map<String, AttributeValue> item =
          client
              .getItem(
                  builder ->
                      builder
                          .tableName(table)
                          .key(key(service))
                          .consistentRead(true)
                          .overrideConfiguration(o -> o.apiCallTimeout(CALL_BOUND)))
              .item();
      if (item == null || !item.containsKey("openUntil")) {
        return null;
      }
      Instant until = Instant.ofEpochMilli(Long.parseLong(item.get("openUntil").n()));
      return until.isAfter(now) ? until : null;
    } catch (SdkException | NumberFormatException e) {
      LOG.debug("circuit hint of {} unreadable: {}", service, e.toString());
      return null;
    }
  }

  @Override
  public void markOpen(String service, Instant until) {
    Map<String, AttributeValue> item = new java.util.HashMap<>(key(service));
    item.put("openUntil", AttributeValue.fromN(Long.toString(until.toEpochMilli())));
    item.put(
        DynamoDbMetricsStore.ATTR_TTL,
        AttributeValue.fromN(Long.toString(until.getEpochSecond() + 86_400)));
    try {
      client.putItem(
          builder ->
              builder
                  .tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(openUntil) OR openUntil < :until")
                  .expressionAttributeValues(Map.of(":until", item.get("openUntil")))
                  .overrideConfiguration(o -> o.apiCallTimeout(CALL_BOUND)));
    } catch (ConditionalCheckFailedException later) {
      // another instance already marked it down for longer
    } catch (SdkException e) {
      LOG.warn("circuit hint of {} not stored: {}", service, e.toString());
    }
  }

  private static Map<String, AttributeValue> key(String service) {
    return Map.of(
        DynamoDbMetricsStore.PK,
        AttributeValue.fromS(PARTITION),
        DynamoDbMetricsStore.SK,
        AttributeValue.fromS(service));
  }
}
