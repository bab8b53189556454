package org.dsm.orchestrator.core.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.dsm.orchestrator.core.error.DeadlineReachedException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.port.IdempotencyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyGuardTest {
  private final InMemoryIdempotencyStore store = new InMemoryIdempotencyStore();
  private final MutableClock clock = new MutableClock(Instant.parse("2031-01-01T00:00:00Z"));
  private final IdempotencyGuard guard =
      new IdempotencyGuard(store, Duration.ofHours(24), Duration.ofMinutes(5), clock);
  private final AtomicInteger runs = new AtomicInteger();

  private Supplier<StoredResponse> action(int status) {
    return () -> new StoredResponse(status, "{\"run\":" + runs.incrementAndGet() + "}");
  }

  @Test
  void aRepeatReturnsTheFirstResponseMarkedReplayedWithoutRunningAgain() {
    IdempotencyGuard.Outcome first = guard.execute("k1", "fp", action(200));
    IdempotencyGuard.Outcome second = guard.execute("k1", "fp", action(200));

    assertThat(first.replayed()).isFalse();
    assertThat(second.replayed()).isTrue();
    assertThat(second.response()).isEqualTo(first.response());
    assertThat(runs).hasValue(1);
  }

  @Test
  void clientErrorsAreRememberedToo() {
    StoredResponse first = guard.execute("k1", "fp", action(404)).response();

    assertThat(guard.execute("k1", "fp", action(200)).response()).isEqualTo(first);
    assertThat(runs).hasValue(1);
  }

  @Test
  void serverErrorsAreNotRememberedSoARetryRunsAgain() {
    assertThat(guard.execute("k1", "fp", action(503)).response().status()).isEqualTo(503);

    IdempotencyGuard.Outcome retry = guard.execute("k1", "fp", action(200));

    assertThat(retry.replayed()).isFalse();
    assertThat(retry.response().status()).isEqualTo(200);
    assertThat(runs).hasValue(2);
  }

  @Test
  void anActionThatThrowsReleasesTheKeyAndTheExceptionPropagates() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(
            () ->
                guard.execute(
                    "k1",
                    "fp",
                    () -> {
                      throw boom;
                    }))
        .isSameAs(boom);

    assertThat(guard.execute("k1", "fp", action(200)).replayed()).isFalse();
    assertThat(runs).hasValue(1);
  }

  @Test
  void theSameKeyWithAnotherRequestIsA422EvenWhileTheFirstRuns() {
    guard.execute("k1", fingerprint("body-1"), action(200));
    assertThatThrownBy(() -> guard.execute("k1", fingerprint("body-2"), action(200)))
        .isInstanceOf(IdempotencyKeyReusedException.class)
        .hasMessage("Idempotency-Key was already used with a different request.")
        .extracting(e -> ((OrchestratorException) e).httpStatus())
        .isEqualTo(422);

    store.claim(
        IdempotencyKey.unscoped("k2"),
        fingerprint("body-1"),
        "other-instance",
        clock.instant(),
        clock.instant().plusSeconds(60));
    assertThatThrownBy(() -> guard.execute("k2", fingerprint("body-2"), action(200)))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    assertThat(runs).hasValue(1);
  }

  @Test
  void aRepeatWhileTheFirstStillRunsIsA409() {
    AtomicInteger innerStatus = new AtomicInteger();
    guard.execute(
        "k1",
        "fp",
        () -> {
          try {
            guard.execute("k1", "fp", action(200));
          } catch (IdempotencyKeyInProgressException e) {
            innerStatus.set(e.httpStatus());
          }
          return new StoredResponse(200, "{}");
        });

    assertThat(innerStatus).hasValue(409);
    assertThat(runs).hasValue(0);
  }

  @Test
  void anAbandonedAttemptBlocksOnlyUntilItsLeaseEnds() {
    store.claim(
        IdempotencyKey.unscoped("k1"),
        "fp",
        "crashed-instance",
        clock.instant(),
        clock.instant().plus(Duration.ofMinutes(5)));
    assertThatThrownBy(() -> guard.execute("k1", "fp", action(200)))
        .isInstanceOf(IdempotencyKeyInProgressException.class);

    clock.advance(Duration.ofMinutes(5));

    assertThat(guard.execute("k1", "fp", action(200)).replayed()).isFalse();
    assertThat(runs).hasValue(1);
  }

  @Test
  void theResultIsForgottenAfterTheRetention() {
    guard.execute("k1", "fp", action(200));
    clock.advance(Duration.ofHours(23));
    assertThat(guard.execute("k1", "fp", action(200)).replayed()).isTrue();

    clock.advance(Duration.ofHours(1));

    assertThat(guard.execute("k1", "fp", action(200)).replayed()).isFalse();
    assertThat(runs).hasValue(2);
  }

  @Test
  void withoutAKeyTheActionSimplyRuns() {
    guard.execute((String) null, null, action(200));
    guard.execute((String) null, null, action(200));

    assertThat(runs).hasValue(2);
    assertThat(store.size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "has space", "tab\t", "ünïcode", "new\nline", "\u007f"})
  void malformedKeysAreA400NamingTheHeader(String key) {
    assertThatThrownBy(() -> guard.execute(key, "fp", action(200)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Idempotency-Key");
    assertThat(runs).hasValue(0);
  }

  @Test
  void keysUpTo128VisibleAsciiCharactersAreAccepted() {
    String longest = "!~".repeat(64);
    assertThat(IdempotencyGuard.validateKey(longest)).isEqualTo(longest);
    assertThatThrownBy(() -> IdempotencyGuard.validateKey(longest + "x"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aStoreOutageIsA503AndNothingRuns() {
    IdempotencyGuard overDeadStore =
        new IdempotencyGuard(
            new FailingStore(true), Duration.ofHours(1), Duration.ofMinutes(1), clock);

    assertThatThrownBy(() -> overDeadStore.execute("k1", "fp", action(200)))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("idempotency store");
    assertThat(runs).hasValue(0);
  }

  /**
   * A claim can be stored and still fail for the caller (the connection broke, or the statement
   * timed out, after PostgreSQL committed the insert). The caller got a 503 saying nothing ran; its
   * retry must run, not meet its own orphaned claim as "in progress" (409) until the lease ends.
   */
  @Test
  void aClaimStoredButReportedAsFailedDoesNotBlockTheRetry() {
    IdempotencyStore committedThenLost =
        new IdempotencyStore() {
          int claims;

          @Override
          public Claim claim(
              IdempotencyKey key, String fp, String owner, Instant now, Instant leaseUntil) {
            Claim claim = store.claim(key, fp, owner, now, leaseUntil);
            if (claims++ == 0) {
              throw new IdempotencyStoreException(
                  "An I/O error occurred while sending to the backend", null);
            }
            return claim;
          }

          @Override
          public void complete(
              IdempotencyKey key, String owner, StoredResponse response, Instant expiresAt) {
            store.complete(key, owner, response, expiresAt);
          }

          @Override
          public void release(IdempotencyKey key, String owner) {
            store.release(key, owner);
          }

          @Override
          public String name() {
            return "committed-then-lost";
          }
        };
    IdempotencyGuard overIt =
        new IdempotencyGuard(committedThenLost, Duration.ofHours(24), Duration.ofMinutes(5), clock);

    assertThatThrownBy(() -> overIt.execute("k1", "fp", action(200)))
        .isInstanceOf(DependencyUnavailableException.class);
    assertThat(runs).hasValue(0);

    IdempotencyGuard.Outcome retry = overIt.execute("k1", "fp", action(200));

    assertThat(retry.replayed()).isFalse();
    assertThat(runs).hasValue(1);
  }

  @Test
  void whenStoringTheResultFailsTheCallerStillGetsTheResponse() {
    IdempotencyGuard overFlakyStore =
        new IdempotencyGuard(
            new FailingStore(false), Duration.ofHours(1), Duration.ofMinutes(1), clock);

    IdempotencyGuard.Outcome outcome = overFlakyStore.execute("k1", "fp", action(201));

    assertThat(outcome.response().status()).isEqualTo(201);
    assertThat(outcome.replayed()).isFalse();
  }

  /**
   * The invocation's time is gone when the action answers (a Lambda whose run used it up): the
   * answer is not saved, the caller still gets it, and the key stays taken with the default lease,
   * so a retry at any time within the retention is a 409 and never a second run.
   */
  @Test
  void anAnswerNotSavedInTimeIsNeverRunAgainByARetry() {
    IdempotencyGuard withDefaults =
        new IdempotencyGuard(
            store, IdempotencyGuard.DEFAULT_RETENTION, IdempotencyGuard.DEFAULT_LEASE, clock);
    AtomicInteger left = new AtomicInteger(60_000);
    Deadline deadline = new Deadline(left::get);

    IdempotencyGuard.Outcome first =
        withDefaults.execute(
            null,
            "k1",
            "fp",
            deadline,
            () -> {
              left.set(0); // the action used up the invocation's time
              return action(201).get();
            });

    assertThat(first.response().status()).isEqualTo(201);
    for (Duration later : List.of(Duration.ZERO, Duration.ofMinutes(6), Duration.ofHours(23))) {
      clock.advance(later);
      assertThatThrownBy(() -> withDefaults.execute("k1", "fp", action(201)))
          .as("a retry %s later", later)
          .isInstanceOf(IdempotencyKeyInProgressException.class)
          .hasMessageContaining("ended without its answer being stored");
    }
    assertThat(runs).hasValue(1);
  }

  /** The save is bounded by the invocation's deadline; one the store gave up on keeps the key. */
  @Test
  void theSaveGetsTheInvocationsDeadlineAndOneThatFailsKeepsTheKeyTaken() {
    List<Deadline> saves = new ArrayList<>();
    IdempotencyStore timingOut =
        new IdempotencyStore() {
          @Override
          public Claim claim(
              IdempotencyKey key, String fp, String owner, Instant now, Instant leaseUntil) {
            return store.claim(key, fp, owner, now, leaseUntil);
          }

          @Override
          public void complete(
              IdempotencyKey key, String owner, StoredResponse response, Instant expiresAt) {
            throw new AssertionError("the save must be given the deadline");
          }

          @Override
          public void complete(
              IdempotencyKey key,
              String owner,
              StoredResponse response,
              Instant expiresAt,
              Deadline deadline) {
            saves.add(deadline);
            throw new IdempotencyStoreException("no answer within 1200 ms", null);
          }

          @Override
          public void release(IdempotencyKey key, String owner) {
            store.release(key, owner);
          }

          @Override
          public String name() {
            return "timing out";
          }
        };
    IdempotencyGuard overIt =
        new IdempotencyGuard(
            timingOut, IdempotencyGuard.DEFAULT_RETENTION, IdempotencyGuard.DEFAULT_LEASE, clock);
    Deadline deadline = new Deadline(() -> 1_200);

    assertThat(overIt.execute(null, "k1", "fp", deadline, action(200)).response().status())
        .isEqualTo(200);

    assertThat(saves).containsExactly(deadline);
    clock.advance(Duration.ofHours(23));
    assertThatThrownBy(() -> overIt.execute("k1", "fp", action(200)))
        .isInstanceOf(IdempotencyKeyInProgressException.class);
    assertThat(runs).hasValue(1);
  }

  /**
   * The claim runs before any answer, so it ends by the invocation's deadline: it is given half the
   * time left (the store bounds each call by that), and one that used it up is a 503 saying so,
   * with the other half left for the release (a claim given up on may still be stored).
   */
  @Test
  void theClaimGetsHalfTheTimeLeftAndOneThatUsesItUpIsA503WithTimeToReleaseIt() {
    AtomicInteger left = new AtomicInteger(1_200);
    List<Long> claimLeft = new ArrayList<>();
    List<Long> releaseLeft = new ArrayList<>();
    IdempotencyStore hanging =
        new IdempotencyStore() {
          @Override
          public Claim claim(
              IdempotencyKey key, String fp, String owner, Instant now, Instant leaseUntil) {
            throw new AssertionError("the claim must be given the deadline");
          }

          @Override
          public Claim claim(
              IdempotencyKey key,
              String fp,
              String owner,
              Instant now,
              Instant leaseUntil,
              Deadline deadline) {
            claimLeft.add(deadline.leftMs());
            left.addAndGet(-600); // the store waited out the time it was given
            claimLeft.add(deadline.leftMs());
            throw new IdempotencyStoreException(
                "canceling statement due to statement timeout", null);
          }

          @Override
          public void complete(
              IdempotencyKey key, String owner, StoredResponse response, Instant expiresAt) {
            throw new AssertionError("nothing to complete");
          }

          @Override
          public void release(IdempotencyKey key, String owner) {
            throw new AssertionError("the release must be given the deadline");
          }

          @Override
          public void release(IdempotencyKey key, String owner, Deadline deadline) {
            releaseLeft.add(deadline.leftMs());
          }

          @Override
          public String name() {
            return "hanging";
          }
        };
    IdempotencyGuard overIt =
        new IdempotencyGuard(hanging, Duration.ofHours(24), Duration.ofMinutes(5), clock);

    assertThatThrownBy(() -> overIt.execute(null, "k1", "fp", new Deadline(left::get), action(200)))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessage(
            "idempotency store unavailable: the Idempotency-Key check got no answer within the 600"
                + " ms it was given, half of the 1200 ms left before this invocation's deadline"
                + " (the other half is kept to release the claim): canceling statement due to"
                + " statement timeout");
    assertThat(claimLeft).containsExactly(600L, 0L);
    assertThat(releaseLeft).containsExactly(600L);
    assertThat(runs).hasValue(0);
  }

  /** No time left for the claim: not sent, the deadline's 503 (a retry is safe), nothing runs. */
  @Test
  void withNoTimeLeftTheClaimIsNotSentAndNothingRuns() {
    IdempotencyGuard overFailing =
        new IdempotencyGuard(
            new FailingStore(true), Duration.ofHours(1), Duration.ofMinutes(1), clock);

    assertThatThrownBy(
            () -> overFailing.execute(null, "k1", "fp", new Deadline(() -> 0), action(200)))
        .isInstanceOf(DeadlineReachedException.class)
        .hasMessage(
            "Not started: the Idempotency-Key check: it may take up to 0 ms and 0 ms are left"
                + " before this invocation's deadline; nothing was done, a retry is safe");
    assertThat(runs).hasValue(0);
  }

  @Test
  void fingerprintsDifferWhenAnyPartOrTheSplitBetweenPartsDiffers() {
    String base = IdempotencyGuard.fingerprint("POST", "/orchestrate/p1", "{}");

    assertThat(IdempotencyGuard.fingerprint("POST", "/orchestrate/p1", "{}"))
        .isEqualTo(base)
        .hasSize(64);
    assertThat(IdempotencyGuard.fingerprint("POST", "/orchestrate/p2", "{}")).isNotEqualTo(base);
    assertThat(IdempotencyGuard.fingerprint("POST", "/orchestrate/p1", "{ }")).isNotEqualTo(base);
    assertThat(IdempotencyGuard.fingerprint("ab", "c"))
        .isNotEqualTo(IdempotencyGuard.fingerprint("a", "bc"));
    assertThat(IdempotencyGuard.fingerprint("a", null))
        .isNotEqualTo(IdempotencyGuard.fingerprint("a", ""));
  }

  @Test
  void aLeaseLongerThanTheRetentionIsRejected() {
    assertThatThrownBy(
            () -> new IdempotencyGuard(store, Duration.ofMinutes(1), Duration.ofMinutes(2), clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String fingerprint(String body) {
    return IdempotencyGuard.fingerprint("POST", "/orchestrate/p1", body);
  }

  /** Fails every claim (outage) or only completes (store went away mid-request). */
  private record FailingStore(boolean failClaims) implements IdempotencyStore {
    @Override
    public Claim claim(
        IdempotencyKey key, String fingerprint, String owner, Instant now, Instant leaseUntil) {
      if (failClaims) {
        throw new IdempotencyStoreException("connection refused", null);
      }
      return Claim.claimed(fingerprint);
    }

    @Override
    public void complete(
        IdempotencyKey key, String owner, StoredResponse response, Instant expiresAt) {
      throw new IdempotencyStoreException("connection reset", null);
    }

    @Override
    public void release(IdempotencyKey key, String owner) {
      throw new IdempotencyStoreException("connection reset", null);
    }

    @Override
    public String name() {
      return "failing";
    }
  }

  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
