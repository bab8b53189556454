package org.dsm.orchestrator.functions.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Over HTTP the function definition picks the routes served; a typo must stop the start. */
class FunctionDefinitionTest {
  @Test
  void unsetServesBothAndEachNameServesItself() {
    assertThat(HttpApiController.servedFunction(null)).isNull();
    assertThat(HttpApiController.servedFunction("orchestrate")).isEqualTo("orchestrate");
    assertThat(HttpApiController.servedFunction("performanceMetrics"))
        .isEqualTo("performanceMetrics");
  }

  @Test
  void anyOtherDefinitionFailsTheStart() {
    assertThatThrownBy(() -> HttpApiController.servedFunction("orchestrate|performanceMetrics"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "SPRING_CLOUD_FUNCTION_DEFINITION must be orchestrate or performanceMetrics");
  }
}
