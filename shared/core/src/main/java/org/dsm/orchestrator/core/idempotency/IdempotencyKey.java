package org.dsm.orchestrator.core.idempotency;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

  /**
   * Whether {@link #principal} is well-formed UTF-16 (no unpaired surrogate), so that its UTF-8
   * holds it exactly. A JWT {@code sub} is any JSON string, an escaped U+D800 included; Java
   * encodes an unpaired surrogate as {@code ?}, which would make two principals one.
   */
  public boolean principalIsWellFormed() {
    for (int i = 0; i < principal.length(); i++) {
      char c = principal.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < principal.length()
          && Character.isLowSurrogate(principal.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Bytes that tell every two principals apart, for a store to hash: the principal's UTF-8 when it
   * is well-formed (as stores hashed it before), else {@code 0xFF} (never a byte of UTF-8) and its
   * UTF-16BE.
   */
  public byte[] principalBytes() {
    if (principalIsWellFormed()) {
      return principal.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 + 2 * principal.length());
    bytes.write(0xFF);
    bytes.writeBytes(principal.getBytes(StandardCharsets.UTF_16BE));
    return bytes.toByteArray();
  }
}
