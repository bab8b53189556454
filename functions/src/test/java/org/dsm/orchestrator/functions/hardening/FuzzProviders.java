package org.dsm.orchestrator.functions.hardening;

import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Provide;

/** The request parts both fuzz tests draw from (jqwik finds providers in superclasses). */
abstract class FuzzProviders {

  @Provide
  Arbitrary<String> methods() {
    return FuzzInputs.methods();
  }

  @Provide
  Arbitrary<String> paths() {
    return FuzzInputs.paths();
  }

  @Provide
  Arbitrary<Map<String, String>> headers() {
    return FuzzInputs.headers();
  }

  @Provide
  Arbitrary<byte[]> bodies() {
    return FuzzInputs.bodies();
  }
}
