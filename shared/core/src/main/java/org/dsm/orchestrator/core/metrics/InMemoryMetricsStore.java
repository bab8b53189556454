package org.dsm.orchestrator.core.metrics;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.dsm.orchestrator.core.port.MetricsStore;

/**
 * The default store: this instance's own records in memory. Bounded twice — a ring of the newest
 * records (default {@value #DEFAULT_MAX_RECORDS}) and at most {@value #DEFAULT_MAX_BUCKETS} merged
 * bucket histograms (kept encoded, a few hundred bytes each) — so aggregates reach further back
 * than the ring; the oldest go first. The {@value #LIVE_BUCKETS} most recently written buckets stay
 * decoded, so a write adds to live histograms instead of decoding and re-encoding (the cost of a
 * single write drops several-fold). One bucket per (function, project, minute) is already the
 * compacted form: a write merges into it, so a window reads at most one item per minute. Records
 * and buckets older than the retention are hidden at once and dropped by {@link #maintain()} (run
 * from the write path at most every few minutes). Thread-safe.
 */
public final class InMemoryMetricsStore implements MetricsStore, WindowedAggregation.Source {
  public static final int DEFAULT_MAX_RECORDS = 20_000;
  public static final int DEFAULT_MAX_BUCKETS = 2_880;
  static final int LIVE_BUCKETS = 16;

  private static final Comparator<MetricsBuckets.BucketKey> BUCKET_ORDER =
      Comparator.comparing(MetricsBuckets.BucketKey::bucketStart)
          .thenComparing(
              MetricsBuckets.BucketKey::function, Comparator.nullsFirst(Comparator.naturalOrder()))
          .thenComparing(
              MetricsBuckets.BucketKey::projectId,
              Comparator.nullsFirst(Comparator.naturalOrder()));

  private final int maxRecords;
  private final int maxBuckets;
  private final StoreMaintenance maintenance;
  private final ArrayDeque<RingRecord> records = new ArrayDeque<>();
  private final Set<RingRecord> recordKeys = new HashSet<>(); // equal by (function, invocation id)
  private final RingRecord.Packer packer = new RingRecord.Packer();
  private final TreeMap<MetricsBuckets.BucketKey, BucketSlot> buckets = new TreeMap<>(BUCKET_ORDER);

  /**
   * Slots holding a decoded accumulator, least recently written first; guarded by the write lock.
   */
  private final LinkedHashMap<MetricsBuckets.BucketKey, BucketSlot> live =
      new LinkedHashMap<>(32, 0.75f, true);

  private final ReadWriteLock lock = new ReentrantReadWriteLock();

  // the ends of what the bounds (not the retention) dropped; written under the write lock
  private volatile Instant bucketsDroppedUntil = Instant.MIN;
  private volatile Instant recordsDroppedUntil = Instant.MIN;

  public InMemoryMetricsStore() {
    this(DEFAULT_MAX_RECORDS, DEFAULT_MAX_BUCKETS);
  }

  public InMemoryMetricsStore(int maxRecords, int maxBuckets) {
    this(maxRecords, maxBuckets, StoreMaintenance.defaults());
  }

  public InMemoryMetricsStore(StoreMaintenance maintenance) {
    this(DEFAULT_MAX_RECORDS, DEFAULT_MAX_BUCKETS, maintenance);
  }

  public InMemoryMetricsStore(int maxRecords, int maxBuckets, StoreMaintenance maintenance) {
    this.maintenance = maintenance;
    if (maxRecords < 1 || maxBuckets < 1) {
      throw new IllegalArgumentException("maxRecords and maxBuckets must be positive");
    }
    this.maxRecords = maxRecords;
    this.maxBuckets = maxBuckets;
  }

