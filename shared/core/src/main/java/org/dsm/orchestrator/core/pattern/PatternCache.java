package org.dsm.orchestrator.core.pattern;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.VelocityHistory;

/**
 * Pattern results keyed on everything they depend on: the project, its features, the
 * historical-project set's version and the project's velocity series. (The configuration is fixed
 * per engine, and each engine owns its cache.) Entries expire after the TTL; at most {@code
 * maxEntries} are kept, least recently used evicted first; {@link #invalidate} drops a project's
 * entries after its own actions. Thread-safe; operations are O(1) except invalidation, which scans
 * at most {@code maxEntries} keys.
 */
final class PatternCache {
  record Key(
      ProjectId projectId,
      ProjectFeatures features,
      long historyVersion,
      VelocityHistory velocity) {}

  private record Entry(PatternAnalysis value, long expiresAtMillis) {}

  private final long ttlMillis;
  private final Clock clock;
  private final LinkedHashMap<Key, Entry> entries;

  PatternCache(Duration ttl, int maxEntries, Clock clock) {
    this.ttlMillis = ttl.toMillis();
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /** The cached result, or null when absent or expired (an expired entry is removed). */
  synchronized PatternAnalysis get(Key key) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return null;
    }
    if (clock.millis() >= entry.expiresAtMillis()) {
      entries.remove(key);
      return null;
    }
    return entry.value();
  }

  synchronized void put(Key key, PatternAnalysis value) {
    entries.put(key, new Entry(value, clock.millis() + ttlMillis));
  }

  synchronized void invalidate(ProjectId projectId) {
    entries.keySet().removeIf(key -> key.projectId().equals(projectId));
  }

  synchronized int size() {
    return entries.size();
  }
}
