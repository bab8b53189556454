package org.dsm.orchestrator.core.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Retention and upkeep timing shared by the stores: one retention period ({@code
 * METRICS_RETENTION_DAYS}), the clock the stores judge age by (injectable, so tests can age data),
 * and a per-instance throttle so that expiry runs from the write path at most once per {@code
 * interval} instead of on every write.
 *
 * <p>Expired data is hidden at once (reads start no earlier than {@link #cutoff()}) and removed
 * later (DynamoDB TTL, or a bounded delete on PostgreSQL and in memory), so every store answers the
 * same whatever its deletion lag.
 */
public final class StoreMaintenance {
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

  private final Duration retention;
  private final Clock clock;
  private final long intervalMillis;
  private final AtomicLong nextDue;

  public StoreMaintenance(Duration retention, Clock clock, Duration interval) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive");
    }
    this.retention = retention;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
    this.nextDue = new AtomicLong(Long.MIN_VALUE); // the first write of an instance runs it
  }

  public StoreMaintenance(Duration retention, Clock clock) {
    this(retention, clock, DEFAULT_INTERVAL);
  }

  public static StoreMaintenance defaults() {
    return new StoreMaintenance(DEFAULT_RETENTION, Clock.systemUTC());
  }

  public Duration retention() {
    return retention;
  }

  public Instant now() {
    return clock.instant();
  }

  /** Data that started before this instant is expired. */
  public Instant cutoff() {
    return now().minus(retention);
  }

  /** The start of a read window with the expired part cut off. */
  public Instant clampFrom(Instant from) {
    Instant cutoff = cutoff();
    return from == null || from.isBefore(cutoff) ? cutoff : from;
  }

  /** True for at most one caller per interval (per instance). */
  public boolean due() {
    long now = clock.millis();
    long next = nextDue.get();
    return now >= next && nextDue.compareAndSet(next, now + intervalMillis);
  }
}
