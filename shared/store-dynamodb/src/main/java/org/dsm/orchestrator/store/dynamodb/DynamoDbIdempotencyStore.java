package org.dsm.orchestrator.store.dynamodb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.dsm.orchestrator.core.idempotency.Claim;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.IdempotencyStoreException;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.port.IdempotencyStore;
import org.dsm.orchestrator.core.text.Sha256;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * {@link IdempotencyStore} in the metrics table ({@link DynamoDbMetricsStore}'s key and TTL
 * attributes): one item per (caller, key), {@code sk = "idem"} and {@code pk = "idem#<key>"}
 * without a caller or {@code "idemp#<sha-256 of the principal>#<key>"} with one (the hash keeps the
 * partition key bounded and unambiguous whatever characters an ARN or subject holds; the two
 * prefixes differ in their fifth character, so no unscoped key can meet a scoped one). The
 * principal itself is kept in {@value #ATTR_PRINCIPAL}. A claim is a conditional PutItem (no item,
 * or its {@value DynamoDbMetricsStore#ATTR_TTL} has passed), so exactly one claimer wins across
 * instances; DynamoDB's TTL deletes old items later, and until then an expired item counts as
 * absent. A put whose condition fails on an item of the same owner is the SDK's retry of a put that
 * was stored (DynamoDB answered 500, or the answer was lost): the claim is won. Times are whole
 * epoch seconds (the TTL attribute's unit): expiry is rounded up, "now" down, so an entry never
 * ends early.
 *
 * <p>DynamoDB's items hold at most 400 KB. A body over {@value #COMPRESS_ABOVE} bytes is stored
 * gzip-compressed as binary ({@value #ATTR_BODY_GZIP}; JSON shrinks several times), so a response
 * the PostgreSQL store keeps is replayed unchanged here too. A response that does not fit even so
 * is completed without its body ({@value #ATTR_BODY_BYTES} says how long it was): the action still
 * runs once, and a replay answers the first status with a body saying the original was not kept,
 * never an invented one.
 */
public final class DynamoDbIdempotencyStore implements IdempotencyStore {
  public static final String PK_PREFIX = "idem#";
  public static final String SCOPED_PK_PREFIX = "idemp#";
  public static final String ATTR_PRINCIPAL = "idemPrincipal";
  public static final String SK_VALUE = "idem";
  public static final String ATTR_FINGERPRINT = "idemFingerprint";
  public static final String ATTR_OWNER = "idemOwner";
  public static final String ATTR_STATUS = "idemStatus";
  public static final String ATTR_HEADERS = "idemHeaders";
  public static final String ATTR_BODY = "idemBody";
  public static final String ATTR_BODY_GZIP = "idemBodyGzip";
  public static final String ATTR_BODY_BYTES = "idemBodyBytes";

  /** Bodies above this many UTF-8 bytes are compressed (also cheaper: writes cost per 1 KB). */
  public static final int COMPRESS_ABOVE = 8 * 1024;

  private static final int CLAIM_ATTEMPTS = 3;

  private final DynamoDbClient client;
  private final String table;
  private final boolean ownsClient;

  /** Uses a client owned by someone else (e.g. the one the metrics store uses). */
  public DynamoDbIdempotencyStore(DynamoDbClient client, String table) {
    this(client, table, false);
  }

  private DynamoDbIdempotencyStore(DynamoDbClient client, String table, boolean ownsClient) {
    this.client = client;
    this.table = table;
    this.ownsClient = ownsClient;
  }

  /** A store with its own client; see {@link DynamoDbMetricsStore#client} for {@code endpoint}. */
  public static DynamoDbIdempotencyStore create(String table, String region, URI endpoint) {
    return new DynamoDbIdempotencyStore(DynamoDbConnection.client(region, endpoint), table, true);
  }

  @Override
  public Claim claim(
      IdempotencyKey key, String fingerprint, String owner, Instant now, Instant leaseUntil) {
    return claim(key, fingerprint, owner, now, leaseUntil, Deadline.NONE);
  }

  /**
   * Each call bounded by what is left of {@code deadline}; none started once it is gone. A put
   * given up on may still be applied by DynamoDB (it took the request; the SDK's retries may be
   * queued behind it): the guard releases the claim next, with the time it kept for that.
   */
  @Override
  public Claim claim(
      IdempotencyKey key,
      String fingerprint,
      String owner,
      Instant now,
      Instant leaseUntil,
      Deadline deadline) {
    Map<String, AttributeValue> item = new HashMap<>(key(key));
    if (key.scoped()) {
      item.put(ATTR_PRINCIPAL, AttributeValue.fromS(key.principal()));
    }
    item.put(ATTR_FINGERPRINT, AttributeValue.fromS(fingerprint));
    item.put(ATTR_OWNER, AttributeValue.fromS(owner));
    item.put(DynamoDbMetricsStore.ATTR_TTL, epochSecondsRoundedUp(leaseUntil));
    try {
      // the item can vanish between the failed put and the read (released, TTL-deleted): then try
      // again
      for (int attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
        Duration timeout = callTimeout(deadline, "claim");
        try {
          client.putItem(
              builder ->
                  builder
                      .overrideConfiguration(o -> o.apiCallTimeout(timeout))
                      .tableName(table)
                      .item(item)
                      .conditionExpression("attribute_not_exists(#pk) OR #ttl <= :now")
                      .expressionAttributeNames(
                          Map.of(
                              "#pk",
                              DynamoDbMetricsStore.PK,
                              "#ttl",
                              DynamoDbMetricsStore.ATTR_TTL))
                      .expressionAttributeValues(
                          Map.of(
                              ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))));
          return Claim.claimed(fingerprint);
        } catch (ConditionalCheckFailedException taken) {
          Claim live = readLive(key, now, owner, callTimeout(deadline, "claim"));
          if (live != null) {
            return live;
          }
        }
      }
      throw new IdempotencyStoreException(
          "the idempotency item kept changing under the claim", null);
    } catch (SdkException e) {
      throw new IdempotencyStoreException(
          "DynamoDB idempotency claim failed: " + e.getMessage(), e);
    }
  }

  /**
   * The live item, or null. An in-progress item of {@code owner} is this claim's own: DynamoDB can
   * store a put and still answer 500 (or the answer is lost), and the SDK then retries the put,
   * whose condition fails on the item the first try wrote.
   */
  private Claim readLive(IdempotencyKey key, Instant now, String owner, Duration timeout) {
    Map<String, AttributeValue> item =
        client
            .getItem(
                builder ->
                    builder
                        .overrideConfiguration(o -> o.apiCallTimeout(timeout))
                        .tableName(table)
                        .key(key(key))
                        .consistentRead(true))
            .item();
    if (item == null
        || item.isEmpty()
        || Long.parseLong(item.get(DynamoDbMetricsStore.ATTR_TTL).n()) <= now.getEpochSecond()) {
      return null;
    }
    String fingerprint = item.get(ATTR_FINGERPRINT).s();
    AttributeValue status = item.get(ATTR_STATUS);
    if (status == null) {
      AttributeValue itemOwner = item.get(ATTR_OWNER); // absent on an item written by hand
      return itemOwner != null && owner.equals(itemOwner.s())
          ? Claim.claimed(fingerprint)
          : Claim.inProgress(fingerprint);
    }
    Map<String, String> headers =
        item.containsKey(ATTR_HEADERS)
            ? item.get(ATTR_HEADERS).m().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()))
            : Map.of();
    int code = Integer.parseInt(status.n());
    if (item.containsKey(ATTR_BODY_BYTES)) {
      return Claim.completed(
          fingerprint, bodyNotKept(code, Long.parseLong(item.get(ATTR_BODY_BYTES).n())));
    }
    String body =
        item.containsKey(ATTR_BODY_GZIP)
            ? gunzip(item.get(ATTR_BODY_GZIP).b().asByteArray())
            : item.containsKey(ATTR_BODY) ? item.get(ATTR_BODY).s() : "";
    return Claim.completed(fingerprint, new StoredResponse(code, headers, body));
  }

  /**
   * The replay of a response whose body did not fit: its status (the outcome is known) and a body
   * saying so, in the API's error shape; the first answer's headers are not replayed with it.
   */
  static StoredResponse bodyNotKept(int status, long bodyBytes) {
    String detail =
        "This Idempotency-Key's request already ran and was answered "
            + status
            + "; that answer's body ("
            + bodyBytes
            + " bytes) was too large for the idempotency store to keep, so it cannot be replayed."
            + " Nothing was run again.";
    return new StoredResponse(
        status, Map.of("Content-Type", "application/json"), "{\"detail\":\"" + detail + "\"}");
  }

  @Override
  public void complete(
      IdempotencyKey key, String owner, StoredResponse response, Instant expiresAt) {
    complete(key, owner, response, expiresAt, Deadline.NONE);
  }

  /** Each call bounded by what is left of {@code deadline}; none started once it is gone. */
  @Override
  public void complete(
      IdempotencyKey key,
      String owner,
      StoredResponse response,
      Instant expiresAt,
      Deadline deadline) {
    Map<String, String> names =
        new HashMap<>(
            Map.of(
                "#ttl",
                DynamoDbMetricsStore.ATTR_TTL,
                "#owner",
                ATTR_OWNER,
                "#status",
                ATTR_STATUS));
    Map<String, AttributeValue> values =
        new HashMap<>(
            Map.of(
                ":owner",
                AttributeValue.fromS(owner),
                ":status",
                AttributeValue.fromN(Integer.toString(response.status())),
                ":exp",
                epochSecondsRoundedUp(expiresAt)));
    StringBuilder update = new StringBuilder("SET #status = :status, #ttl = :exp");
    // empty strings and maps are left out: older DynamoDB emulators reject them, and absent reads
    // back as empty
    if (!response.headers().isEmpty()) {
      names.put("#headers", ATTR_HEADERS);
      values.put(
          ":headers",
          AttributeValue.fromM(
              response.headers().entrySet().stream()
                  .collect(
                      Collectors.toMap(
                          Map.Entry::getKey, e -> AttributeValue.fromS(e.getValue())))));
      update.append(", #headers = :headers");
    }
    byte[] utf8 = response.body().getBytes(StandardCharsets.UTF_8);
    if (utf8.length > COMPRESS_ABOVE) {
      names.put("#body", ATTR_BODY_GZIP);
      values.put(":body", AttributeValue.fromB(SdkBytes.fromByteArray(gzip(utf8))));
    } else if (utf8.length > 0) {
      names.put("#body", ATTR_BODY);
      values.put(":body", AttributeValue.fromS(response.body()));
    }
    try {
      try {
        update(
            key,
            update + (names.containsKey("#body") ? ", #body = :body" : ""),
            names,
            values,
            deadline);
      } catch (DynamoDbException e) {
        if (!tooLarge(e)) {
          throw e;
        }
        // even compressed it does not fit: keep the outcome (completed, its status) and the body's
        // length, so a replay neither runs the action again nor pretends to have the body
        names.put("#body", ATTR_BODY_BYTES);
        values.put(":body", AttributeValue.fromN(Long.toString(utf8.length)));
        names.remove("#headers");
        values.remove(":headers");
        update(key, "SET #status = :status, #ttl = :exp, #body = :body", names, values, deadline);
      }
    } catch (ConditionalCheckFailedException notOwner) {
      // the lease ran out and another attempt owns the key now: its entry wins
    } catch (SdkException e) {
      throw new IdempotencyStoreException(
          "DynamoDB idempotency complete failed: " + e.getMessage(), e);
    }
  }

  private void update(
      IdempotencyKey key,
      String expression,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      Deadline deadline) {
    Duration timeout = callTimeout(deadline, "complete");
    client.updateItem(
        builder ->
            builder
                .overrideConfiguration(o -> o.apiCallTimeout(timeout))
                .tableName(table)
                .key(key(key))
                .updateExpression(expression)
                .conditionExpression("#owner = :owner")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
  }

  /** DynamoDB's (and dynalite's) answer to an item over 400 KB. */
  private static boolean tooLarge(DynamoDbException e) {
    return e.statusCode() == 400
        && e.awsErrorDetails() != null
        && "ValidationException".equals(e.awsErrorDetails().errorCode())
        && String.valueOf(e.awsErrorDetails().errorMessage())
            .contains("exceeded the maximum allowed size");
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("gzip in memory cannot fail", e);
    }
    return out.toByteArray();
  }

  private static String gunzip(byte[] bytes) {
    try (GZIPInputStream zip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IdempotencyStoreException("stored response body unreadable: " + e.getMessage(), e);
    }
  }

  @Override
  public void release(IdempotencyKey key, String owner) {
    release(key, owner, Deadline.NONE);
  }

  @Override
  public void release(IdempotencyKey key, String owner, Deadline deadline) {
    Duration timeout = callTimeout(deadline, "release");
    try {
      client.deleteItem(
          builder ->
              builder
                  .overrideConfiguration(o -> o.apiCallTimeout(timeout))
                  .tableName(table)
                  .key(key(key))
                  .conditionExpression("#owner = :owner")
                  .expressionAttributeNames(Map.of("#owner", ATTR_OWNER))
                  .expressionAttributeValues(Map.of(":owner", AttributeValue.fromS(owner))));
    } catch (ConditionalCheckFailedException notOwner) {
      // someone else's entry (or none): nothing of ours to drop
    } catch (SdkException e) {
      throw new IdempotencyStoreException(
          "DynamoDB idempotency release failed: " + e.getMessage(), e);
    }
  }

  /** The bound of the next call by {@code deadline}; throws when there is no time left for one. */
  private static Duration callTimeout(Deadline deadline, String what) {
    Duration timeout = DynamoDbConnection.callTimeout(deadline);
    if (timeout == null) {
      throw new IdempotencyStoreException(
          "DynamoDB idempotency "
              + what
              + " not sent: no time was left before this invocation's deadline",
          null);
    }
    return timeout;
  }

  /**
   * The item's partition key. The principal's hash is over {@link IdempotencyKey#principalBytes}:
   * its UTF-8 when it is well-formed, as before; over the UTF-8 an unpaired surrogate became {@code
   * ?}, and two principals shared their items (one caller was replayed the other's answer).
   */
  static String partitionKey(IdempotencyKey key) {
    return key.scoped()
        ? SCOPED_PK_PREFIX + Sha256.hex(key.principalBytes()) + "#" + key.value()
        : PK_PREFIX + key.value();
  }

  private static Map<String, AttributeValue> key(IdempotencyKey key) {
    return Map.of(
        DynamoDbMetricsStore.PK,
        AttributeValue.fromS(partitionKey(key)),
        DynamoDbMetricsStore.SK,
        AttributeValue.fromS(SK_VALUE));
  }

  private static AttributeValue epochSecondsRoundedUp(Instant instant) {
    long seconds = instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0);
    return AttributeValue.fromN(Long.toString(seconds));
  }

  @Override
  public String name() {
    return "dynamodb";
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
