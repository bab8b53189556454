package org.dsm.orchestrator.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.functions.support.LambdaRun;
import org.junit.jupiter.api.Test;

/**
 * The time the handler gives the use case: the Context's, and on a cold invocation no more than API
 * Gateway's 30 s less the init phase, which the gateway's clock counts and Lambda's timeout does
 * not.
 */
class LambdaDeadlineTest {
  private static final com.amazonaws.services.lambda.runtime.Context THIRTY_SECONDS =
      LambdaRun.context("deadline", () -> 30_000);

  @Test
  void aWarmInvocationHasTheContextsRemainingTime() {
    assertThat(LambdaHandler.remainingMillis(THIRTY_SECONDS, System.nanoTime(), null).getAsLong())
        .isEqualTo(30_000);
  }

  @Test
  void aColdInvocationHasWhatTheGatewayLeavesAfterItsInit() {
    // 30 s - 1 s before the JVM started - a 4 s init: at most 25 s, however long the Context runs
    long left =
        LambdaHandler.remainingMillis(THIRTY_SECONDS, System.nanoTime(), 4_000.0).getAsLong();

    assertThat(left).isLessThanOrEqualTo(25_000).isGreaterThan(20_000);
  }

  @Test
  void anInitPastLambdasLimitWasNoneTheGatewayWaitedFor() {
    assertThat(
            LambdaHandler.remainingMillis(THIRTY_SECONDS, System.nanoTime(), 60_000.0).getAsLong())
        .isEqualTo(30_000);
  }

  @Test
  void withoutAContextThereIsNoDeadline() {
    assertThat(LambdaHandler.remainingMillis(null, System.nanoTime(), 4_000.0))
        .isSameAs(Deadline.UNBOUNDED);
  }
}
