package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.idempotency.IdempotencyGuard;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A claim that waits on another session's lock past the pool's lock timeout, against a real
 * PostgreSQL. The takeover of an expired entry by concurrent claims from two instances is in {@link
 * org.dsm.orchestrator.core.fixtures.IdempotencyStoreContract}, run here by {@link
 * JdbcIdempotencyStoreTest}.
 */
class JdbcIdempotencyRaceTest {
  @RegisterExtension static final ScratchSchema schema = ScratchSchema.named("idem_race");

  private static JdbcIdempotencyStore instanceA;

  @BeforeAll
  static void openStore() {
    instanceA = open();
  }

  @AfterAll
  static void closeStore() {
    instanceA.close();
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
