package org.dsm.orchestrator.core.pattern;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.VelocityHistory;

/**
 * Pattern results keyed on everything they depend on: the project, its features, the
 * historical-project set's version and the project's velocity series. (The configuration is fixed
 * per engine, and each engine owns its cache.) Entries expire after the TTL; at most {@code
 * maxEntries} are kept, least recently used evicted first; {@link #invalidate} drops a project's
 * entries after its own actions. Thread-safe.
 *
 * <p>Every orchestration reads it, so a read takes no lock: a concurrent map, and each entry
 * stamped with a use counter. (A synchronized access-ordered map queued 64 request threads on 2
 * cores behind each other: JFR under wrk at 64 connections, 15 s blocked in 12 s.) A put takes a
 * lock, and evicts the entry with the oldest stamp by a scan of at most {@code maxEntries + 1}:
 * puts follow a miss, which costs a full analysis anyway. (Puts outside the lock let the map grow
 * past the bound: the map's size lags concurrent inserts, so a put that read it low skipped the
 * eviction; 34 entries over a bound of 20 with 8 threads.)
 */
final class PatternCache {
  record Key(
      ProjectId projectId,
      ProjectFeatures features,
      long historyVersion,
      VelocityHistory velocity) {}

  private static final class Entry {
    final PatternEngine.Insights value;
    final long expiresAtMillis;
    volatile long lastUse;

    Entry(PatternEngine.Insights value, long expiresAtMillis, long lastUse) {
      this.value = value;
      this.expiresAtMillis = expiresAtMillis;
      this.lastUse = lastUse;
    }
  }

  private final long ttlMillis;
  private final int maxEntries;
  private final Clock clock;
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong uses = new AtomicLong();

  PatternCache(Duration ttl, int maxEntries, Clock clock) {
    this.ttlMillis = ttl.toMillis();
    this.maxEntries = maxEntries;
    this.clock = clock;
  }

  /** The cached result, or null when absent or expired (an expired entry is removed). */
  PatternEngine.Insights get(Key key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (clock.millis() >= entry.expiresAtMillis) {
      entries.remove(key, entry);
      return null;
    }
    entry.lastUse = uses.incrementAndGet();
    return entry.value;
  }

  synchronized void put(Key key, PatternEngine.Insights value) {
    entries.put(key, new Entry(value, clock.millis() + ttlMillis, uses.incrementAndGet()));
    evictLeastRecentlyUsed();
  }

  void invalidate(ProjectId projectId) {
    entries.keySet().removeIf(key -> key.projectId().equals(projectId));
  }

  int size() {
    return entries.size();
  }

  private void evictLeastRecentlyUsed() {
    while (entries.size() > maxEntries) {
      Map.Entry<Key, Entry> eldest = null;
      for (Map.Entry<Key, Entry> candidate : entries.entrySet()) {
        if (eldest == null || candidate.getValue().lastUse < eldest.getValue().lastUse) {
          eldest = candidate;
        }
      }
      if (eldest == null) {
        return;
      }
      entries.remove(eldest.getKey(), eldest.getValue());
    }
  }
}
