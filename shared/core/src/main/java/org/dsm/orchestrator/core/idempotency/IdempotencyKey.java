package org.dsm.orchestrator.core.idempotency;

import java.util.Objects;

/**
 * What an idempotency entry is stored under: the caller's principal and the Idempotency-Key they
 * sent. Two callers sending the same key get two separate entries, so one caller can never replay
 * another's answer; the second caller's request simply runs (it is a different request). {@code
 * principal} is empty when the platform authenticated no one (local runs, open deployments): the
 * key alone, as before callers were known.
 *
 * @param principal the authenticated caller's id (IAM ARN, JWT subject), or "" for none
 * @param value the Idempotency-Key
 */
public record IdempotencyKey(String principal, String value) {
  public IdempotencyKey {
    principal = principal == null || principal.isBlank() ? "" : principal;
    Objects.requireNonNull(value, "value");
  }

  /** A key without an authenticated caller. */
  public static IdempotencyKey unscoped(String value) {
    return new IdempotencyKey("", value);
  }

  public boolean scoped() {
    return !principal.isEmpty();
  }
}
