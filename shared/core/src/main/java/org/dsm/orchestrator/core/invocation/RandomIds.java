package org.dsm.orchestrator.core.invocation;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Random (version 4) UUID strings for invocation ids, without {@link UUID#randomUUID()}'s one
 * shared SecureRandom: on Linux that is NativePRNG, a global lock around a read of /dev/urandom, on
 * which 64 request threads on 2 cores queued (JFR under wrk at 64 connections: 40 s blocked in 12
 * s, the largest lock wait of the HTTP app). Each thread draws from two generators of its own, each
 * seeded with 64 bits from SecureRandom, so ids collide no more often than random UUIDs do.
 *
 * <p>A SnapStart restore would replay the generators captured in the snapshot in every sandbox
 * restored from it: {@link #reseed()} (called by the restore hook) makes every thread draw fresh
 * seeds before its next id.
 */
public final class RandomIds {
  private static final RandomIds SHARED = new RandomIds(() -> SecureSeeds.RANDOM.nextLong());

  /**
   * Created on the first seed, not with this class: {@link #reseed()} runs in the restore hook,
   * before the first restored invocation, and on Lambda ids usually come from the platform.
   */
  private static final class SecureSeeds {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  private record Source(int generation, SplittableRandom high, SplittableRandom low) {}

  private final LongSupplier seeds;
  private final AtomicInteger generation = new AtomicInteger();
  private final ThreadLocal<Source> sources = new ThreadLocal<>();

  RandomIds(LongSupplier seeds) {
    this.seeds = seeds;
  }

  /** A new random UUID string, as {@code UUID.randomUUID().toString()} gives. */
  public static String uuid() {
    return SHARED.next();
  }

  /** Every thread draws fresh seeds before its next id (after a snapshot restore). */
  public static void reseed() {
    SHARED.forgetSeeds();
  }

  String next() {
    int current = generation.get();
    Source source = sources.get();
    if (source == null || source.generation() != current) {
      source = newSource(current);
      sources.set(source);
    }
    long msb = (source.high().nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lsb = (source.low().nextLong() & ~(0b11L << 62)) | (0b10L << 62); // IETF variant
    return new UUID(msb, lsb).toString();
  }

  void forgetSeeds() {
    generation.incrementAndGet();
  }

  private Source newSource(int current) {
    synchronized (this) { // the seed source need not be thread-safe; a thread seeds once
      return new Source(
          current,
          new SplittableRandom(seeds.getAsLong()),
          new SplittableRandom(seeds.getAsLong()));
    }
  }
}
