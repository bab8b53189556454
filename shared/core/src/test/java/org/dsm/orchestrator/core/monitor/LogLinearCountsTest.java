package org.dsm.orchestrator.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The same figures as HdrHistogram's getValueAtPercentile, for any durations and percentiles. */
class LogLinearCountsTest {
  private static final double[] PERCENTILES = {0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100};

  @Test
  void percentilesEqualHdrHistogramsForTheSameLayout() {
    SplittableRandom random = new SplittableRandom(7);
    long[][] ranges = {{1_000, 600_000_000_000L}, {1, 3_600_000_000L}, {1_000, 1_000_000}};
    for (long[] range : ranges) {
      for (int digits = 1; digits <= 3; digits++) {
        for (int round = 0; round < 40; round++) {
          LogLinearCounts counts = new LogLinearCounts(range[0], range[1], digits);
          Histogram reference = new Histogram(range[0], range[1], digits);
          int calls = 1 + random.nextInt(3_000);
          for (int i = 0; i < calls; i++) {
            // heavy-tailed, from below the lowest discernible value to past the highest trackable
            long value = (long) Math.pow(10, random.nextDouble() * 13);
            if (random.nextInt(10) == 0) {
              value = random.nextLong(0, 2_000); // the first sub-buckets, zero included
            }
            counts.record(value);
            reference.recordValue(Math.min(value, range[1]));
          }
          long[] values = counts.valuesAtPercentiles(PERCENTILES);
          for (int k = 0; k < PERCENTILES.length; k++) {
            assertThat(values[k])
                .as(
                    "p%s of %d values, range %d..%d, %d digits",
                    PERCENTILES[k], calls, range[0], range[1], digits)
                .isEqualTo(reference.getValueAtPercentile(PERCENTILES[k]));
          }
          assertThat(counts.total()).isEqualTo(reference.getTotalCount());
        }
      }
    }
  }

  @Test
  void nothingRecordedGivesZeros() {
    assertThat(new LogLinearCounts(1_000, 1_000_000, 2).valuesAtPercentiles(PERCENTILES))
        .containsOnly(0L);
  }
}
