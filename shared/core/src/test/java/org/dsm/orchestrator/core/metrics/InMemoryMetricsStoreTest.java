package org.dsm.orchestrator.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dsm.orchestrator.core.fixtures.InvocationRecords.ok;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.fixtures.MetricsStoreContract;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.junit.jupiter.api.Test;

class InMemoryMetricsStoreTest extends MetricsStoreContract {

  @Override
  protected MetricsStore createStore() {
    return new InMemoryMetricsStore(maintenance());
  }

  @Override
  protected long storedRecordCount(String fn) {
    return ((InMemoryMetricsStore) store).storedRecords();
  }

  @Override
  protected long storedBucketCount(String fn) {
    return ((InMemoryMetricsStore) store).storedBuckets();
  }

  @Test
  void recordRingIsBoundedAndKeepsTheNewest() {
    InMemoryMetricsStore small = new InMemoryMetricsStore(5, 100);
    Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
    for (int i = 0; i < 12; i++) {
      small.write(List.of(ok("f", "inv-" + i, "p", t0.plusSeconds(i), 1)));
    }

    List<InvocationRecord> kept =
        small
            .query(new MetricsStore.MetricsQuery("f", "p", t0, t0.plusSeconds(60), 100, null))
            .records();

    assertThat(kept)
        .extracting(InvocationRecord::invocationId)
        .containsExactly("inv-11", "inv-10", "inv-9", "inv-8", "inv-7");
    // whole buckets outlive the ring: the aggregate over the whole minute still sees all 12
    assertThat(small.aggregate("f", "p", t0, t0.plusSeconds(60)).invocations()).isEqualTo(12);
  }

  @Test
  void bucketsAreBoundedOldestFirst() {
    InMemoryMetricsStore small = new InMemoryMetricsStore(1, 3);
    Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
    for (int minute = 0; minute < 5; minute++) {
      small.write(List.of(ok("f", "inv-" + minute, "p", t0.plusSeconds(60L * minute), 1)));
    }

    assertThat(small.aggregate("f", "p", t0, t0.plusSeconds(300)).invocations()).isEqualTo(3);
  }

  @Test
  void saysWhichWindowsItsBoundsCutShort() {
    InMemoryMetricsStore small = new InMemoryMetricsStore(3, 3);
    Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
    Instant end = t0.plusSeconds(300);
    assertThat(small.holdsEverythingIn(t0, end)).isTrue();
    for (int minute = 0; minute < 5; minute++) { // two records a minute, at :00 and :30
      small.write(List.of(ok("f", "a-" + minute, "p", t0.plusSeconds(60L * minute), 1)));
      small.write(List.of(ok("f", "b-" + minute, "p", t0.plusSeconds(60L * minute + 30), 1)));
    }
    // buckets of minutes 0 and 1 are gone; the ring holds the last three records (3:30, 4:00, 4:30)
    assertThat(small.holdsEverythingIn(t0.plusSeconds(60), end)).isFalse();
    assertThat(small.holdsEverythingIn(t0.plusSeconds(120), end)).isTrue(); // whole minutes
    assertThat(small.aggregate("f", "p", t0.plusSeconds(120), end).invocations()).isEqualTo(6);
    // a window starting inside minute 2 reads its head from the ring, which lost 2:30
    assertThat(small.holdsEverythingIn(t0.plusSeconds(130), end)).isFalse();
    assertThat(small.aggregate("f", "p", t0.plusSeconds(130), end).invocations())
        .isEqualTo(4); // minutes 3 and 4 from their buckets; 2:30 (the fifth) is gone
    // inside minute 3 the head needs only 3:30, which the ring holds
    assertThat(small.holdsEverythingIn(t0.plusSeconds(190), end)).isTrue();
    // a tail inside minute 3 would need 3:00, which the ring lost
    assertThat(small.holdsEverythingIn(t0.plusSeconds(120), t0.plusSeconds(200))).isFalse();
    assertThat(small.holdsEverythingIn(t0.plusSeconds(120), t0.plusSeconds(180))).isTrue();
  }

  @Test
  void bucketsMovedOutOfTheLiveSetKeepMerging() {
    InMemoryMetricsStore memory = new InMemoryMetricsStore();
    Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
    int projects = InMemoryMetricsStore.LIVE_BUCKETS * 3;
    for (int round = 0; round < 3; round++) { // each round touches more buckets than stay live
      for (int p = 0; p < projects; p++) {
        memory.write(
            List.of(ok("f", round + "-" + p, "p" + p, t0.plusSeconds(round), 10.0 * (round + 1))));
      }
    }

    for (int p = 0; p < projects; p += 7) {
      MetricsAggregate aggregate = memory.aggregate("f", "p" + p, t0, t0.plusSeconds(60));
      assertThat(aggregate.invocations()).isEqualTo(3);
      assertThat(aggregate.components().get("total").maxMs()).isEqualTo(30.0);
    }
    assertThat(memory.aggregate("f", null, t0, t0.plusSeconds(60)).invocations())
        .isEqualTo(3L * projects);
  }

  @Test
  void concurrentWritersLoseNothing() throws InterruptedException {
    InMemoryMetricsStore shared = new InMemoryMetricsStore();
    Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int thread = 0; thread < 4; thread++) {
      int id = thread;
      pool.submit(
          () -> {
            for (int i = 0; i < 250; i++) {
              List<InvocationRecord> batch = new ArrayList<>();
              batch.add(ok("f", id + "-" + i, "p", t0.plusMillis(i * 100L), i % 50));
              shared.write(batch);
            }
          });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

    assertThat(shared.aggregate("f", "p", t0, t0.plusSeconds(3600)).invocations()).isEqualTo(1000);
  }
}
