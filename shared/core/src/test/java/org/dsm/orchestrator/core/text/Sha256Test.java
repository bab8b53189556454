package org.dsm.orchestrator.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The names and keys built with it are stored (schedule names, idempotency keys, label values): its
 * output must never change. Pinned by FIPS 180-2's own examples.
 */
class Sha256Test {
  @Test
  void isTheStandardDigestInLowerCaseHex() {
    assertThat(Sha256.hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Sha256.hex(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void textIsHashedAsItsUtf8Bytes() {
    assertThat(Sha256.hex("é")).isEqualTo(Sha256.hex(new byte[] {(byte) 0xC3, (byte) 0xA9}));
  }
}
