package org.dsm.orchestrator.store.dynamodb;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.metrics.BucketAccumulator;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsAggregate;
import org.dsm.orchestrator.core.metrics.MetricsBuckets;
import org.dsm.orchestrator.core.metrics.MetricsQueries;
import org.dsm.orchestrator.core.metrics.MetricsStoreException;
import org.dsm.orchestrator.core.metrics.StoreMaintenance;
import org.dsm.orchestrator.core.metrics.WindowedAggregation;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * {@link MetricsStore} on one DynamoDB table. Every query is a Query on a key — never a Scan.
 *
 * <p>Key design ({@code <micros>} = start time in epoch microseconds, 17 digits; {@code <bucket>} =
 * bucket start in epoch milliseconds, 13 digits; {@code <day>} = UTC yyyy-MM-dd; a record without
 * project uses {@value #NO_PROJECT}):
 *
 * <pre>
 * item              pk                      sk                        gsi1pk (gsi1)   gsi1sk / gsi2sk                     gsi2pk (gsi2)
 * invocation        P#&lt;project&gt;#F#&lt;fn&gt;    R#&lt;micros&gt;#&lt;invocationId&gt;   P#&lt;project&gt;     R#&lt;micros&gt;#&lt;invocationId&gt;#&lt;fn&gt;   D#&lt;day&gt;
 * bucket partial    P#&lt;project&gt;#F#&lt;fn&gt;    B#&lt;bucket&gt;#&lt;partialId&gt;     P#&lt;project&gt;     B#&lt;bucket&gt;#&lt;partialId&gt;           D#&lt;day&gt;
 * </pre>
 *
 * Function and project → the table; project only → gsi1; function only or neither → gsi2, one query
 * per UTC day of the window (newest day first), function-only adding a filter on {@value
 * #ATTR_FUNCTION} (there are two functions, so at most half the items read are filtered away). Sort
 * keys start with the time, so every window is a key range and descending order is newest first.
 * Invocations hold the record as JSON in {@value #ATTR_RECORD}; bucket partials hold an encoded
 * {@link BucketAccumulator} (HdrHistograms) in {@value #ATTR_HISTOGRAMS}; aggregates merge them
 * (see {@link MetricsBuckets}). {@value #ATTR_TTL} (epoch seconds) expires items after the
 * retention. The day-partitioned gsi2 bounds each partition's size and spreads writes across days.
 * Table queries (function and project) are strongly consistent, so they see every write that
 * completed before them; the indexes are eventually consistent (DynamoDB offers nothing else), so
 * queries through them may miss writes of the last moments.
 *
 * <p>Retention: TTL deletes expired items (AWS may take days to do so), and reads never reach
 * before the retention cut-off, so expired items are invisible at once. Compaction: the {@code
 * <partialId>} of a bucket partial is the batch's id, {@code L<id>} for a late write (see {@link
 * MetricsBuckets#LATE_AFTER}) or {@value #MERGED} for the merge of a settled minute's on-time
 * partials. A read that meets a settled minute with several on-time partials writes their merge and
 * then deletes them; readers count a minute's merged item (when present) instead of its on-time
 * partials, plus its late partials, so each of those steps may fail or run twice without a partial
 * being counted twice or lost. Only readers compact (the orchestrate function never reads). A batch
 * retried after its minute turned late lands in its on-time item, or nowhere once the merge holds
 * it ({@value #ATTR_MERGED_IDS}), never in a late twin.
 */
public final class DynamoDbMetricsStore implements MetricsStore, WindowedAggregation.BoundedSource {
  public static final String PK = "pk";
  public static final String SK = "sk";
  public static final String GSI1 = "gsi1";
  public static final String GSI1_PK = "gsi1pk";
  public static final String GSI1_SK = "gsi1sk";
  public static final String GSI2 = "gsi2";
  public static final String GSI2_PK = "gsi2pk";
  public static final String GSI2_SK = "gsi2sk";
  public static final String ATTR_TTL = "expiresAt";
  public static final String ATTR_FUNCTION = "fn";
  public static final String ATTR_RECORD = "record";
  public static final String ATTR_HISTOGRAMS = "histograms";

  /** The caller's principal id, beside the record's JSON, when one was authenticated. */
  public static final String ATTR_PRINCIPAL = "principal";

  /**
   * A cold invocation's init phase in ms, beside the record document (which holds it too), so cold
   * starts can be filtered in the console.
   */
  public static final String ATTR_INIT_DURATION = "initDurationMs";

  public static final String NO_PROJECT = "#none";
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
  static final String MERGED = "~merged";

  /**
   * On a merge: the partials it holds, {@value #MERGED_ID_BYTES} bytes of each id's SHA-256, so a
   * late retry of one of them is not counted again.
   */
  public static final String ATTR_MERGED_IDS = "mergedIds";

  private static final int MERGED_ID_BYTES = 8;
  private static final int MAX_COMPACTIONS_PER_READ = 100;

  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbMetricsStore.class);
  private static final int MAX_BATCH_ITEMS = 25;
  private static final int MAX_UNPROCESSED_ROUNDS = 8;
  private static final ObjectMapper JSON = Json.mapper();
  private static final TypeReference<Map<String, String>> TOKEN = new TypeReference<>() {};

  private final DynamoDbClient client;
  private final String table;
  private final StoreMaintenance maintenance;
  private final boolean ownsClient;
  private final long initialBackoffMs;

  public DynamoDbMetricsStore(DynamoDbClient client, String table, Duration retention) {
    this(client, table, new StoreMaintenance(retention, Clock.systemUTC()));
  }

  public DynamoDbMetricsStore(DynamoDbClient client, String table, StoreMaintenance maintenance) {
    this(client, table, maintenance, false, 25);
  }

  DynamoDbMetricsStore(
      DynamoDbClient client,
      String table,
      Duration retention,
      boolean ownsClient,
      long initialBackoffMs) {
    this(
        client,
        table,
        new StoreMaintenance(retention, Clock.systemUTC()),
        ownsClient,
        initialBackoffMs);
  }

  DynamoDbMetricsStore(
      DynamoDbClient client,
      String table,
      StoreMaintenance maintenance,
      boolean ownsClient,
      long initialBackoffMs) {
    this.client = client;
    this.table = table;
    this.maintenance = maintenance;
    this.ownsClient = ownsClient;
    this.initialBackoffMs = initialBackoffMs;
  }

  /**
   * A store with its own client. {@code endpoint} (nullable) points at a local emulator; there,
   * without AWS credentials in the environment, dummy ones are used (emulators accept any).
   */
  public static DynamoDbMetricsStore create(
      String table, String region, URI endpoint, Duration retention) {
    return new DynamoDbMetricsStore(
        DynamoDbConnection.client(region, endpoint), table, retention, true, 25);
  }

  public static DynamoDbMetricsStore create(
      String table, String region, URI endpoint, StoreMaintenance maintenance) {
    return new DynamoDbMetricsStore(
        DynamoDbConnection.client(region, endpoint), table, maintenance, true, 25);
  }

  // ---------------------------------------------------------------- write

  @Override
  public void write(List<InvocationRecord> batch) {
    write(batch, Deadline.NONE);
  }

  /**
   * Each call bounded by what is left of {@code deadline} ({@link DynamoDbConnection#callTimeout});
   * none started, nor a backoff slept, once it is gone.
   */
  @Override
  public void write(List<InvocationRecord> batch, Deadline deadline) {
    Map<String, Map<String, AttributeValue>> items =
        new LinkedHashMap<>(); // by key: a batch may not repeat one
    for (InvocationRecord record : batch) {
      Map<String, AttributeValue> item = recordItem(record);
      items.put(item.get(PK).s() + '\u0000' + item.get(SK).s(), item);
    }
    Instant now = maintenance.now();
    for (MetricsBuckets.Partial partial : MetricsBuckets.partials(batch)) {
      String partialId =
          MetricsBuckets.late(partial.key().bucketStart(), now)
              ? latePartialId(partial.key(), partial.partialId(), deadline)
              : partial.partialId();
      if (partialId == null) {
        continue; // a retry of a partial the minute's merge already holds
      }
      Map<String, AttributeValue> item =
          partialItem(partial.key(), partialId, partial.bucket().encode());
      items.put(item.get(PK).s() + '\u0000' + item.get(SK).s(), item);
    }
    writeRequests(
        items.values().stream()
            .map(
                item ->
                    WriteRequest.builder()
                        .putRequest(PutRequest.builder().item(item).build())
                        .build())
            .toList(),
        deadline);
  }

  /** The bound of the next call by {@code deadline}; throws when there is no time left for one. */
  private Duration callTimeout(Deadline deadline) {
    return callTimeout(deadline, "write to");
  }

  private Duration callTimeout(Deadline deadline, String what) {
    Duration timeout = DynamoDbConnection.callTimeout(deadline);
    if (timeout == null) {
      throw new MetricsStoreException(
          "DynamoDB metrics "
              + what
              + " "
              + table
              + " not sent: no time was left before this invocation's deadline",
          null);
    }
    return timeout;
  }

  /**
   * Where a late partial goes. The same batch may have been written on time before (a retry after a
   * lost answer, across the {@link MetricsBuckets#LATE_AFTER} boundary): then its on-time item is
   * rewritten, or, when the minute's merge already holds it, nothing is written; only a partial the
   * minute never had becomes a late one. Strongly consistent reads of the table; a first attempt
   * cannot land after them, as every call gives up within seconds ({@link DynamoDbConnection}).
   *
   * @return the partial id to write, or null for none
   */
  private String latePartialId(MetricsBuckets.BucketKey key, String partialId, Deadline deadline) {
    try {
      if (!bucketItem(key, partialId, SK, deadline).isEmpty()) {
        return partialId;
      }
      AttributeValue merged =
          bucketItem(key, MERGED, ATTR_MERGED_IDS, deadline).get(ATTR_MERGED_IDS);
      return merged != null && containsId(merged.b().asByteArray(), mergedId(partialId))
          ? null
          : "L" + partialId;
    } catch (SdkException e) {
      throw new MetricsStoreException(
          "DynamoDB metrics write to " + table + " failed: " + e.getMessage(), e);
    }
  }

  private Map<String, AttributeValue> bucketItem(
      MetricsBuckets.BucketKey key, String partialId, String attribute, Deadline deadline) {
    Duration timeout = callTimeout(deadline);
    Map<String, AttributeValue> item =
        client
            .getItem(
                builder ->
                    builder
                        .overrideConfiguration(o -> o.apiCallTimeout(timeout))
                        .tableName(table)
                        .key(
                            Map.of(
                                PK,
                                s(partitionKey(key.function(), key.projectId())),
                                SK,
                                s(bucketSortKey(key, partialId))))
                        .consistentRead(true)
                        .projectionExpression("#a")
                        .expressionAttributeNames(Map.of("#a", attribute)))
            .item();
    return item == null ? Map.of() : item;
  }

  /** 8 bytes of the id's SHA-256: a merge of thousands of partials lists them in kilobytes. */
  private static byte[] mergedId(String partialId) {
    try {
      return Arrays.copyOf(
          MessageDigest.getInstance("SHA-256")
              .digest(partialId.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          MERGED_ID_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static boolean containsId(byte[] ids, byte[] id) {
    for (int i = 0; i + MERGED_ID_BYTES <= ids.length; i += MERGED_ID_BYTES) {
      if (Arrays.equals(ids, i, i + MERGED_ID_BYTES, id, 0, MERGED_ID_BYTES)) {
        return true;
      }
    }
    return false;
  }

  private void writeRequests(List<WriteRequest> requests) {
    writeRequests(requests, Deadline.NONE);
  }

  private void writeRequests(List<WriteRequest> requests, Deadline deadline) {
    try {
      for (int i = 0; i < requests.size(); i += MAX_BATCH_ITEMS) {
        writeChunk(requests.subList(i, Math.min(requests.size(), i + MAX_BATCH_ITEMS)), deadline);
      }
    } catch (SdkException e) {
      throw new MetricsStoreException(
          "DynamoDB metrics write to " + table + " failed: " + e.getMessage(), e);
    }
  }

  /** BatchWriteItem, retrying the unprocessed items (throttling) with exponential backoff. */
  private void writeChunk(List<WriteRequest> chunk, Deadline deadline) {
    Map<String, List<WriteRequest>> pending = Map.of(table, chunk);
    long backoffMs = initialBackoffMs;
    for (int round = 1; ; round++) {
      Duration timeout = callTimeout(deadline);
      BatchWriteItemResponse response =
          client.batchWriteItem(
              BatchWriteItemRequest.builder()
                  .overrideConfiguration(o -> o.apiCallTimeout(timeout))
                  .requestItems(pending)
                  .build());
      if (!response.hasUnprocessedItems() || response.unprocessedItems().isEmpty()) {
        return;
      }
      pending = response.unprocessedItems();
      if (round == MAX_UNPROCESSED_ROUNDS) {
        throw new MetricsStoreException(
            pending.getOrDefault(table, List.of()).size()
                + " items still unprocessed "
                + "after "
                + round
                + " BatchWriteItem rounds on "
                + table,
            null);
      }
      if (deadline.leftMs() <= backoffMs) {
        throw new MetricsStoreException(
            pending.getOrDefault(table, List.of()).size()
                + " items unprocessed after "
                + round
                + " BatchWriteItem rounds on "
                + table
                + ", and no time left for another before this invocation's deadline",
            null);
      }
      try {
        Thread.sleep(backoffMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new MetricsStoreException("interrupted while retrying unprocessed items", e);
      }
      backoffMs = Math.min(1_000, backoffMs * 2);
    }
  }

  private Map<String, AttributeValue> recordItem(InvocationRecord record) {
    String micros = micros(record.startTime());
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, s(partitionKey(record.function(), record.projectId())));
    item.put(SK, s("R#" + micros + "#" + record.invocationId()));
    item.put(GSI1_PK, s(projectKey(record.projectId())));
    item.put(GSI1_SK, s("R#" + micros + "#" + record.invocationId() + "#" + record.function()));
    item.put(GSI2_PK, s(dayKey(record.startTime())));
    item.put(GSI2_SK, item.get(GSI1_SK));
    item.put(ATTR_FUNCTION, s(record.function()));
    item.put(ATTR_RECORD, s(Json.write(record)));
    item.put(ATTR_TTL, expiresAt(record.startTime()));
    if (record.principal() != null) {
      item.put(ATTR_PRINCIPAL, s(record.principal()));
    }
    if (record.initDurationMs() != null) {
      item.put(
          ATTR_INIT_DURATION,
          AttributeValue.builder().n(Double.toString(record.initDurationMs())).build());
    }
    return item;
  }

  private static String bucketSortKey(MetricsBuckets.BucketKey key, String partialId) {
    return "B#" + String.format("%013d", key.bucketStart().toEpochMilli()) + "#" + partialId;
  }

  private Map<String, AttributeValue> partialItem(
      MetricsBuckets.BucketKey key, String partialId, byte[] histograms) {
    String sortKey = bucketSortKey(key, partialId);
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, s(partitionKey(key.function(), key.projectId())));
    item.put(SK, s(sortKey));
    item.put(GSI1_PK, s(projectKey(key.projectId())));
    item.put(GSI1_SK, s(sortKey));
    item.put(GSI2_PK, s(dayKey(key.bucketStart())));
    item.put(GSI2_SK, s(sortKey));
    item.put(ATTR_FUNCTION, s(key.function()));
    item.put(ATTR_HISTOGRAMS, AttributeValue.fromB(SdkBytes.fromByteArray(histograms)));
    item.put(ATTR_TTL, expiresAt(key.bucketStart()));
    return item;
  }

  // ---------------------------------------------------------------- read

  @Override
  public RecordPage query(MetricsQuery query) {
    return query(query, Deadline.NONE);
  }

  /** Each Query call bounded by what is left of {@code deadline}; none sent once it is gone. */
  @Override
  public RecordPage query(MetricsQuery query, Deadline deadline) {
    MetricsQueries.validate(query);
    Map<String, String> token = query.pageToken() == null ? null : decodeToken(query.pageToken());
    Access access = Access.of(query.function(), query.projectId());
    Instant from = maintenance.clampFrom(query.from());
    if (!from.isBefore(query.to())) {
      return new RecordPage(List.of(), null);
    }
    String low = "R#" + micros(from);
    String high = "R#" + micros(query.to()); // exclusive: real sort keys continue after the time
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    int wanted = query.pageSize() + 1; // one more than the page tells whether another page exists
    List<String> partitions =
        access.partitions(query.function(), query.projectId(), from, query.to());
    int startPartition = token == null ? 0 : partitions.indexOf(token.get("#partition"));
    if (startPartition < 0) {
      throw new InvalidRequestException("pageToken belongs to a different query");
    }
    Map<String, AttributeValue> startKey = token == null ? null : startKey(token);
    try {
      for (int p = startPartition; p < partitions.size() && items.size() < wanted; p++) {
        Map<String, AttributeValue> exclusiveStart = p == startPartition ? startKey : null;
        do {
          QueryResponse response =
              client.query(
                  access.request(
                      table,
                      partitions.get(p),
                      low,
                      high,
                      query.function(),
                      wanted - items.size(),
                      exclusiveStart,
                      callTimeout(deadline, "query on")));
          items.addAll(response.items());
          exclusiveStart =
              response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                  ? response.lastEvaluatedKey()
                  : null;
        } while (exclusiveStart != null && items.size() < wanted);
      }
    } catch (SdkException e) {
      throw new MetricsStoreException(
          "DynamoDB metrics query on " + table + " failed: " + e.getMessage(), e);
    }
    if (items.size() < wanted) {
      return new RecordPage(items.stream().map(DynamoDbMetricsStore::toRecord).toList(), null);
    }
    List<Map<String, AttributeValue>> page = items.subList(0, query.pageSize());
    Map<String, AttributeValue> last = page.get(page.size() - 1);
    return new RecordPage(
        page.stream().map(DynamoDbMetricsStore::toRecord).toList(),
        encodeToken(access, partitionOf(access, last), last));
  }

  @Override
  public MetricsAggregate aggregate(String function, String projectId, Instant from, Instant to) {
    return WindowedAggregation.aggregate(this, function, projectId, from, to, maintenance);
  }

  /** Each of its calls (and the compaction a read may run) bounded by what is left of it. */
  @Override
  public MetricsAggregate aggregate(
      String function, String projectId, Instant from, Instant to, Deadline deadline) {
    return WindowedAggregation.aggregate(
        boundedBy(deadline), function, projectId, from, to, maintenance);
  }

  @Override
  public void forEachBucket(
      String function,
      String projectId,
      Instant fromBucket,
      Instant toBucket,
      Consumer<BucketAccumulator> sink,
      Deadline deadline) {
    String low = "B#" + String.format("%013d", fromBucket.toEpochMilli());
    String high = "B#" + String.format("%013d", toBucket.toEpochMilli());
    Map<String, MinuteItems> minutes = new LinkedHashMap<>();
    forEachItem(
        function,
        projectId,
        fromBucket,
        toBucket,
        low,
        high,
        item -> {
          String sortKey = item.get(SK).s();
          String bucket = sortKey.substring(2, 15);
          minutes
              .computeIfAbsent(
                  item.get(PK).s() + "#" + bucket,
                  ignored -> new MinuteItems(Instant.ofEpochMilli(Long.parseLong(bucket))))
              .add(sortKey.substring(16), item);
        },
        deadline);
    Instant now = maintenance.now();
    List<MinuteItems> compactable = new ArrayList<>();
    for (MinuteItems minute : minutes.values()) {
      minute.counted().forEach(item -> sink.accept(decode(item)));
      if (MetricsBuckets.settled(minute.bucketStart, now) && minute.needsCompaction()) {
        compactable.add(minute);
      }
    }
    if (!compactable.isEmpty()) {
      try {
        compact(
            compactable.subList(0, Math.min(MAX_COMPACTIONS_PER_READ, compactable.size())),
            deadline);
      } catch (RuntimeException e) { // the read already has its answer; compaction can wait
        LOG.warn("metrics bucket compaction on {} failed: {}", table, e.toString());
      }
    }
  }

  private static BucketAccumulator decode(Map<String, AttributeValue> item) {
    return BucketAccumulator.decode(item.get(ATTR_HISTOGRAMS).b().asByteArray());
  }

  /**
   * Writes the merge of each minute that has none yet; deletes the on-time partials of each minute
   * whose merge this read already saw. Two reads apart, so a read through an index (eventually
   * consistent, items propagate independently) never sees the partials gone before their merge.
   */
  private void compact(List<MinuteItems> minutes, Deadline deadline) {
    List<WriteRequest> merges = new ArrayList<>();
    List<WriteRequest> deletes = new ArrayList<>();
    for (MinuteItems minute : minutes) {
      if (minute.merged == null) {
        Map<String, AttributeValue> any = minute.onTime.get(0);
        BucketAccumulator merged = new BucketAccumulator();
        ByteArrayOutputStream ids = new ByteArrayOutputStream();
        for (Map<String, AttributeValue> item : minute.onTime) {
          merged.merge(decode(item));
          ids.writeBytes(mergedId(item.get(SK).s().substring(16)));
        }
        MetricsBuckets.BucketKey key =
            new MetricsBuckets.BucketKey(
                any.get(ATTR_FUNCTION).s(),
                projectOf(any.get(PK).s(), any.get(ATTR_FUNCTION).s()),
                minute.bucketStart);
        Map<String, AttributeValue> item = new HashMap<>(partialItem(key, MERGED, merged.encode()));
        item.put(ATTR_MERGED_IDS, AttributeValue.fromB(SdkBytes.fromByteArray(ids.toByteArray())));
        merges.add(
            WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
      } else {
        for (Map<String, AttributeValue> item : minute.onTime) {
          deletes.add(
              WriteRequest.builder()
                  .deleteRequest(
                      DeleteRequest.builder()
                          .key(Map.of(PK, item.get(PK), SK, item.get(SK)))
                          .build())
                  .build());
        }
      }
    }
    writeRequests(merges, deadline);
    writeRequests(deletes, deadline);
  }

  /** The bucket items of one (function, project, minute), sorted by kind. */
  private static final class MinuteItems {
    final Instant bucketStart;
    final List<Map<String, AttributeValue>> onTime = new ArrayList<>();
    final List<Map<String, AttributeValue>> late = new ArrayList<>();
    Map<String, AttributeValue> merged;

    MinuteItems(Instant bucketStart) {
      this.bucketStart = bucketStart;
    }

    void add(String partialId, Map<String, AttributeValue> item) {
      if (partialId.equals(MERGED)) {
        merged = item;
      } else if (partialId.startsWith("L")) {
        late.add(item);
      } else {
        onTime.add(item);
      }
    }

    /** The merge replaces the on-time partials it was built from; late ones always count. */
    List<Map<String, AttributeValue>> counted() {
      List<Map<String, AttributeValue>> counted = new ArrayList<>(late);
      if (merged != null) {
        counted.add(merged);
      } else {
        counted.addAll(onTime);
      }
      return counted;
    }

    boolean needsCompaction() {
      return merged == null ? onTime.size() > 1 : !onTime.isEmpty();
    }
  }

  @Override
  public void forEachRecord(
      String function,
      String projectId,
      Instant from,
      Instant to,
      Consumer<InvocationRecord> sink,
      Deadline deadline) {
    Instant live = maintenance.clampFrom(from);
    if (!live.isBefore(to)) {
      return;
    }
    forEachItem(
        function,
        projectId,
        live,
        to,
        "R#" + micros(live),
        "R#" + micros(to),
        item -> sink.accept(toRecord(item)),
        deadline);
  }

  private void forEachItem(
      String function,
      String projectId,
      Instant from,
      Instant to,
      String low,
      String high,
      Consumer<Map<String, AttributeValue>> sink,
      Deadline deadline) {
    Access access = Access.of(function, projectId);
    try {
      for (String partition : access.partitions(function, projectId, from, to)) {
        Map<String, AttributeValue> exclusiveStart = null;
        do {
          QueryResponse response =
              client.query(
                  access.request(
                      table,
                      partition,
                      low,
                      high,
                      function,
                      null,
                      exclusiveStart,
                      callTimeout(deadline, "query on")));
          response.items().forEach(sink);
          exclusiveStart =
              response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                  ? response.lastEvaluatedKey()
                  : null;
        } while (exclusiveStart != null);
      }
    } catch (SdkException e) {
      throw new MetricsStoreException(
          "DynamoDB metrics query on " + table + " failed: " + e.getMessage(), e);
    }
  }

  /** Which key serves a filter combination; see the class comment. */
  private enum Access {
    TABLE(null, PK, SK),
    PROJECT(GSI1, GSI1_PK, GSI1_SK),
    DAY(GSI2, GSI2_PK, GSI2_SK);

    final String index;
    final String hashKey;
    final String rangeKey;

    Access(String index, String hashKey, String rangeKey) {
      this.index = index;
      this.hashKey = hashKey;
      this.rangeKey = rangeKey;
    }

    static Access of(String function, String projectId) {
      if (projectId != null) {
        return function != null ? TABLE : PROJECT;
      }
      return DAY;
    }

    /** Partition key values to query, newest first. */
    List<String> partitions(String function, String projectId, Instant from, Instant to) {
      return switch (this) {
        case TABLE -> List.of(partitionKey(function, projectId));
        case PROJECT -> List.of(projectKey(projectId));
        case DAY -> {
          List<String> days = new ArrayList<>();
          LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
          for (LocalDate day = LocalDate.ofInstant(to.minusNanos(1), ZoneOffset.UTC);
              !day.isBefore(first);
              day = day.minusDays(1)) {
            days.add("D#" + day);
          }
          yield days;
        }
      };
    }

    QueryRequest request(
        String table,
        String partition,
        String low,
        String high,
        String function,
        Integer limit,
        Map<String, AttributeValue> exclusiveStart,
        Duration timeout) {
      Map<String, String> names = new HashMap<>(Map.of("#h", hashKey, "#r", rangeKey));
      Map<String, AttributeValue> values =
          new HashMap<>(Map.of(":h", s(partition), ":lo", s(low), ":hi", s(high)));
      QueryRequest.Builder builder =
          QueryRequest.builder()
              .overrideConfiguration(o -> o.apiCallTimeout(timeout))
              .tableName(table)
              .keyConditionExpression("#h = :h AND #r BETWEEN :lo AND :hi")
              .scanIndexForward(false)
              .exclusiveStartKey(exclusiveStart)
              .limit(limit);
      if (index != null) {
        builder.indexName(index); // eventually consistent: an index cannot be read otherwise
      } else {
        // a default Query may miss a write completed just before; the report reads the
        // orchestration it just answered this way (function and project), and must count it
        builder.consistentRead(true);
      }
      if (this == DAY && function != null) {
        builder.filterExpression("#fn = :fn");
        names.put("#fn", ATTR_FUNCTION);
        values.put(":fn", s(function));
      }
      return builder.expressionAttributeNames(names).expressionAttributeValues(values).build();
    }
  }

  // ---------------------------------------------------------------- paging tokens

  private static String partitionOf(Access access, Map<String, AttributeValue> item) {
    return item.get(access.hashKey).s();
  }

  /** The token is the DynamoDB start key of the next page (plus the partition), base64url JSON. */
  private static String encodeToken(
      Access access, String partition, Map<String, AttributeValue> last) {
    Map<String, String> token = new LinkedHashMap<>();
    token.put("#partition", partition);
    for (String attribute : new String[] {PK, SK, access.hashKey, access.rangeKey}) {
      token.put(attribute, last.get(attribute).s());
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(Json.write(token).getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> decodeToken(String value) {
    try {
      Map<String, String> token = JSON.readValue(Base64.getUrlDecoder().decode(value), TOKEN);
      if (token.get("#partition") == null || token.get(PK) == null || token.get(SK) == null) {
        throw new IllegalArgumentException("incomplete");
      }
      return token;
    } catch (JacksonException | IllegalArgumentException e) {
      throw new InvalidRequestException("pageToken is not a token returned by a previous page");
    }
  }

  private static Map<String, AttributeValue> startKey(Map<String, String> token) {
    Map<String, AttributeValue> key = new HashMap<>();
    token.forEach(
        (name, value) -> {
          if (!name.equals("#partition")) {
            key.put(name, s(value));
          }
        });
    return key;
  }

  // ---------------------------------------------------------------- table

  /** Creates the table if it does not exist (tests, local runs); production uses the template. */
  public void createTableIfMissing() {
    DynamoDbConnection.createTableIfMissing(client, table);
  }

  public void deleteTable() {
    client.deleteTable(builder -> builder.tableName(table));
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

  // ---------------------------------------------------------------- item helpers

  private static InvocationRecord toRecord(Map<String, AttributeValue> item) {
    try {
      return JSON.readValue(item.get(ATTR_RECORD).s(), InvocationRecord.class);
    } catch (JacksonException e) {
      throw new MetricsStoreException(
          "unreadable invocation item " + item.get(PK).s() + " " + item.get(SK).s(), e);
    }
  }

  static String partitionKey(String function, String projectId) {
    return projectKey(projectId) + "#F#" + function;
  }

  private static String projectOf(String partitionKey, String function) {
    String project = partitionKey.substring(2, partitionKey.length() - ("#F#" + function).length());
    return project.equals(NO_PROJECT) ? null : project;
  }

  static String projectKey(String projectId) {
    return "P#" + (projectId == null ? NO_PROJECT : projectId);
  }

  static String dayKey(Instant time) {
    return "D#" + LocalDate.ofInstant(time, ZoneOffset.UTC);
  }

  static String micros(Instant time) {
    return String.format(
        "%017d",
        Math.addExact(
            Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000));
  }

  /**
   * The second {@code time} leaves the retention, rounded up: TTL may delete an item once this has
   * passed, and a read still shows a record until its start is a whole retention old, so a record
   * that started at .9 s must not be given the second before.
   */
  private AttributeValue expiresAt(Instant time) {
    Instant expiry = time.plus(maintenance.retention());
    long second = expiry.getEpochSecond() + (expiry.getNano() > 0 ? 1 : 0);
    return AttributeValue.fromN(Long.toString(second));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
