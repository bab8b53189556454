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
 * so its first invocation is warm, carries no init, and its deadline is the Context's alone; so is
 * an on-demand instance's whose first invocation arrives long after the init (Lambda made it ahead
 * of any request).
 */
class InitializationTypeTest {
  private static final com.amazonaws.services.lambda.runtime.Context THIRTY_SECONDS =
      org.dsm.orchestrator.functions.support.LambdaRun.context("proactive", () -> 30_000);

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
  void anOnDemandInstanceMadeAheadOfAnyRequestHasAWarmFirstInvocation() {
    Platform.setNextInvocationCold(true);
    LambdaHandler.instanceReady(2_345.6, "on-demand");

    Double waited =
        LambdaHandler.initWaitedFor(
            Platform.readyAtNanos() + (LambdaHandler.READY_AHEAD_OF_REQUEST_MS + 1) * 1_000_000);

    assertThat(waited).isNull(); // so its deadline is the Context's, not cut by the init
    assertThat(LambdaHandler.remainingMillis(THIRTY_SECONDS, System.nanoTime(), waited).getAsLong())
        .isEqualTo(30_000);
    InvocationContext first = Platform.context(Platform.LAMBDA, "http", "proactive-1");
    assertThat(first.coldStart()).isFalse();
    assertThat(first.initDurationMs()).isNull();
  }

  @Test
  void aFirstInvocationThatWaitedForTheInitStaysCold() {
    Platform.setNextInvocationCold(true);
    LambdaHandler.instanceReady(2_345.6, "on-demand");

    assertThat(
            LambdaHandler.initWaitedFor(
                Platform.readyAtNanos() + LambdaHandler.READY_AHEAD_OF_REQUEST_MS * 1_000_000))
        .isEqualTo(2_345.6);

    InvocationContext first = Platform.context(Platform.LAMBDA, "http", "on-demand-2");
    assertThat(first.coldStart()).isTrue();
    assertThat(first.initDurationMs()).isEqualTo(2_345.6);
  }

  @Test
  void aRestoreIsMeasuredFromTheRestoreNotFromTheSnapshotsInit() throws Exception {
    LambdaHandler.instanceReady(2_345.6, "snap-start");
    long init = Platform.readyAtNanos();
    Thread.sleep(5);
    Platform.markNextInvocationCold(); // the restore begins, long after the snapshot's init

    assertThat(Platform.readyAtNanos()).isGreaterThan(init);
    assertThat(LambdaHandler.initWaitedFor(Platform.readyAtNanos() + 50_000_000))
        .isEqualTo(2_345.6);
    assertThat(Platform.nextInvocationCold()).isTrue();
  }

  @Test
  void aSnapStartInitLeavesTheColdFlagToTheRestore() {
    Platform.setNextInvocationCold(true);
    LambdaHandler.instanceReady(2_345.6, "snap-start");

    assertThat(Platform.nextInvocationCold()).isTrue();
  }
}
