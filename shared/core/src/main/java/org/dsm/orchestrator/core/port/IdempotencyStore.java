package org.dsm.orchestrator.core.port;

import java.time.Instant;
import org.dsm.orchestrator.core.idempotency.Claim;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.IdempotencyStoreException;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.dsm.orchestrator.core.invocation.Deadline;

/**
 * Port: remembers which Idempotency-Keys were used, by which request, and what was answered. One
 * live entry per {@link IdempotencyKey} (caller and key: the same key from two callers is two
 * entries); an entry whose {@code expiresAt} is not after {@code now} counts as absent.
 * Implementations must make {@link #claim} atomic across every instance sharing the storage
 * (exactly one concurrent caller gets CLAIMED).
 *
 * <p>{@code owner} is a random token of the claiming attempt: {@link #complete} and {@link
 * #release} only act while that attempt still owns the entry, so an attempt whose lease ran out
 * cannot overwrite or drop its successor's. Failures of the storage itself surface as {@link
 * IdempotencyStoreException}.
 */
public interface IdempotencyStore extends AutoCloseable {

  /**
   * Takes the key for {@code owner} unless a live entry exists.
   *
   * @param leaseUntil how long the in-progress entry lives if the attempt never completes (crash)
   * @return CLAIMED, or the live entry (IN_PROGRESS / COMPLETED with its fingerprint and response)
   */
  Claim claim(
      IdempotencyKey key, String fingerprint, String owner, Instant now, Instant leaseUntil);

  /**
   * As {@link #claim(IdempotencyKey, String, String, Instant, Instant)}, ending by {@code
   * deadline}: the claim runs on the request path before any answer, so each call to the storage is
   * bounded by the lesser of its own timeout and the time left, and none starts once it is gone
   * ({@link IdempotencyStoreException}). A claim given up on may still be stored (DynamoDB can
   * apply a put it did not answer): the caller releases it. Stores whose calls cannot hang (in
   * memory) keep this default.
   */
  default Claim claim(
      IdempotencyKey key,
      String fingerprint,
      String owner,
      Instant now,
      Instant leaseUntil,
      Deadline deadline) {
    return claim(key, fingerprint, owner, now, leaseUntil);
  }

  /**
   * Stores the response of the owning attempt, to be replayed until {@code expiresAt}. No-op if not
   * the owner.
   */
  void complete(IdempotencyKey key, String owner, StoredResponse response, Instant expiresAt);

  /**
   * As {@link #complete(IdempotencyKey, String, StoredResponse, Instant)}, ending by {@code
   * deadline}: each call to the storage is bounded by the time left (a Lambda's save runs before
   * its handler returns). Stores whose calls cannot hang (in memory) keep this default.
   */
  default void complete(
      IdempotencyKey key,
      String owner,
      StoredResponse response,
      Instant expiresAt,
      Deadline deadline) {
    complete(key, owner, response, expiresAt);
  }

  /**
   * Drops the owning attempt's entry (it did nothing lasting) so a retry runs afresh. No-op if not
   * the owner.
   */
  void release(IdempotencyKey key, String owner);

  /** As {@link #release(IdempotencyKey, String)}, ending by {@code deadline}. */
  default void release(IdempotencyKey key, String owner, Deadline deadline) {
    release(key, owner);
  }

  /** A short name for logs and health ("memory", "dynamodb", "postgresql"). */
  String name();

  @Override
  default void close() {}
}