  @Override
  public void write(List<InvocationRecord> batch) {
    lock.writeLock().lock();
    try {
      List<InvocationRecord> fresh = new ArrayList<>(batch.size());
      for (InvocationRecord record : batch) {
        RingRecord kept = packer.pack(record);
        if (recordKeys.add(kept)) { // a retried record is not counted twice
          fresh.add(record);
          records.addLast(kept);
          if (records.size() > maxRecords) {
            RingRecord dropped = records.removeFirst();
            recordKeys.remove(dropped);
            recordsDroppedUntil = later(recordsDroppedUntil, dropped.startTime().plusNanos(1));
          }
        }
      }
      for (InvocationRecord record :
          fresh) { // straight into the bucket: no partial to build and merge
        MetricsBuckets.BucketKey key =
            new MetricsBuckets.BucketKey(
                record.function(),
                record.projectId(),
                MetricsBuckets.bucketStart(record.startTime()));
        BucketSlot slot = buckets.computeIfAbsent(key, ignored -> new BucketSlot());
        slot.thaw().add(record);
        live.put(key, slot);
        if (live.size() > LIVE_BUCKETS) {
          Iterator<BucketSlot> eldest = live.values().iterator();
          eldest.next().freeze();
          eldest.remove();
        }
        while (buckets.size() > maxBuckets) {
          MetricsBuckets.BucketKey dropped = buckets.pollFirstEntry().getKey();
          live.remove(dropped);
          bucketsDroppedUntil =
              later(bucketsDroppedUntil, dropped.bucketStart().plus(MetricsBuckets.BUCKET));
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    if (maintenance.due()) {
      maintain();
    }
  }

  /**
   * The ring and the bucket cap drop the oldest first, whatever their project. A window reads whole
   * minutes from the buckets and only its unaligned head and tail from the ring (see {@link
   * WindowedAggregation}), so a dropped record matters only where the ring is read.
   */
  @Override
  public boolean holdsEverythingIn(Instant from, Instant to) {
    if (from.isBefore(bucketsDroppedUntil)) {
      return false;
    }
    Instant firstWhole = MetricsBuckets.bucketCeiling(from);
    Instant endWhole = MetricsBuckets.bucketStart(to);
    if (!firstWhole.isBefore(endWhole)) { // all of it from the ring
      return !from.isBefore(recordsDroppedUntil);
    }
    boolean head = firstWhole.equals(from) || !from.isBefore(recordsDroppedUntil);
    boolean tail = endWhole.equals(to) || !endWhole.isBefore(recordsDroppedUntil);
    return head && tail;
  }

  private static Instant later(Instant a, Instant b) {
    return b.isAfter(a) ? b : a;
  }

  /** Drops records and whole buckets older than the retention. */
  @Override
  public void maintain() {
    Instant cutoff = maintenance.cutoff();
    lock.writeLock().lock();
    try {
      records.removeIf(
          record -> {
            boolean expired = record.startsBefore(cutoff);
            if (expired) {
              recordKeys.remove(record);
            }
            return expired;
          });
      Iterator<Map.Entry<MetricsBuckets.BucketKey, BucketSlot>> oldest =
          buckets.entrySet().iterator();
      while (oldest.hasNext()) {
        MetricsBuckets.BucketKey key = oldest.next().getKey();
        if (key.bucketStart().plus(MetricsBuckets.BUCKET).isAfter(cutoff)) {
          break; // sorted by bucket start: the rest are younger
        }
        live.remove(key);
        oldest.remove();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Records held right now (expired ones included until the next {@link #maintain()}). */
  public int storedRecords() {
    lock.readLock().lock();
    try {
      return records.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Bucket items held right now: one per (function, project, minute). */
  public int storedBuckets() {
    lock.readLock().lock();
    try {
      return buckets.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public RecordPage query(MetricsQuery query) {
    MetricsQueries.validate(query);
    MetricsQueries.Cursor cursor =
        query.pageToken() == null ? null : MetricsQueries.Cursor.decode(query.pageToken());
    Instant from = maintenance.clampFrom(query.from());
    if (!from.isBefore(query.to())) {
      return new RecordPage(List.of(), null);
    }
    // filtered and ordered in the ring's form; only the page (and one beyond it) is unpacked
    List<RingRecord> matching =
        select(query.function(), query.projectId(), from, query.to(), cursor);
    matching.sort(RingRecord.NEWEST_FIRST);
    int unpacked = Math.min(matching.size(), query.pageSize() + 1);
    List<InvocationRecord> newestFirst = new ArrayList<>(unpacked);
    for (int i = 0; i < unpacked; i++) {
      newestFirst.add(matching.get(i).toRecord());
    }
    return MetricsQueries.page(newestFirst, query.pageSize());
  }

  @Override
  public MetricsAggregate aggregate(String function, String projectId, Instant from, Instant to) {
    return WindowedAggregation.aggregate(this, function, projectId, from, to, maintenance);
  }

  @Override
  public void forEachBucket(
      String function,
      String projectId,
      Instant fromBucket,
      Instant toBucket,
      Consumer<BucketAccumulator> sink) {
    List<byte[]> selected = new ArrayList<>();
    lock.readLock().lock();
    try {
      for (Map.Entry<MetricsBuckets.BucketKey, BucketSlot> entry : buckets.entrySet()) {
        MetricsBuckets.BucketKey key = entry.getKey();
        if (!key.bucketStart().isBefore(toBucket)) {
          break;
        }
        if (!key.bucketStart().isBefore(fromBucket)
            && matches(key.function(), key.projectId(), function, projectId)) {
          selected.add(entry.getValue().snapshot());
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    selected.forEach(bytes -> sink.accept(BucketAccumulator.decode(bytes)));
  }

  @Override
  public void forEachRecord(
      String function,
      String projectId,
      Instant from,
      Instant to,
      Consumer<InvocationRecord> sink) {
    List<RingRecord> selected = select(function, projectId, from, to, null);
    selected.forEach(record -> sink.accept(record.toRecord()));
  }

  @Override
  public String name() {
    return "memory";
  }

  /** One bucket's merged histograms: decoded while recently written, else encoded (small). */
  private static final class BucketSlot {
    private BucketAccumulator decoded;
    private byte[] encoded;

    BucketAccumulator thaw() {
      if (decoded == null) {
        decoded = encoded == null ? new BucketAccumulator() : BucketAccumulator.decode(encoded);
        encoded = null;
      }
      return decoded;
    }

    void freeze() {
      encoded = decoded.encode();
      decoded = null;
    }

    /** A copy safe to use outside the lock. */
    byte[] snapshot() {
      return decoded != null ? decoded.encode() : encoded;
    }
  }

  /** The ring's records of a window and filter, after {@code cursor} when there is one. */
  private List<RingRecord> select(
      String function, String projectId, Instant from, Instant to, MetricsQueries.Cursor cursor) {
    List<RingRecord> selected = new ArrayList<>();
    lock.readLock().lock();
    try {
      for (RingRecord record : records) {
        if (record.startsWithin(from, to)
            && matches(record.function(), record.projectId(), function, projectId)
            && (cursor == null || record.after(cursor))) {
          selected.add(record);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
    return selected;
  }

  private static boolean matches(
      String recordFunction, String recordProject, String function, String projectId) {
    return (function == null || function.equals(recordFunction))
        && (projectId == null || projectId.equals(recordProject));
  }
}
