package org.dsm.orchestrator.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Summaries report HdrHistogram's own percentile rule, clamped to the exact [min, max]. */
class OperationRecorderTest {

  @Test
  void percentilesFollowHdrHistogramsRuleWithinTheExactRange() {
    SplittableRandom random = new SplittableRandom(42);
    for (int round = 0; round < 50; round++) {
      OperationRecorder recorder = new OperationRecorder("op");
      Histogram reference =
          new Histogram(
              OperationRecorder.LOWEST_DISCERNIBLE_NANOS,
              OperationRecorder.HIGHEST_TRACKABLE_NANOS,
              OperationRecorder.SIGNIFICANT_DIGITS);
      int calls = 1 + random.nextInt(2_000);
      long min = Long.MAX_VALUE;
      long max = 0;
      for (int i = 0; i < calls; i++) {
        // heavy-tailed durations from 1 µs to ~1 s, with repeats so buckets hold several values
        long nanos = (long) Math.pow(10, 3 + random.nextDouble() * 6) / 1000 * 1000;
        recorder.record(nanos, true);
        reference.recordValue(nanos);
        min = Math.min(min, nanos);
        max = Math.max(max, nanos);
      }
      OperationStats stats = recorder.snapshot();
      assertThat(stats.p50DurationMs()).isEqualTo(expected(reference, 50, min, max));
      assertThat(stats.p95DurationMs()).isEqualTo(expected(reference, 95, min, max));
      assertThat(stats.p99DurationMs()).isEqualTo(expected(reference, 99, min, max));
    }
  }

  @Test
  void snapshotsTakenWhileThreadsRecordAreConsistent() throws InterruptedException {
    // Every record succeeds and takes exactly 1 s: any snapshot built from one set of records
    // shows as many successes as calls and 1,000 ms for every figure; a read torn by a write
    // would show more successes than calls or an average off by 1/calls.
    OperationRecorder recorder = new OperationRecorder("op");
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread writer =
          new Thread(
              () -> {
                while (!stop.get()) {
                  recorder.record(1_000_000_000L, true);
                }
              });
      writer.start();
      writers.add(writer);
    }
    long previousCalls = 0;
    try {
      for (int i = 0; i < 20_000; i++) {
        OperationStats stats = recorder.snapshot();
        assertThat(stats.successfulCalls()).isEqualTo(stats.totalCalls());
        assertThat(stats.totalCalls()).isGreaterThanOrEqualTo(previousCalls);
        previousCalls = stats.totalCalls();
        if (stats.totalCalls() > 0) {
          assertThat(stats.avgDurationMs()).isEqualTo(1000.0);
          assertThat(stats.p99DurationMs()).isEqualTo(1000.0);
        }
      }
    } finally {
      stop.set(true);
      for (Thread writer : writers) {
        writer.join();
      }
    }
    assertThat(previousCalls).isPositive();
  }

  private static double expected(Histogram reference, double percentile, long min, long max) {
    long value = reference.getValueAtPercentile(percentile);
    return Durations.toMillis(Math.max(min, Math.min(max, value)));
  }
}
