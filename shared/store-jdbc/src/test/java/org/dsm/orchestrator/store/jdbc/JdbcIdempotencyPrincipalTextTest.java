package org.dsm.orchestrator.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.dsm.orchestrator.core.idempotency.Claim;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Principals PostgreSQL's text cannot hold as they are, against a real PostgreSQL: a JWT {@code
 * sub} is any JSON string, so it may carry a NUL (U+0000) or an unpaired surrogate (U+D800). pgjdbc
 * sends a string as UTF-8, with {@code ?} for an unpaired surrogate: stored as itself, such a
 * principal would share its entries with the principal spelled with a {@code ?} in its place (one
 * caller replayed another's answer), and a NUL made every claim a store failure (503) for that
 * caller. The surrogate case is the store contract's ({@code JdbcIdempotencyStoreTest}); the NUL
 * case is here.
 */
class JdbcIdempotencyPrincipalTextTest {
  @RegisterExtension static final ScratchSchema schema = ScratchSchema.named("idem_principal");

  private static JdbcIdempotencyStore store;
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final String key = "k-" + UUID.randomUUID();

  @BeforeAll
  static void open() {
    store =
        JdbcIdempotencyStore.open(
            JdbcMetricsStoreTest.URL,
            JdbcMetricsStoreTest.USER,
            JdbcMetricsStoreTest.PASSWORD,
            schema.name(),
            2);
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Test
  void aPrincipalWithANulIsClaimedCompletedAndReplayed() {
    IdempotencyKey nul = new IdempotencyKey("user\u0000x", key);
    assertThat(store.claim(nul, "fp", "owner-1", now, now.plus(Duration.ofMinutes(5))))
        .isEqualTo(Claim.claimed("fp"));
    store.complete(nul, "owner-1", new StoredResponse(201, Map.of(), "{}"), now.plusSeconds(600));

    assertThat(store.claim(nul, "fp", "owner-2", now, now.plus(Duration.ofMinutes(5))))
        .isEqualTo(Claim.completed("fp", new StoredResponse(201, Map.of(), "{}")));
    assertThat(
            store.claim(new IdempotencyKey("user", key), "fp", "owner-3", now, now.plusSeconds(60)))
        .isEqualTo(Claim.claimed("fp"));
  }
}
