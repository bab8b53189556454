package org.dsm.orchestrator.core.idempotency;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Supplier;
import org.dsm.orchestrator.core.error.DeadlineReachedException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.invocation.RandomIds;
import org.dsm.orchestrator.core.port.IdempotencyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action at most once per Idempotency-Key: a retry with the same key (within the retention
 * window) gets the first response back and performs nothing again, across every instance that
 * shares the {@link IdempotencyStore}.
 *
 * <p>Usage at the API edge (one guard per application, thread-safe):
 *
 * <pre>{@code
 * String key = headers.get("Idempotency-Key"); // blank fails validation; the request id is no key
 * String fingerprint = IdempotencyGuard.fingerprint("POST", "/orchestrate/" + projectId, rawBody);
 * Outcome outcome = guard.execute(key, fingerprint, () -> {
 *   ... run the use case; turn its result, or a 4xx OrchestratorException, into a StoredResponse ...
 * });
 * // send outcome.response(); when outcome.replayed() add header "Idempotent-Replayed: true"
 * }</pre>
 *
 * A null key (header absent) simply runs the action. The guard throws only typed 4xx/5xx
 * exceptions: {@link InvalidRequestException} (400, malformed key), {@link
 * IdempotencyKeyInProgressException} (409, the first attempt still runs), {@link
 * IdempotencyKeyReusedException} (422, same key with another route/body) and {@link
 * DependencyUnavailableException} (503, the store is unreachable or did not answer the claim within
 * half the invocation's time left, so no check was possible and nothing ran; the claim, which may
 * have been stored anyway, is released in the other half) and {@link DeadlineReachedException}
 * (503, no time was left to even send the claim).
 *
 * <p>What is remembered: 2xx and 4xx responses, for {@code retention}. A 5xx response, or an
 * exception thrown by the action, releases the key so a later retry runs afresh — the action must
 * therefore report partial success (e.g. a sprint was created, then something failed) as a 2xx,
 * which the orchestration does anyway. A claimed key whose answer is never stored (the save failed
 * or did not fit in the invocation's time, or the attempt died: crash, timeout) stays "in progress"
 * until {@code lease} runs out: by default as long as an answer is kept, since its action may have
 * run, and a second run is what the key exists to prevent.
 */
public final class IdempotencyGuard {
  public static final String HEADER = "Idempotency-Key";
  public static final String REPLAYED_HEADER = "Idempotent-Replayed";
  public static final int MAX_KEY_LENGTH = 128;
  public static final Duration DEFAULT_RETENTION = Duration.ofHours(24);

  /**
   * How long an entry whose answer was never stored blocks its key: the retention, because its
   * action may have run (an answer the store did not take in time, an attempt that died after
   * acting), and a retry after a shorter lease would run it again. Far longer than any request may
   * run (Lambda's hard limit is 15 min; our time budget is seconds).
   */
  public static final Duration DEFAULT_LEASE = DEFAULT_RETENTION;

  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyGuard.class);

  private final IdempotencyStore store;
  private final Duration retention;
  private final Duration lease;
  private final Clock clock;

  /** The response to send, and whether it is a replay of an earlier attempt's. */
  public record Outcome(StoredResponse response, boolean replayed) {}

  public IdempotencyGuard(IdempotencyStore store) {
    this(store, DEFAULT_RETENTION, DEFAULT_LEASE, Clock.systemUTC());
  }

  public IdempotencyGuard(IdempotencyStore store, Duration retention, Duration lease, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (retention.isNegative() || retention.isZero() || lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("retention and lease must be positive");
    }
    if (lease.compareTo(retention) > 0) {
      throw new IllegalArgumentException(
          "lease " + lease + " must not exceed retention " + retention);
    }
    this.retention = retention;
    this.lease = lease;
  }

  /**
   * Runs {@code action} unless this key already ran, for a request without an authenticated caller.
   *
   * @param key the caller's Idempotency-Key header as sent (blank fails validation; the platform's
   *     request id is never a key: each retry through API Gateway gets a new one); null runs the
   *     action without any check
   * @param fingerprint what identifies the request (see {@link #fingerprint}); a repeat must match
   *     it
   */
  public Outcome execute(String key, String fingerprint, Supplier<StoredResponse> action) {
    return execute(null, key, fingerprint, action);
  }

  /**
   * Runs {@code action} unless {@code principal} already ran it with this key. The key is scoped to
   * the caller: another principal sending the same key (and body) gets a run of its own, never the
   * first caller's stored answer.
   *
   * @param principal the authenticated caller's id; null or blank when no one was authenticated
   */
  public Outcome execute(
      String principal, String key, String fingerprint, Supplier<StoredResponse> action) {
    return execute(principal, key, fingerprint, Deadline.NONE, action);
  }

  /**
   * As {@link #execute(String, String, String, Supplier)}, saving the answer (or releasing the key)
   * by {@code deadline}, the invocation's: on Lambda the save runs before the handler returns.
   */
  public Outcome execute(
      String principal,
      String key,
      String fingerprint,
      Deadline deadline,
      Supplier<StoredResponse> action) {
    Objects.requireNonNull(action, "action");
    if (key == null) {
      return new Outcome(action.get(), false);
    }
    validateKey(key);
    return execute(new IdempotencyKey(principal, key), fingerprint, deadline, action);
  }

  /** Runs {@code action} unless this (caller, key) already ran; {@code key.value()} is valid. */
  public Outcome execute(IdempotencyKey key, String fingerprint, Supplier<StoredResponse> action) {
    return execute(key, fingerprint, Deadline.NONE, action);
  }

  /**
   * Runs {@code action} unless this (caller, key) already ran, saving its answer by {@code
   * deadline}. An answer not saved in time leaves the key "in progress" for the rest of the lease:
   * retries get a 409, never a second run.
   */
  public Outcome execute(
      IdempotencyKey key, String fingerprint, Deadline deadline, Supplier<StoredResponse> action) {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(deadline, "deadline");
    validateKey(key.value());
    Objects.requireNonNull(fingerprint, "fingerprint");
    String owner = RandomIds.uuid();
    Instant now = clock.instant();
    Instant leaseEnd = now.plus(lease);
    // the claim comes before any answer: it ends by the deadline, not by the store's own timeouts
    // (seconds), or the platform would cut the invocation off and answer for us
    String noTime = deadline.whyNotStarted(0);
    if (noTime != null) {
      throw new DeadlineReachedException(
          "Not started: the Idempotency-Key check: "
              + noTime
              + "; nothing was done, a retry is safe");
    }
    // half the time left: a claim given up on is released next (below), which needs as long
    long left = deadline.leftMs();
    long claimMs = left - left / 2;
    Deadline claimBy =
        deadline.remainingMillis() == Deadline.UNBOUNDED
            ? deadline
            : Deadline.reserving(deadline.remainingMillis(), left / 2);
    Claim claim;
    try {
      claim = store.claim(key, fingerprint, owner, now, leaseEnd, claimBy);
    } catch (IdempotencyStoreException e) {
      // fail closed: running without the check could repeat an action. The claim may have been
      // stored all the same (committed, then the connection broke; a put DynamoDB applies after we
      // gave up on it): drop it, or the retry the 503 invites would meet it as "in progress" until
      // the lease ends
      String reason =
          claimBy.leftMs() <= 0
              ? "the Idempotency-Key check got no answer within the "
                  + claimMs
                  + " ms it was given, half of the "
                  + left
                  + " ms left before this invocation's deadline (the other half is kept to release"
                  + " the claim): "
                  + e.getMessage()
              : e.getMessage();
      DependencyUnavailableException unavailable =
          new DependencyUnavailableException("idempotency store", reason, e);
      releaseQuietly(key, owner, unavailable, deadline);
      throw unavailable;
    }
    if (claim.state() != Claim.State.CLAIMED) {
      if (!claim.fingerprint().equals(fingerprint)) {
        throw new IdempotencyKeyReusedException();
      }
      if (claim.state() == Claim.State.IN_PROGRESS) {
        throw new IdempotencyKeyInProgressException();
      }
      return new Outcome(claim.response(), true);
    }
    StoredResponse response;
    try {
      response = Objects.requireNonNull(action.get(), "the action returned no response");
    } catch (RuntimeException | Error e) {
      releaseQuietly(key, owner, e, deadline);
      throw e;
    }
    if (response.isServerError()) {
      releaseQuietly(key, owner, null, deadline);
      return new Outcome(response, false);
    }
    // the action ran: answering is worth more than remembering, so the save ends by the deadline
    // (the store bounds each call by the time left; none starts once it is gone). An entry left
    // unsaved stays "in progress" until its lease ends: retries get a 409, not a second run
    String tooLate = deadline.whyNotStarted(0);
    if (tooLate != null) {
      LOG.warn(
          "the response (status {}) was not stored for its Idempotency-Key, not started: {}; retries"
              + " with the key are answered 409 until its lease ends at {}",
          response.status(),
          tooLate,
          leaseEnd);
      return new Outcome(response, false);
    }
    try {
      store.complete(key, owner, response, clock.instant().plus(retention), deadline);
    } catch (IdempotencyStoreException e) {
      LOG.warn(
          "the response (status {}) may not be stored for its Idempotency-Key ({}); retries with"
              + " the key get it replayed if it was, else 409 until its lease ends at {}",
          response.status(),
          e.getMessage(),
          leaseEnd);
    }
    return new Outcome(response, false);
  }

  private void releaseQuietly(
      IdempotencyKey key, String owner, Throwable failure, Deadline deadline) {
    try {
      String tooLate = deadline.whyNotStarted(0);
      if (tooLate != null) {
        throw new IdempotencyStoreException("not started: " + tooLate, null);
      }
      store.release(key, owner, deadline);
    } catch (IdempotencyStoreException e) {
      if (failure != null) {
        failure.addSuppressed(e);
      }
      LOG.warn(
          "could not release an Idempotency-Key ({}); it frees up when its lease ends",
          e.getMessage());
    }
  }

  /** Throws a 400 unless {@code key} is 1..128 visible ASCII characters (0x21-0x7E). */
  public static String validateKey(String key) {
    boolean valid =
        key != null
            && !key.isEmpty()
            && key.length() <= MAX_KEY_LENGTH
            && key.chars().allMatch(c -> c >= 0x21 && c <= 0x7E);
    if (!valid) {
      throw new InvalidRequestException(
          HEADER + " must be 1 to " + MAX_KEY_LENGTH + " visible ASCII characters (no spaces).");
    }
    return key;
  }

  /**
   * A SHA-256 over the parts (e.g. method, route with path ids, raw body), each length-prefixed so
   * that no two different part lists hash alike; null parts are distinct from empty ones.
   */
  public static String fingerprint(String... parts) {
    MessageDigest digest = sha256();
    for (String part : parts) {
      if (part == null) {
        digest.update(ByteBuffer.allocate(4).putInt(-1).array());
        continue;
      }
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
      digest.update(bytes);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
