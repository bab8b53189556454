package org.dsm.orchestrator.functions.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.functions.config.CoreConfiguration;
import org.junit.jupiter.api.Test;

/**
 * The shared core pool runs tasks that themselves fan out on it and wait (the Chronicle fetch
 * inside an orchestration). More such tasks at once than the pool has threads must still all
 * finish: with a work queue they waited forever on sub-tasks queued behind them (the instance hung
 * under the load test).
 */
class CoreExecutorStarvationTest {

  @Test
  void nestedFanOutOnAFullPoolCompletes() throws Exception {
    ExecutorService pool = new CoreConfiguration().coreExecutor();
    int outer = 32;
    CountDownLatch allStarted =
        new CountDownLatch(8); // every pool thread busy before the sub-tasks are sent
    List<CompletableFuture<Integer>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < outer; i++) {
        futures.add(
            CompletableFuture.supplyAsync(
                () -> {
                  allStarted.countDown();
                  await(allStarted);
                  var a = CompletableFuture.supplyAsync(() -> 1, pool);
                  var b = CompletableFuture.supplyAsync(() -> 2, pool);
                  var c = CompletableFuture.supplyAsync(() -> 3, pool);
                  return a.join() + b.join() + c.join();
                },
                pool));
      }
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      assertThat(futures).allSatisfy(f -> assertThat(f.join()).isEqualTo(6));
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
