package org.dsm.orchestrator.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
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
import org.dsm.orchestrator.core.fixtures.SuspendableDynalite;
import org.dsm.orchestrator.core.idempotency.Claim;
import org.dsm.orchestrator.core.idempotency.IdempotencyGuard;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Races and late writes on one Idempotency-Key against a dynalite of the test's own: a claim that
 * DynamoDB stores after the client gave up (dynalite under SIGSTOP, then SIGCONT), and the takeover
 * of an expired item by claims from two store instances at once.
 */
@EnabledIfEnvironmentVariable(
    named = "DYNALITE_ENDPOINT",
    matches = ".+",
    disabledReason = "DYNALITE_ENDPOINT is not set: scripts/dynalite.sh installs dynalite")
class SuspendedDynamoDbIdempotencyTest {
  private static final String TABLE = "suspended-idem";
  private static SuspendableDynalite dynalite;

  @BeforeAll
  static void startOwnDynalite() throws Exception {
    dynalite = SuspendableDynalite.start();
    try (DynamoDbMetricsStore store =
        DynamoDbMetricsStore.create(TABLE, "us-east-1", dynalite.endpoint(), Duration.ofDays(1))) {
      store.createTableIfMissing();
    }
  }

  @AfterAll
  static void stopIt() {
    if (dynalite != null) {
      dynalite.close();
    }
  }

  private static DynamoDbIdempotencyStore store() {
    return DynamoDbIdempotencyStore.create(TABLE, "us-east-1", dynalite.endpoint());
  }

  /**
   * The claim's puts reach a DynamoDB that answers nothing: the request is a 503 with nothing run,
   * and the guard sends the release after them. Once DynamoDB works again it takes the queued puts
   * (one stores the claim) and then the release (same owner), so the retry the 503 invites runs,
   * once, instead of meeting the stale claim as "in progress" for the lease (24 h).
   */
  @Test
  void aClaimStoredAfterTheClientGaveUpDoesNotBlockTheRetry() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (DynamoDbIdempotencyStore store = store()) {
      IdempotencyGuard guard = new IdempotencyGuard(store);
      String key = "late-" + UUID.randomUUID();
      dynalite.suspend();
      try {
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
      } finally {
        dynalite.resume();
      }
      assertThat(runs).hasValue(0);
      Thread.sleep(1_000); // the queued requests are taken

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

  /**
   * An item whose lease ran out is taken over by a conditional put ({@code ttl <= now}); eight
   * claims at once, four from each of two instances, leave exactly one winner. Repeated over many
   * keys so that the claims really meet.
   */
  @Test
  void concurrentTakeoversOfAnExpiredItemFromTwoInstancesLetExactlyOneWin() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Instant later = now.plusSeconds(10);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (DynamoDbIdempotencyStore a = store();
        DynamoDbIdempotencyStore b = store()) {
      for (int round = 0; round < 25; round++) {
        IdempotencyKey key = IdempotencyKey.unscoped("race-" + UUID.randomUUID());
        a.claim(key, "fp-old", "owner-old", now, now.plusSeconds(1)); // abandoned
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Claim>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          DynamoDbIdempotencyStore instance = i % 2 == 0 ? a : b;
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
}
