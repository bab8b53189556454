package org.dsm.orchestrator.core.invocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RandomIdsTest {

  @Test
  void idsAreVersion4UuidsInTheCanonicalForm() {
    for (int i = 0; i < 1_000; i++) {
      String id = RandomIds.uuid();
      UUID parsed = UUID.fromString(id);
      assertThat(parsed.version()).isEqualTo(4);
      assertThat(parsed.variant()).isEqualTo(2);
      assertThat(parsed.toString()).isEqualTo(id);
    }
  }

  @Test
  void threadsDrawDistinctIds() throws InterruptedException {
    Set<String> ids = ConcurrentHashMap.newKeySet();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < 10_000; i++) {
                  ids.add(RandomIds.uuid());
                }
              });
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(ids).hasSize(80_000);
  }

  @Test
  void everyBitOutsideVersionAndVariantVaries() {
    long msbOr = 0, msbAnd = -1, lsbOr = 0, lsbAnd = -1;
    for (int i = 0; i < 2_000; i++) {
      UUID id = UUID.fromString(RandomIds.uuid());
      msbOr |= id.getMostSignificantBits();
      msbAnd &= id.getMostSignificantBits();
      lsbOr |= id.getLeastSignificantBits();
      lsbAnd &= id.getLeastSignificantBits();
    }
    assertThat(msbOr ^ msbAnd).isEqualTo(~0xF000L); // all but the 4 version bits took both values
    assertThat(lsbOr ^ lsbAnd).isEqualTo(~(0b11L << 62));
  }

  @Test
  void sandboxesRestoredFromOneSnapshotRepeatIdsUntilReseeded() {
    // Two restored sandboxes hold the same captured generator state; their seed sources differ
    // only once they read fresh entropy, as SecureRandom does after a restore.
    AtomicLong entropyA = new AtomicLong(42), entropyB = new AtomicLong(42);
    RandomIds a = new RandomIds(entropyA::getAndIncrement);
    RandomIds b = new RandomIds(entropyB::getAndIncrement);
    assertThat(a.next()).isEqualTo(b.next()); // the replayed state: same ids in both sandboxes
    entropyB.set(1_000); // fresh entropy after the restore

    String stillReplayed = b.next();
    assertThat(stillReplayed).isEqualTo(a.next()); // without a reseed the sequence goes on

    a.forgetSeeds();
    b.forgetSeeds();
    Set<String> fromA = new HashSet<>(), fromB = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      fromA.add(a.next());
      fromB.add(b.next());
    }
    assertThat(fromA).doesNotContainAnyElementsOf(fromB);
  }
}
