package org.dsm.orchestrator.core.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.fixtures.CoreAssembly;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The benchmark against the invocation's deadline: the remaining time is a fake clock that moves
 * only when the benchmark reads it after an iteration, so each iteration "takes" exactly what the
 * test says, whatever the machine's speed.
 */
class BenchmarkDeadlineTest {
  private static final List<ProjectId> TEST = List.of(ProjectId.of(EmbeddedDataset.TEST));

  private final CoreAssembly core = CoreAssembly.embedded();

  @AfterEach
  void close() {
    core.close();
  }

  /** Starts at {@code startMs}; the n-th read after the first is {@code sum(took[0..n-1])} less. */
  private static LongSupplier remaining(long startMs, long... tookMs) {
    AtomicInteger reads = new AtomicInteger();
    return () -> {
      int n = reads.getAndIncrement();
      long left = startMs;
      for (int i = 0; i < n; i++) {
        left -= tookMs[Math.min(i, tookMs.length - 1)];
      }
      return left;
    };
  }

  @Test
  void stopsBeforeAnIterationThatMightNotFinishAndSaysSo() {
    // 10 s per iteration from 60 s: after 4 iterations 20 s are left, less than 2 x 10 s + 5 s
    BenchmarkResult result =
        core.benchmark.run(
            TEST, 1000, BenchmarkService.newTrigger("lambda"), remaining(60_000, 10_000));

    assertThat(result.iterations()).isEqualTo(1000);
    assertThat(result.iterationsRun()).isEqualTo(4);
    assertThat(result.invocations()).isEqualTo(4);
    assertThat(result.stoppedEarly()).isTrue();
    assertThat(result.stopReason())
        .contains("stopped after 4 of 1000 iterations")
        .contains("20000 ms left")
        .contains("slowest iteration took 10000 ms");
    assertThat(result.errors()).isZero();
  }

  @Test
  void theSlowestIterationSoFarSetsTheBar() {
    // 1 s, then 30 s: 49 s are left, plenty for 1 s iterations but less than 2 x 30 s + 5 s
    BenchmarkResult result =
        core.benchmark.run(
            TEST,
            50,
            BenchmarkService.newTrigger("lambda"),
            remaining(80_000, 1_000, 30_000, 1_000));

    assertThat(result.iterationsRun()).isEqualTo(2);
    assertThat(result.stoppedEarly()).isTrue();
    assertThat(result.stopReason()).contains("49000 ms left").contains("took 30000 ms");
  }

  @Test
  void withNoTimeLeftNothingRunsAndTheVerdictFails() {
    BenchmarkResult result =
        core.benchmark.run(TEST, 10, BenchmarkService.newTrigger("lambda"), () -> 4_000);

    assertThat(result.iterationsRun()).isZero();
    assertThat(result.invocations()).isZero();
    assertThat(result.stoppedEarly()).isTrue();
    assertThat(result.stopReason()).contains("stopped after 0 of 10 iterations");
    assertThat(result.verdict()).isEqualTo("fail");
  }

  @Test
  void withoutADeadlineOrWithTimeToSpareEveryIterationRuns() {
    BenchmarkResult unlimited = core.benchmark.run(TEST, 5, BenchmarkService.newTrigger("local"));
    BenchmarkResult ample =
        core.benchmark.run(TEST, 5, BenchmarkService.newTrigger("lambda"), remaining(120_000, 100));

    for (BenchmarkResult result : List.of(unlimited, ample)) {
      assertThat(result.iterationsRun()).isEqualTo(5);
      assertThat(result.invocations()).isEqualTo(5);
      assertThat(result.stoppedEarly()).isFalse();
      assertThat(result.stopReason()).isNull();
    }
  }
}
