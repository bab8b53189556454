package org.dsm.orchestrator.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.dsm.orchestrator.core.fixtures.SuspendableDynalite;
import org.dsm.orchestrator.core.idempotency.IdempotencyGuard;
import org.dsm.orchestrator.core.idempotency.IdempotencyKeyInProgressException;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsStoreException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A DynamoDB that takes requests and answers none (the test's own dynalite under SIGSTOP): a write
 * given an invocation's deadline ends by it, instead of after the client's 5 s per call. Without
 * the deadline each call would take {@link DynamoDbConnection#API_CALL_TIMEOUT}; the bounds below
 * are well under that and well over the deadline, so the assertions hold on a loaded machine.
 */
@EnabledIfEnvironmentVariable(
    named = "DYNALITE_ENDPOINT",
    matches = ".+",
    disabledReason = "DYNALITE_ENDPOINT is not set: scripts/dynalite.sh installs dynalite")
class HungDynamoDbDeadlineTest {
  private static final Duration WELL_UNDER_ONE_CALL = Duration.ofMillis(4_000);
  private static final long DEADLINE_MS = 1_000;
  private static final String TABLE = "hung";
  private static SuspendableDynalite dynalite;

  @BeforeAll
  static void startOwnDynalite() throws Exception {
    dynalite = SuspendableDynalite.start();
    try (DynamoDbMetricsStore store =
        DynamoDbMetricsStore.create(TABLE, "us-east-1", dynalite.endpoint(), Duration.ofDays(1))) {
      store.createTableIfMissing(); // the one table of both stores
    }
  }

  @AfterAll
  static void stopIt() {
    if (dynalite != null) {
      dynalite.close();
    }
  }

  private static Deadline endingIn(long ms) {
    long end = System.nanoTime() / 1_000_000 + ms;
    return new Deadline(() -> end - System.nanoTime() / 1_000_000);
  }

  @Test
  void aMetricsWriteEndsByTheDeadline() throws Exception {
    try (DynamoDbMetricsStore store =
        DynamoDbMetricsStore.create(TABLE, "us-east-1", dynalite.endpoint(), Duration.ofDays(1))) {
      InvocationRecord record =
          InvocationRecords.ok("orchestrate", "req-hung", "TEST-001", Instant.now(), 5.0);
      store.write(List.of(record), endingIn(DEADLINE_MS)); // answered while it runs
      dynalite.suspend();
      try {
        long start = System.nanoTime();
        assertThatThrownBy(() -> store.write(List.of(record), endingIn(DEADLINE_MS)))
            .isInstanceOf(MetricsStoreException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WELL_UNDER_ONE_CALL);
        // and none is sent once the time is gone
        assertThatThrownBy(() -> store.write(List.of(record), endingIn(0)))
            .isInstanceOf(MetricsStoreException.class)
            .hasMessageContaining("not sent");
      } finally {
        dynalite.resume();
      }
    }
  }

  /**
   * The circuit hints are read and marked on the request path, around DSM calls whose budget does
   * not count the store: on a hung DynamoDB each call gives up within {@link
   * org.dsm.orchestrator.core.port.CircuitHints#CALL_BOUND} ("no mark"), not the client's 5 s.
   */
  @Test
  void circuitHintsGiveUpWithinTheirBound() throws Exception {
    try (DynamoDbClient client = DynamoDbConnection.client("us-east-1", dynalite.endpoint())) {
      DynamoDbCircuitHints hints = new DynamoDbCircuitHints(client, TABLE);
      Instant now = Instant.now();
      hints.markOpen("project-service", now.plusSeconds(30));
      assertThat(hints.openUntil("project-service", now)).isNotNull(); // answered while it runs
      dynalite.suspend();
      try {
        long start = System.nanoTime();
        assertThat(hints.openUntil("project-service", now)).isNull();
        hints.markOpen("sprint-service", now.plusSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WELL_UNDER_ONE_CALL);
      } finally {
        dynalite.resume();
      }
    }
  }

  /**
   * A request's reads (the report's and the history page's aggregates, the benchmark's query) come
   * before its answer: each ends by the deadline, not after the client's 5 s per call.
   */
  @Test
  void readsEndByTheDeadline() throws Exception {
    try (DynamoDbMetricsStore store =
        DynamoDbMetricsStore.create(TABLE, "us-east-1", dynalite.endpoint(), Duration.ofDays(1))) {
      Instant now = Instant.now();
      store.aggregate("orchestrate", "TEST-001", now.minusSeconds(300), now, endingIn(5_000));
      dynalite.suspend();
      try {
        long start = System.nanoTime();
        assertThatThrownBy(
                () ->
                    store.aggregate(
                        "orchestrate",
                        "TEST-001",
                        now.minusSeconds(300),
                        now,
                        endingIn(DEADLINE_MS)))
            .isInstanceOf(MetricsStoreException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(WELL_UNDER_ONE_CALL);
        long queryStart = System.nanoTime();
        assertThatThrownBy(
                () ->
                    store.query(
                        new org.dsm.orchestrator.core.port.MetricsStore.MetricsQuery(
                            "orchestrate", "TEST-001", now.minusSeconds(300), now, 10, null),
                        endingIn(DEADLINE_MS)))
            .isInstanceOf(MetricsStoreException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - queryStart))
            .isLessThan(WELL_UNDER_ONE_CALL);
        assertThatThrownBy(
                () ->
                    store.aggregate(
                        "orchestrate", "TEST-001", now.minusSeconds(300), now, endingIn(0)))
            .isInstanceOf(MetricsStoreException.class)
            .hasMessageContaining("not sent");
      } finally {
        dynalite.resume();
      }
    }
  }

  /**
   * The claim is taken, the action runs, then DynamoDB hangs: the caller gets the action's answer
   * by the deadline, and a retry with the key never runs the action again (409 while the entry is
   * in progress, or the replay if the save landed when DynamoDB came back).
   */
  @Test
  void anIdempotencySaveEndsByTheDeadlineAndTheRetryDoesNotRunAgain() throws Exception {
    try (DynamoDbIdempotencyStore store =
        DynamoDbIdempotencyStore.create(TABLE, "us-east-1", dynalite.endpoint())) {
      IdempotencyGuard guard = new IdempotencyGuard(store);
      AtomicInteger runs = new AtomicInteger();
      long[] actionEnd = new long[1];
      IdempotencyGuard.Outcome outcome;
      try {
        outcome =
            guard.execute(
                null,
                "key-hung",
                "fp",
                deadlineFromItsFirstReading(),
                () -> {
                  runs.incrementAndGet();
                  try {
                    dynalite.suspend();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  actionEnd[0] = System.nanoTime();
                  return new StoredResponse(201, "{\"sprint\":\"created\"}");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - actionEnd[0]))
            .isLessThan(WELL_UNDER_ONE_CALL);
      } finally {
        dynalite.resume();
      }

      assertThat(outcome.response().status()).isEqualTo(201);
      try {
        IdempotencyGuard.Outcome retry =
            guard.execute("key-hung", "fp", () -> new StoredResponse(201, "{\"again\":true}"));
        assertThat(retry.replayed()).isTrue(); // the save DynamoDB took once it ran again
        assertThat(retry.response()).isEqualTo(outcome.response());
      } catch (IdempotencyKeyInProgressException stillInProgress) {
        // the save never landed: the key stays taken
      }
      assertThat(runs).hasValue(1);
    }
  }

  /**
   * {@value #DEADLINE_MS} ms from the first time it is read, the guard's check before the claim:
   * the claim (half of it at most) and the action take milliseconds here, so the save has about
   * that long.
   */
  private static Deadline deadlineFromItsFirstReading() {
    return new Deadline(
        new java.util.function.LongSupplier() {
          private long end = Long.MIN_VALUE;

          @Override
          public long getAsLong() {
            long now = System.nanoTime() / 1_000_000;
            if (end == Long.MIN_VALUE) {
              end = now + DEADLINE_MS;
            }
            return end - now;
          }
        });
  }
}
