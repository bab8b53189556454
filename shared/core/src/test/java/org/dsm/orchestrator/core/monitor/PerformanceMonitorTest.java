package org.dsm.orchestrator.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class PerformanceMonitorTest {
  private final ManualClock clock = new ManualClock();
  private final PerformanceMonitor monitor = new PerformanceMonitor(clock);

  @Test
  void timesABlockWithTryWithResources() {
    Invocation invocation = monitor.startInvocation();
    try (TimedOperation ignored = invocation.time("decision")) {
      clock.advanceMillis(12.5);
    }

    assertThat(invocation.components())
        .containsExactly(new ComponentTiming("decision", 12.5, true, null));
    OperationStats stats = monitor.summary("decision");
    assertThat(stats.totalCalls()).isEqualTo(1);
    assertThat(stats.successfulCalls()).isEqualTo(1);
    assertThat(stats.avgDurationMs()).isEqualTo(12.5);
    assertThat(stats.minDurationMs()).isEqualTo(12.5);
    assertThat(stats.maxDurationMs()).isEqualTo(12.5);
    assertThat(stats.successRate()).isEqualTo(100.0);
  }

  @Test
  void summarisesSuccessfulDurationsWithPercentiles() {
    Invocation invocation = monitor.startInvocation();
    for (int ms = 1; ms <= 100; ms++) {
      int duration = ms;
      invocation.time(
          "op",
          () -> {
            clock.advanceMillis(duration);
            return duration;
          });
    }

    OperationStats stats = monitor.summary("op");
    assertThat(stats.totalCalls()).isEqualTo(100);
    assertThat(stats.minDurationMs()).isEqualTo(1.0);
    assertThat(stats.maxDurationMs()).isEqualTo(100.0);
    assertThat(stats.avgDurationMs()).isEqualTo(50.5);
    // HdrHistogram with 2 significant digits: within 1 % of the exact order statistic.
    assertThat(stats.p50DurationMs())
        .isCloseTo(50.0, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(stats.p95DurationMs())
        .isCloseTo(95.0, org.assertj.core.data.Percentage.withPercentage(1));
    assertThat(stats.p99DurationMs())
        .isCloseTo(99.0, org.assertj.core.data.Percentage.withPercentage(1));
  }

  @Test
  void aThrowingBlockIsRecordedAsFailedAndTheSameExceptionPropagates() {
    Invocation invocation = monitor.startInvocation();
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(
            () ->
                invocation.time(
                    "fetch",
                    () -> {
                      clock.advanceMillis(3);
                      throw boom;
                    }))
        .isSameAs(boom);
    invocation.time(
        "fetch",
        () -> {
          clock.advanceMillis(7);
          return "ok";
        });

    assertThat(invocation.components())
        .containsExactly(
            new ComponentTiming("fetch", 3.0, false, "illegal_state"),
            new ComponentTiming("fetch", 7.0, true, null));
    OperationStats stats = monitor.summary("fetch");
    assertThat(stats.totalCalls()).isEqualTo(2);
    assertThat(stats.successfulCalls()).isEqualTo(1);
    assertThat(stats.successRate()).isEqualTo(50.0);
    // Durations describe successful calls only, as in the original.
    assertThat(stats.avgDurationMs()).isEqualTo(7.0);
    assertThat(stats.minDurationMs()).isEqualTo(7.0);
  }

  @Test
  void checkedExceptionsPropagateUnwrapped() {
    Invocation invocation = monitor.startInvocation();
    IOException io = new IOException("disk");

    assertThatThrownBy(
            () ->
                invocation.time(
                    "read",
                    () -> {
                      throw io;
                    }))
        .isSameAs(io);
    assertThat(invocation.component("read"))
        .hasValue(new ComponentTiming("read", 0.0, false, "io"));
  }

  @Test
  void failThenCloseAfterAnEarlierCloseRecordsOnce() {
    Invocation invocation = monitor.startInvocation();
    TimedOperation total = invocation.time("total");
    clock.advanceMillis(5);
    total.close();
    total.fail(new RuntimeException("late"));
    total.close();

    assertThat(invocation.components())
        .containsExactly(new ComponentTiming("total", 5.0, true, null));
    assertThat(monitor.summary("total").totalCalls()).isEqualTo(1);
  }

  @Test
  void failureWithoutSuccessesHasZeroDurations() {
    Invocation invocation = monitor.startInvocation();
    try (TimedOperation timer = invocation.time("actions")) {
      clock.advanceMillis(4);
      timer.fail(new UnsupportedOperationException());
    }

    OperationStats stats = monitor.summary("actions");
    assertThat(stats)
        .isEqualTo(new OperationStats("actions", 1, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0));
  }

  @Test
  void anonymousExceptionTypesKeepAName() {
    RuntimeException anonymous = new RuntimeException() {};
    assertThat(TimedOperation.errorType(anonymous)).isEqualTo("error");
    assertThat(TimedOperation.errorType(new java.util.concurrent.TimeoutException()))
        .isEqualTo("timeout");
    assertThat(
            TimedOperation.errorType(new java.io.UncheckedIOException(new java.io.IOException())))
        .isEqualTo("unchecked_io");
  }

  @Test
  void invocationScopeHoldsOnlyItsOwnTimingsWhileTheInstanceScopeAccumulates() {
    Invocation first = monitor.startInvocation();
    first.time(
        "op",
        () -> {
          clock.advanceMillis(10);
          return null;
        });
    Invocation second = monitor.startInvocation();
    second.time(
        "op",
        () -> {
          clock.advanceMillis(20);
          return null;
        });

    assertThat(first.components()).extracting(ComponentTiming::durationMs).containsExactly(10.0);
    assertThat(second.components()).extracting(ComponentTiming::durationMs).containsExactly(20.0);
    assertThat(second.component("op")).map(ComponentTiming::durationMs).hasValue(20.0);
    assertThat(second.component("absent")).isEmpty();
    assertThat(monitor.summary("op").totalCalls()).isEqualTo(2);
    assertThat(monitor.summary("op").avgDurationMs()).isEqualTo(15.0);
  }

  @Test
  void unknownOperationIsEmptyAndSummariesAreSortedByName() {
    Invocation invocation = monitor.startInvocation();
    invocation.time("zeta", () -> 1);
    invocation.time("alpha", () -> 1);

    assertThat(monitor.summary("never")).isEqualTo(OperationStats.empty("never"));
    assertThat(monitor.summaries().keySet()).containsExactly("alpha", "zeta");
  }

  @Test
  void durationsAboveTheHistogramRangeKeepTheirExactMaximum() {
    Invocation invocation = monitor.startInvocation();
    invocation.time(
        "slow",
        () -> {
          clock.advanceMillis(15 * 60 * 1000.0);
          return null;
        });

    OperationStats stats = monitor.summary("slow");
    assertThat(stats.maxDurationMs()).isEqualTo(900_000.0);
    assertThat(stats.p99DurationMs()).isLessThanOrEqualTo(stats.maxDurationMs());
  }

  @Test
  void memoryDoesNotGrowWithTheNumberOfCalls() {
    Invocation invocation = monitor.startInvocation();
    for (int i = 0; i < 1_000; i++) {
      try (TimedOperation ignored = invocation.time("op")) {
        clock.advanceMillis(i % 50);
      }
    }
    long footprint = monitor.footprintBytes();
    for (int i = 0; i < 100_000; i++) {
      try (TimedOperation ignored = invocation.time("op")) {
        clock.advanceMillis(i % 5000);
      }
    }

    assertThat(monitor.footprintBytes()).isEqualTo(footprint);
    assertThat(invocation.components()).hasSize(Invocation.MAX_COMPONENTS);
    assertThat(monitor.summary("op").totalCalls()).isEqualTo(101_000);
  }

  @Test
  void operationNamesBeyondTheCapShareOneRecorder() {
    Invocation invocation = monitor.startInvocation();
    for (int i = 0; i < PerformanceMonitor.MAX_OPERATIONS + 10; i++) {
      invocation.time("op-" + i, () -> null);
    }

    assertThat(monitor.summaries()).hasSize(PerformanceMonitor.MAX_OPERATIONS + 1);
    assertThat(monitor.summary(PerformanceMonitor.OVERFLOW_OPERATION).totalCalls()).isEqualTo(10);
  }

  @Test
  void eightThreadsGiveExactCounts() throws Exception {
    PerformanceMonitor real = new PerformanceMonitor(MonotonicClock.SYSTEM);
    int threads = 8;
    int callsPerThread = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Invocation>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  Invocation invocation = real.startInvocation();
                  for (int i = 0; i < callsPerThread; i++) {
                    int n = i;
                    try {
                      invocation.time(
                          "shared",
                          () -> {
                            if (n % 10 == 0) {
                              throw new IllegalArgumentException("every tenth");
                            }
                            return n;
                          });
                    } catch (IllegalArgumentException expected) {
                      // counted as a failure by the monitor
                    }
                  }
                  return invocation;
                }));
      }
      start.countDown();
      for (Future<Invocation> future : futures) {
        Invocation invocation = future.get();
        assertThat(invocation.components()).hasSize(Invocation.MAX_COMPONENTS);
      }
    } finally {
      pool.shutdownNow();
    }

    OperationStats stats = real.summary("shared");
    assertThat(stats.totalCalls()).isEqualTo((long) threads * callsPerThread);
    assertThat(stats.successfulCalls()).isEqualTo((long) threads * callsPerThread * 9 / 10);
    assertThat(stats.successRate()).isEqualTo(90.0);
    assertThat(stats.minDurationMs()).isLessThanOrEqualTo(stats.p50DurationMs());
    assertThat(stats.p50DurationMs()).isLessThanOrEqualTo(stats.p95DurationMs());
    assertThat(stats.p95DurationMs()).isLessThanOrEqualTo(stats.p99DurationMs());
    assertThat(stats.p99DurationMs()).isLessThanOrEqualTo(stats.maxDurationMs());
  }

  @Test
  void oneInvocationTimedFromSeveralThreadsKeepsEveryComponent() throws Exception {
    Invocation invocation = monitor.startInvocation();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 25; i++) {
                    invocation.time("parallel", () -> null);
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(invocation.components()).hasSize(200);
    assertThat(monitor.summary("parallel").totalCalls()).isEqualTo(200);
  }

  @Test
  void theListenerGetsEachTimingWithItsInvocationsFunction() {
    List<String> heard = new ArrayList<>();
    monitor.listen(
        (function, operation, nanos, success) ->
            heard.add(function + " " + operation + " " + nanos + " " + success));
    Invocation orchestrate = monitor.startInvocation("orchestrate");
    Invocation benchmark = monitor.startInvocation("orchestrateBenchmark");
    Invocation none = monitor.startInvocation();

    try (TimedOperation ignored = orchestrate.time("full_pattern_analysis")) {
      clock.advanceMillis(2);
    }
    try (TimedOperation timer = benchmark.time("full_pattern_analysis")) {
      clock.advanceMillis(3);
      timer.fail(new IllegalStateException("boom"));
    }
    try (TimedOperation ignored = none.time("metrics_store_write")) {
      clock.advanceMillis(1);
    }

    assertThat(heard)
        .containsExactly(
            "orchestrate full_pattern_analysis 2000000 true",
            "orchestrateBenchmark full_pattern_analysis 3000000 false",
            "null metrics_store_write 1000000 true");
  }
}
