package org.dsm.orchestrator.core.idempotency;

import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsm.orchestrator.core.port.IdempotencyStore;

/**
 * {@link IdempotencyStore} for a single instance (no shared store configured). Bounded: when full,
 * expired entries go first, then the oldest — which may let a very old key run again, the price of
 * bounded memory.
 */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  public static final int DEFAULT_CAPACITY = 10_000;

  private record Entry(
      String fingerprint, String owner, Instant expiresAt, StoredResponse response) {
    boolean liveAt(Instant now) {
      return expiresAt.isAfter(now);
    }
  }

  private final int capacity;
  private final LinkedHashMap<IdempotencyKey, Entry> entries =
      new LinkedHashMap<>(); // insertion order = age

  /**
   * No entry expires before this, so a full store of live entries is not scanned on every claim.
   */
  private Instant earliestExpiry = Instant.MAX;

  public InMemoryIdempotencyStore() {
    this(DEFAULT_CAPACITY);
  }

  public InMemoryIdempotencyStore(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive, was " + capacity);
    }
    this.capacity = capacity;
  }

  @Override
  public synchronized Claim claim(
      IdempotencyKey key, String fingerprint, String owner, Instant now, Instant leaseUntil) {
    Entry existing = entries.get(key);
    if (existing != null && existing.liveAt(now)) {
      return existing.response() == null
          ? Claim.inProgress(existing.fingerprint())
          : Claim.completed(existing.fingerprint(), existing.response());
    }
    entries.remove(key); // re-inserting puts it at the young end
    makeRoom(now);
    put(key, new Entry(fingerprint, owner, leaseUntil, null));
    return Claim.claimed(fingerprint);
  }

  private void makeRoom(Instant now) {
    if (entries.size() < capacity) {
      return;
    }
    if (!now.isBefore(earliestExpiry)) {
      entries.values().removeIf(entry -> !entry.liveAt(now));
      earliestExpiry =
          entries.values().stream()
              .map(Entry::expiresAt)
              .min(Instant::compareTo)
              .orElse(Instant.MAX);
    }
    Iterator<Map.Entry<IdempotencyKey, Entry>> oldestFirst = entries.entrySet().iterator();
    while (entries.size() >= capacity && oldestFirst.hasNext()) {
      oldestFirst.next();
      oldestFirst.remove();
    }
  }

  @Override
  public synchronized void complete(
      IdempotencyKey key, String owner, StoredResponse response, Instant expiresAt) {
    Entry entry = entries.get(key);
    if (entry != null && entry.owner().equals(owner)) {
      put(key, new Entry(entry.fingerprint(), owner, expiresAt, response));
    }
  }

  private void put(IdempotencyKey key, Entry entry) {
    entries.put(key, entry);
    if (entry.expiresAt().isBefore(earliestExpiry)) {
      earliestExpiry = entry.expiresAt();
    }
  }

  @Override
  public synchronized void release(IdempotencyKey key, String owner) {
    entries.computeIfPresent(key, (k, entry) -> entry.owner().equals(owner) ? null : entry);
  }

  /** Entries held, live or expired (for tests and health). */
  public synchronized int size() {
    return entries.size();
  }

  @Override
  public String name() {
    return "memory";
  }
}
