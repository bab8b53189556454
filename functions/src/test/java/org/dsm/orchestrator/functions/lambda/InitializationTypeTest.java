package org.dsm.orchestrator.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.functions.config.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the first invocation records after each kind of init Lambda reports in
 * AWS_LAMBDA_INITIALIZATION_TYPE: an on-demand instance's first invocation waited for the init (a
 * cold start carrying it); a provisioned-concurrency instance was initialised before any request,
 * so its first invocation is warm, carries no init, and its deadline is the Context's alone.
 */
class InitializationTypeTest {
  @AfterEach
  void putTheFlagBack() {
    Platform.setNextInvocationCold(true);
  }

  @Test
  void anOnDemandInstancesFirstInvocationIsColdWithItsInit() {
    Platform.setNextInvocationCold(true);
    LambdaHandler.instanceReady(2_345.6, "on-demand");

    InvocationContext first = Platform.context(Platform.LAMBDA, "http", "on-demand-1");
    assertThat(first.coldStart()).isTrue();
    assertThat(first.initDurationMs()).isEqualTo(2_345.6);
  }

  @Test
  void aProvisionedConcurrencyInstancesFirstInvocationIsNoColdStart() {
    Platform.setNextInvocationCold(true);
    LambdaHandler.instanceReady(2_345.6, "provisioned-concurrency");

    assertThat(Platform.nextInvocationCold()).isFalse();
    InvocationContext first = Platform.context(Platform.LAMBDA, "http", "provisioned-1");
    assertThat(first.coldStart()).isFalse();
    assertThat(first.initDurationMs()).isNull();
  }

  @Test
  void aSnapStartInitLeavesTheColdFlagToTheRestore() {
    Platform.setNextInvocationCold(true);
    LambdaHandler.instanceReady(2_345.6, "snap-start");

    assertThat(Platform.nextInvocationCold()).isTrue();
  }
}
