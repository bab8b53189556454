package org.dsm.orchestrator.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.dsm.orchestrator.core.fixtures.IdempotencyStoreContract;
import org.dsm.orchestrator.core.idempotency.Claim.State;
import org.dsm.orchestrator.core.port.IdempotencyStore;
import org.junit.jupiter.api.Test;

class InMemoryIdempotencyStoreTest extends IdempotencyStoreContract {

  @Override
  protected IdempotencyStore createStore() {
    return new InMemoryIdempotencyStore();
  }

  @Test
  void whenFullExpiredEntriesGoBeforeLiveOnes() {
    InMemoryIdempotencyStore small = new InMemoryIdempotencyStore(3);
    small.claim(IdempotencyKey.unscoped("live-old"), "fp", "o", now, now.plus(Duration.ofHours(1)));
    small.claim(
        IdempotencyKey.unscoped("expiring-1"), "fp", "o", now, now.plus(Duration.ofMinutes(1)));
    small.claim(
        IdempotencyKey.unscoped("expiring-2"), "fp", "o", now, now.plus(Duration.ofMinutes(1)));

    small.claim(
        IdempotencyKey.unscoped("new"),
        "fp",
        "o",
        now.plus(Duration.ofMinutes(2)),
        now.plus(Duration.ofMinutes(7)));

    assertThat(small.size()).isEqualTo(2);
    assertThat(
            small
                .claim(
                    IdempotencyKey.unscoped("live-old"),
                    "fp",
                    "o2",
                    now.plus(Duration.ofMinutes(2)),
                    now.plus(Duration.ofHours(2)))
                .state())
        .isEqualTo(State.IN_PROGRESS);
  }

  @Test
  void whenFullOfLiveEntriesTheOldestIsEvicted() {
    InMemoryIdempotencyStore small = new InMemoryIdempotencyStore(2);
    small.claim(IdempotencyKey.unscoped("a"), "fp", "o", now, now.plus(Duration.ofHours(1)));
    small.claim(IdempotencyKey.unscoped("b"), "fp", "o", now, now.plus(Duration.ofHours(1)));
    small.claim(IdempotencyKey.unscoped("c"), "fp", "o", now, now.plus(Duration.ofHours(1)));

    assertThat(small.size()).isEqualTo(2);
    assertThat(
            small
                .claim(IdempotencyKey.unscoped("b"), "fp", "o2", now, now.plus(Duration.ofHours(1)))
                .state())
        .isEqualTo(State.IN_PROGRESS);
    assertThat(
            small
                .claim(IdempotencyKey.unscoped("c"), "fp", "o2", now, now.plus(Duration.ofHours(1)))
                .state())
        .isEqualTo(State.IN_PROGRESS);
    assertThat(small.size()).isEqualTo(2);
  }

  @Test
  void anEntryThatExpiresLaterIsStillEvictedBeforeALiveOne() {
    InMemoryIdempotencyStore small = new InMemoryIdempotencyStore(2);
    small.claim(IdempotencyKey.unscoped("a"), "fp", "o", now, now.plus(Duration.ofHours(1)));
    small.claim(IdempotencyKey.unscoped("b"), "fp", "o", now, now.plus(Duration.ofMinutes(1)));
    small.claim(
        IdempotencyKey.unscoped("c"),
        "fp",
        "o",
        now,
        now.plus(Duration.ofHours(1))); // nothing expired yet: the oldest, a, goes

    small.claim(
        IdempotencyKey.unscoped("d"),
        "fp",
        "o",
        now.plus(Duration.ofMinutes(2)),
        now.plus(Duration.ofHours(1))); // b expired

    assertThat(
            small
                .claim(
                    IdempotencyKey.unscoped("c"),
                    "fp",
                    "o2",
                    now.plus(Duration.ofMinutes(2)),
                    now.plus(Duration.ofHours(1)))
                .state())
        .isEqualTo(State.IN_PROGRESS);
    assertThat(small.size()).isEqualTo(2);
  }

  @Test
  void manyKeysNeverGrowPastTheCapacity() {
    InMemoryIdempotencyStore small = new InMemoryIdempotencyStore(100);
    for (int i = 0; i < 1_000; i++) {
      small.claim(IdempotencyKey.unscoped("k" + i), "fp", "o", now, now.plus(Duration.ofHours(1)));
    }
    assertThat(small.size()).isEqualTo(100);
  }
}
