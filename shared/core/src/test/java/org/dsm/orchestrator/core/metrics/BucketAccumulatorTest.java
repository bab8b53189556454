package org.dsm.orchestrator.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Instant;
import java.util.Map;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.junit.jupiter.api.Test;

class BucketAccumulatorTest {

  private static InvocationRecord invocation(int i, double ms) {
    return InvocationRecords.record(
        "f", "inv-" + i, "p", Instant.EPOCH, ms, Map.of("c", ms * 2), 200, null, false);
  }

  @Test
  void encodedBucketsMergeToThePercentilesOfAllTheirInvocations() {
    BucketAccumulator fast = new BucketAccumulator();
    BucketAccumulator slow = new BucketAccumulator();
    for (int i = 1; i <= 900; i++) {
      fast.add(invocation(i, 1 + i % 10)); // 1..10 ms
    }
    for (int i = 1; i <= 100; i++) {
      slow.add(invocation(1000 + i, 1000 + i)); // 1001..1100 ms
    }

    BucketAccumulator merged = BucketAccumulator.decode(fast.encode());
    merged.merge(BucketAccumulator.decode(slow.encode()));
    MetricsAggregate aggregate = merged.toAggregate();

    assertThat(aggregate.invocations()).isEqualTo(1000);
    // 90 % fast: p50 is fast, p95 in the slow tail (averaging per-bucket p95s would give ~550)
    assertThat(aggregate.components().get("total").p50Ms()).isCloseTo(6, withinPercentage(1.5));
    assertThat(aggregate.components().get("total").p95Ms()).isCloseTo(1050, withinPercentage(1.5));
    assertThat(aggregate.components().get("c").maxMs()).isEqualTo(2200);
    assertThat(aggregate.components().keySet()).first().isEqualTo("total");
  }

  @Test
  void encodingIsSmall() {
    BucketAccumulator bucket = new BucketAccumulator();
    for (int i = 1; i <= 1000; i++) {
      bucket.add(invocation(i, i * 0.73));
    }
    assertThat(bucket.encode().length).isLessThan(4096);
  }

  @Test
  void garbageIsRejectedAsAStoreError() {
    assertThatThrownBy(() -> BucketAccumulator.decode(new byte[] {9, 9, 9}))
        .isInstanceOf(MetricsStoreException.class);
  }
}
