package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.idempotency.Claim;
import org.dsm.orchestrator.core.idempotency.IdempotencyGuard;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Races on one Idempotency-Key against a real PostgreSQL, between two store instances (two pools,
 * as two app instances): the takeover of an expired entry, and a claim that waits on another
 * session's lock past the pool's lock timeout.
 */
class JdbcIdempotencyRaceTest {
  @RegisterExtension static final ScratchSchema schema = ScratchSchema.named("idem_race");

  private static JdbcIdempotencyStore instanceA;
  private static JdbcIdempotencyStore instanceB;

  @BeforeAll
  static void openTwoInstances() {
    instanceA = open();
    instanceB = open();
  }

  @AfterAll
  static void closeThem() {
    instanceA.close();
    instanceB.close();
  }

  private static JdbcIdempotencyStore open() {
    return JdbcIdempotencyStore.open(
        JdbcMetricsStoreTest.URL,
        JdbcMetricsStoreTest.USER,
        JdbcMetricsStoreTest.PASSWORD,
        schema.name(),
        4);
  }

  /**
   * An entry whose lease ran out is taken over by a claim's ON CONFLICT DO UPDATE; eight claims at
   * once, four from each instance, must leave exactly one winner, the others seeing its entry.
   * Repeated over many keys so that the claims really meet on the row lock.
   */
  @Test
  void concurrentTakeoversOfAnExpiredEntryFromTwoInstancesLetExactlyOneWin() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant later = now.plusSeconds(10);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 25; round++) {
        IdempotencyKey key = IdempotencyKey.unscoped("race-" + UUID.randomUUID());
        instanceA.claim(key, "fp-old", "owner-old", now, now.plusSeconds(1)); // abandoned
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Claim>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          JdbcIdempotencyStore instance = i % 2 == 0 ? instanceA : instanceB;
          String owner = "owner-" + i;
          String fingerprint = "fp-" + i;
          claims.add(
              pool.submit(
                  () -> {
                    start.await();
                    return instance.claim(key, fingerprint, owner, later, later.plusSeconds(60));
                  }));
        }
        start.countDown();
        List<Claim> results = new ArrayList<>();
        for (Future<Claim> claim : claims) {
          results.add(claim.get(30, TimeUnit.SECONDS));
        }
        List<Claim> won = results.stream().filter(c -> c.state() == Claim.State.CLAIMED).toList();
        assertThat(won).as("round %d: %s", round, results).hasSize(1);
        assertThat(results)
            .filteredOn(c -> c.state() == Claim.State.IN_PROGRESS)
            .hasSize(7)
            .allSatisfy(c -> assertThat(c.fingerprint()).isEqualTo(won.get(0).fingerprint()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Another session holds the key's row (its claim's transaction has not ended): our claim waits on
   * the lock until the pool's lock timeout, and the request is a 503 with nothing run. The server
   * cancels the waiting INSERT, so it cannot commit once the lock is gone: when the other session
   * rolls back, a retry with the key runs (no 409 for the retention), exactly once.
   */
  @Test
  void aClaimThatWaitedOnALockPastItsTimeoutDoesNotCommitOnceTheLockIsGone() throws Exception {
    IdempotencyKey key = IdempotencyKey.unscoped("locked-" + UUID.randomUUID());
    IdempotencyGuard guard = new IdempotencyGuard(instanceA);
    AtomicInteger runs = new AtomicInteger();
    try (Connection other = ScratchSchema.connect()) {
      other.setAutoCommit(false);
      try (PreparedStatement insert =
          other.prepareStatement(
              "INSERT INTO "
                  + schema.name()
                  + ".idempotency_entry (principal, idem_key, fingerprint, owner_token,"
                  + " expires_at) VALUES ('', ?, 'fp', 'other-session', ?)")) {
        insert.setString(1, key.value());
        insert.setObject(2, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(5));
        insert.executeUpdate();
      }
      assertThatThrownBy(
              () ->
                  guard.execute(
                      key,
                      "fp",
                      () ->
                          new StoredResponse(
                              200, Map.of(), "{\"run\":" + runs.incrementAndGet() + "}")))
          .isInstanceOf(DependencyUnavailableException.class)
          .hasMessageContaining("idempotency store");
      other.rollback();
    }
    Thread.sleep(
        Duration.ofMillis(500).toMillis()); // time for a late commit to show, were there one

    IdempotencyGuard.Outcome retry =
        guard.execute(
            key,
            "fp",
            () -> new StoredResponse(200, Map.of(), "{\"run\":" + runs.incrementAndGet() + "}"));

    assertThat(retry.replayed()).isFalse();
    assertThat(runs).hasValue(1);
    assertThat(guard.execute(key, "fp", () -> new StoredResponse(200, Map.of(), "{}")).replayed())
        .isTrue();
  }
}
