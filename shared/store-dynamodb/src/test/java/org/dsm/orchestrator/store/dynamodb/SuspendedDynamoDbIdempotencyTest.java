package org.dsm.orchestrator.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.fixtures.SuspendableDynalite;
import org.dsm.orchestrator.core.idempotency.IdempotencyGuard;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * A claim that DynamoDB stores after the client gave up, against a dynalite of the test's own
 * (under SIGSTOP, then SIGCONT). The takeover of an expired item by concurrent claims from two
 * instances is in the store contract ({@code DynaliteIdempotencyStoreTest}).
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
   * A Lambda with 1 s left whose claim meets a DynamoDB that answers nothing: the claim is given up
   * on at half that (the request is the store-unavailable 503 saying so, long before the client's
   * own 5 s per call and the function's timeout), and the release is sent in the other half. Once
   * DynamoDB runs again it applies the put it had taken, then the release, so the retry the 503
   * invites runs, once, instead of meeting the late claim as "in progress" for the lease (24 h).
   */
  @Test
  void aClaimGivenUpOnAtTheDeadlineIsAnsweredInTimeAndDoesNotBlockTheRetry() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (DynamoDbIdempotencyStore store = store()) {
      IdempotencyGuard guard = new IdempotencyGuard(store);
      String key = "deadline-" + UUID.randomUUID();
      java.util.function.Supplier<StoredResponse> action =
          () -> new StoredResponse(200, Map.of(), "{\"run\":" + runs.incrementAndGet() + "}");
      long start;
      long end;
      dynalite.suspend();
      try {
        start = System.nanoTime();
        assertThatThrownBy(() -> guard.execute(null, key, "fp", endingIn(1_000), action))
            .isInstanceOf(DependencyUnavailableException.class)
            .hasMessageStartingWith(
                "idempotency store unavailable: the Idempotency-Key check got no answer within the")
            .hasMessageContaining("ms left before this invocation's deadline");
        end = System.nanoTime();
      } finally {
        dynalite.resume();
      }
      assertThat(Duration.ofNanos(end - start))
          .isLessThan(DynamoDbConnection.API_CALL_TIMEOUT.minusSeconds(1));
      assertThat(runs).hasValue(0);
      Thread.sleep(1_000); // the queued requests are taken

      IdempotencyGuard.Outcome retry = guard.execute(null, key, "fp", endingIn(10_000), action);

      assertThat(retry.replayed()).isFalse();
      assertThat(runs).hasValue(1);
    }
  }

  private static Deadline endingIn(long ms) {
    long end = System.nanoTime() / 1_000_000 + ms;
    return new Deadline(() -> end - System.nanoTime() / 1_000_000);
  }
}
