package org.dsm.orchestrator.functions.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where the Chronicle reads run: on the caller only for the embedded data on Lambda. */
class HistoryReadsTest {
  private final ExecutorService pool = new CoreConfiguration().coreExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void embeddedDataOnLambdaIsReadOnTheCallingThread() {
    assertThat(threadRunning(CoreConfiguration.historyReads(true, Platform.LAMBDA, pool)))
        .isSameAs(Thread.currentThread());
  }

  @Test
  void theServicesAndEveryHttpServerKeepThePool() {
    assertThat(threadRunning(CoreConfiguration.historyReads(false, Platform.LAMBDA, pool)))
        .isNotSameAs(Thread.currentThread());
    for (String platform : new String[] {Platform.KNATIVE, Platform.LOCAL}) {
      assertThat(CoreConfiguration.historyReads(true, platform, pool)).isSameAs(pool);
      assertThat(CoreConfiguration.historyReads(false, platform, pool)).isSameAs(pool);
    }
  }

  private static Thread threadRunning(Executor executor) {
    return CompletableFuture.supplyAsync(Thread::currentThread, executor).join();
  }
}
