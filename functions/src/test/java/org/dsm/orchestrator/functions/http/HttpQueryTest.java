package org.dsm.orchestrator.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The query as API Gateway's queryStringParameters give it, so both platforms read the same. */
class HttpQueryTest {

  @Test
  void aRepeatedNameJoinsItsValuesWithACommaLikeApiGateway() {
    assertThat(HttpApiController.query("window=1h&window=abc")).containsEntry("window", "1h,abc");
    assertThat(HttpApiController.query("window=1h&x=1&window=2h&window"))
        .containsEntry("window", "1h,2h,")
        .containsEntry("x", "1");
  }

  @Test
  void valuesAreDecodedAndABrokenEscapeLeavesThePairEncoded() {
    assertThat(HttpApiController.query("window=24%68&w%69ndow=1d"))
        .containsEntry("window", "24h,1d");
    assertThat(HttpApiController.query("window=%G1")).containsEntry("window", "%G1");
  }
}
