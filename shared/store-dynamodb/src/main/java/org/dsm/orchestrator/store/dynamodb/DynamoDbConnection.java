package org.dsm.orchestrator.store.dynamodb;

import java.net.URI;
import java.time.Duration;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The DynamoDB connection both DynamoDB stores (metrics, idempotency, circuit hints) share: the
 * client, and the one table they keep their items in, created here for local emulators (on AWS the
 * template owns it).
 */
public final class DynamoDbConnection {
  /**
   * The longest one DynamoDB call may take, retries included. The SDK sets none: a request DynamoDB
   * (or the network) took and never answered waited out the HTTP client's 30 s read timeout, then
   * the retries did the same, holding the request that waited on it (an idempotency claim, a
   * Lambda's metrics write) past API Gateway's 29 s. DynamoDB answers in milliseconds.
   */
  public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(5);

  /** The longest one attempt may take before the SDK gives it up and retries. */
  public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbConnection.class);

  /**
   * The bound of one call that must end by {@code deadline}: {@link #API_CALL_TIMEOUT}, or the time
   * left when that is shorter (the request's own {@code apiCallTimeout}, which overrides the
   * client's); null when none is left, and the call is not to be made.
   */
  static Duration callTimeout(Deadline deadline) {
    long left = deadline.leftMs();
    if (left <= 0) {
      return null;
    }
    return left < API_CALL_TIMEOUT.toMillis() ? Duration.ofMillis(left) : API_CALL_TIMEOUT;
  }

  private DynamoDbConnection() {}

  public static DynamoDbClient client(String region, URI endpoint) {
    return client(region, endpoint, UrlConnectionHttpClient.builder());
  }

  /**
   * A client on the given HTTP client; the client is built by and belongs to the DynamoDB client,
   * so closing that closes its connections too.
   */
  public static DynamoDbClient client(
      String region, URI endpoint, software.amazon.awssdk.http.SdkHttpClient.Builder<?> http) {
    DynamoDbClientBuilder builder =
        DynamoDbClient.builder()
            .httpClientBuilder(http)
            .region(Region.of(region))
            .overrideConfiguration(
                c ->
                    c.apiCallTimeout(API_CALL_TIMEOUT)
                        .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
      if (System.getenv("AWS_ACCESS_KEY_ID") == null) {
        builder.credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
      }
    } else {
      builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
    }
    return builder.build();
  }

  /**
   * Creates the table with both GSIs if it does not exist (tests, local runs); production uses the
   * template.
   */
  public static void createTableIfMissing(DynamoDbClient client, String table) {
    try {
      client.describeTable(builder -> builder.tableName(table));
      return;
    } catch (ResourceNotFoundException absent) {
      LOG.info("creating DynamoDB table {}", table);
    }
    client.createTable(
        builder ->
            builder
                .tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                    stringAttribute(DynamoDbMetricsStore.PK),
                    stringAttribute(DynamoDbMetricsStore.SK),
                    stringAttribute(DynamoDbMetricsStore.GSI1_PK),
                    stringAttribute(DynamoDbMetricsStore.GSI1_SK),
                    stringAttribute(DynamoDbMetricsStore.GSI2_PK),
                    stringAttribute(DynamoDbMetricsStore.GSI2_SK))
                .keySchema(
                    key(DynamoDbMetricsStore.PK, KeyType.HASH),
                    key(DynamoDbMetricsStore.SK, KeyType.RANGE))
                .globalSecondaryIndexes(
                    index(
                        DynamoDbMetricsStore.GSI1,
                        DynamoDbMetricsStore.GSI1_PK,
                        DynamoDbMetricsStore.GSI1_SK),
                    index(
                        DynamoDbMetricsStore.GSI2,
                        DynamoDbMetricsStore.GSI2_PK,
                        DynamoDbMetricsStore.GSI2_SK)));
    client.waiter().waitUntilTableExists(builder -> builder.tableName(table));
    try {
      client.updateTimeToLive(
          builder ->
              builder
                  .tableName(table)
                  .timeToLiveSpecification(
                      spec -> spec.attributeName(DynamoDbMetricsStore.ATTR_TTL).enabled(true)));
    } catch (SdkException e) { // dynalite has no TTL API; in AWS the template enables it
      LOG.info(
          "TTL not enabled on {} ({}); items keep their {} attribute",
          table,
          e.getMessage(),
          DynamoDbMetricsStore.ATTR_TTL);
    }
  }

  private static AttributeDefinition stringAttribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static GlobalSecondaryIndex index(String name, String hashKey, String rangeKey) {
    return GlobalSecondaryIndex.builder()
        .indexName(name)
        .keySchema(key(hashKey, KeyType.HASH), key(rangeKey, KeyType.RANGE))
        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
        .build();
  }
}
