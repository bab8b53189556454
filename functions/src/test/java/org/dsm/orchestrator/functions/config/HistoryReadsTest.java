package org.dsm.orchestrator.functions.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the Chronicle reads run: on the caller for the embedded data, on the pool for the services.
 */
class HistoryReadsTest {
  private final ExecutorService pool = new CoreConfiguration().coreExecutor();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void embeddedDataIsReadOnTheCallingThread() {
    assertThat(threadRunning(CoreConfiguration.historyReads(true, pool)))
        .isSameAs(Thread.currentThread());
  }

  @Test
  void theServicesAreReadOnThePool() {
    assertThat(threadRunning(CoreConfiguration.historyReads(false, pool)))
        .isNotSameAs(Thread.currentThread())
        .extracting(Thread::getName)
        .asString()
        .startsWith("dsm-fetch-");
  }

  private static Thread threadRunning(Executor executor) {
    return CompletableFuture.supplyAsync(Thread::currentThread, executor).join();
  }
}
