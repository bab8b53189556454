package org.dsm.orchestrator.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsm.orchestrator.core.fixtures.IdempotencyStoreContract;
import org.dsm.orchestrator.core.idempotency.Claim;
import org.dsm.orchestrator.core.idempotency.IdempotencyGuard;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.dsm.orchestrator.core.port.IdempotencyStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

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

    Map<String, AttributeValue> item = storedItem();
    assertThat(Long.parseLong(item.get(DynamoDbMetricsStore.ATTR_TTL).n()))
        .isEqualTo(now.plus(Duration.ofHours(24)).getEpochSecond() + 1); // rounded up, never early
    assertThat(item.get(DynamoDbIdempotencyStore.ATTR_STATUS).n()).isEqualTo("200");
    assertThat(item).doesNotContainKeys(DynamoDbMetricsStore.GSI1_PK, DynamoDbMetricsStore.GSI2_PK);
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

  /**
   * A body that stays over 400 KB after gzip (random bytes, base64: about 600 KB, gzip saves a
   * quarter) cannot be stored; dynalite refuses it as DynamoDB does. The key is still completed: a
   * retry does not run the action again and gets the first status with a body saying the answer was
   * not kept, not a made-up one.
   */
  @Test
  void aResponseTooLargeEvenCompressedKeepsItsOutcomeAndIsReplayedSayingSo() {
    byte[] noise = new byte[450 * 1024];
    new java.util.Random(7).nextBytes(noise);
    String body = "{\"blob\":\"" + java.util.Base64.getEncoder().encodeToString(noise) + "\"}";
    IdempotencyGuard guard = new IdempotencyGuard(store);
    AtomicInteger runs = new AtomicInteger();
    java.util.function.Supplier<StoredResponse> action =
        () -> {
          runs.incrementAndGet();
          return new StoredResponse(201, Map.of("Content-Type", "application/json"), body);
        };

    IdempotencyGuard.Outcome first = guard.execute(key, "fp", action);
    IdempotencyGuard.Outcome replay = guard.execute(key, "fp", action);

    assertThat(first.response().body()).isEqualTo(body); // the first caller got the real answer
    assertThat(runs).hasValue(1);
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.response().status()).isEqualTo(201);
    assertThat(replay.response().headers()).containsEntry("Content-Type", "application/json");
    assertThat(replay.response().body())
        .isEqualTo(
            "{\"detail\":\"This Idempotency-Key's request already ran and was answered 201; that"
                + " answer's body ("
                + body.length()
                + " bytes) was too large for the idempotency store to keep, so it cannot be"
                + " replayed. Nothing was run again.\"}");
  }

  /** A body over the threshold is stored compressed, as binary, and not as text. */
  @Test
  void aLargeBodyIsStoredGzipped() {
    String body = "{\"n\":\"" + "abc".repeat(10_000) + "\"}";
    store.claim(key, "fp", "owner-1", now, now.plus(Duration.ofMinutes(5)));
    store.complete(key, "owner-1", new StoredResponse(200, body), now.plus(Duration.ofHours(1)));

    Map<String, AttributeValue> item = storedItem();
    assertThat(item).doesNotContainKey(DynamoDbIdempotencyStore.ATTR_BODY);
    assertThat(item.get(DynamoDbIdempotencyStore.ATTR_BODY_GZIP).b().asByteArray().length)
        .isLessThan(body.length() / 10);
  }

  /**
   * DynamoDB can commit a PutItem and still answer 500 (or the connection can break before the
   * answer arrives); the SDK then retries the same conditional put, which now fails on the item the
   * first try wrote. That item is this claim's own: the claim must win, not report the key "in
   * progress" (a 409 to the very request that holds it, and to its retries until the lease ends,
   * with nothing run).
   */
  @Test
  void aClaimTheSdkRetriesAfterItsPutWasStoredIsStillClaimed() {
    AtomicInteger puts = new AtomicInteger();
    ExecutionInterceptor lostAnswer =
        new ExecutionInterceptor() {
          @Override
          public SdkHttpResponse modifyHttpResponse(
              Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
            boolean put = context.request() instanceof PutItemRequest;
            if (put && puts.incrementAndGet() == 1) { // stored by dynalite, answered as a 500
              return context.httpResponse().toBuilder().statusCode(500).build();
            }
            return context.httpResponse();
          }
        };
    try (DynamoDbClient client =
            DynamoDbClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(lostAnswer))
                .build();
        DynamoDbIdempotencyStore retried = new DynamoDbIdempotencyStore(client, TABLE)) {
      Claim claim = retried.claim(key, "fp", "owner-1", now, now.plus(Duration.ofMinutes(5)));

      assertThat(puts).hasValue(2); // the SDK did retry the stored put
      assertThat(claim.state()).isEqualTo(Claim.State.CLAIMED);
      // and the claim is really held: another attempt sees it in progress
      assertThat(store.claim(key, "fp", "owner-2", now, now.plusSeconds(60)).state())
          .isEqualTo(Claim.State.IN_PROGRESS);
    }
  }

  /** The key's item as DynamoDB holds it, read with a client of its own. */
  private Map<String, AttributeValue> storedItem() {
    try (DynamoDbClient client = DynamoDbConnection.client("us-east-1", endpoint)) {
      return client
          .getItem(
              builder ->
                  builder
                      .tableName(TABLE)
                      .key(
                          Map.of(
                              DynamoDbMetricsStore.PK,
                              AttributeValue.fromS("idem#" + key.value()),
                              DynamoDbMetricsStore.SK,
                              AttributeValue.fromS("idem"))))
          .item();
    }
  }
}
