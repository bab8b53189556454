package org.dsm.orchestrator.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dsm.orchestrator.core.fixtures.InvocationRecords.rekeyed;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RingRecordTest {
  private static final List<String> OPERATIONS =
      List.of("chronicle_fetch", "rule_decision", "pattern_cache_lookup", "store_write", "x");

  @Test
  void aPackedRecordUnpacksToAnEqualRecord() {
    SplittableRandom random = new SplittableRandom(7);
    RingRecord.Packer packer = new RingRecord.Packer();
    for (int i = 0; i < 5_000; i++) {
      InvocationRecord record = randomRecord(random, i);

      assertThat(packer.pack(record).toRecord()).isEqualTo(record);
    }
  }

  @Test
  void startTimeComparisonsAgreeWithInstants() {
    SplittableRandom random = new SplittableRandom(11);
    RingRecord.Packer packer = new RingRecord.Packer();
    for (int i = 0; i < 20_000; i++) {
      InvocationRecord record = randomRecord(random, i);
      RingRecord packed = packer.pack(record);
      Instant from = nearby(random, record.startTime());
      Instant to = nearby(random, record.startTime());

      assertThat(packed.startsBefore(from)).isEqualTo(record.startTime().isBefore(from));
      assertThat(packed.startsWithin(from, to))
          .isEqualTo(!record.startTime().isBefore(from) && record.startTime().isBefore(to));
    }
  }

  @Test
  void equalityIsTheStoresDedupKey() {
    RingRecord.Packer packer = new RingRecord.Packer();
    SplittableRandom random = new SplittableRandom(3);
    InvocationRecord a = randomRecord(random, 1);
    InvocationRecord other = randomRecord(random, 2);
    InvocationRecord sameKey = rekeyed(other, a.function(), a.invocationId(), a.startTime());
    InvocationRecord otherFunction =
        rekeyed(a, "performanceMetrics", a.invocationId(), a.startTime());
    // the same id later: a client's retry under its X-Request-Id is another invocation
    InvocationRecord otherStart =
        rekeyed(a, a.function(), a.invocationId(), a.startTime().plusNanos(1_000));

    assertThat(packer.pack(sameKey)).isEqualTo(packer.pack(a)).hasSameHashCodeAs(packer.pack(a));
    assertThat(packer.pack(otherFunction)).isNotEqualTo(packer.pack(a));
    assertThat(packer.pack(otherStart)).isNotEqualTo(packer.pack(a));
  }

  @Test
  void orderAndCursorAgreeWithTheQueriesOnRecords() {
    SplittableRandom random = new SplittableRandom(13);
    RingRecord.Packer packer = new RingRecord.Packer();
    List<InvocationRecord> records = new java.util.ArrayList<>();
    Instant base = Instant.parse("2030-01-01T00:00:00Z");
    for (int i = 0; i < 400; i++) {
      InvocationRecord r = randomRecord(random, random.nextInt(60)); // ids repeat
      // few distinct start times, so ties fall through to the id and the function
      Instant start = base.plusSeconds(random.nextInt(3)).plusNanos(random.nextInt(3));
      records.add(rekeyed(r, r.function(), r.invocationId(), start));
    }
    List<InvocationRecord> byRecords =
        records.stream().sorted(MetricsQueries.NEWEST_FIRST).toList();
    List<InvocationRecord> byRing =
        records.stream()
            .map(packer::pack)
            .sorted(RingRecord.NEWEST_FIRST)
            .map(RingRecord::toRecord)
            .toList();
    assertThat(byRing).isEqualTo(byRecords);

    for (InvocationRecord at : records) {
      MetricsQueries.Cursor cursor = MetricsQueries.Cursor.after(at);
      for (InvocationRecord r : records) {
        assertThat(packer.pack(r).after(cursor)).isEqualTo(cursor.precedes(r));
      }
    }
  }

  private static InvocationRecord randomRecord(SplittableRandom random, int i) {
    Map<String, Double> components = new LinkedHashMap<>();
    for (String operation : OPERATIONS) {
      if (random.nextInt(4) > 0) {
        components.put(operation, random.nextInt(3) == 0 ? 0.0 : random.nextDouble() * 1000);
      }
    }
    if (random.nextInt(50) == 0) {
      components.put("op-" + i, -0.0); // layouts beyond the shared ones
    }
    return new InvocationRecord(
        1 + random.nextInt(2),
        random.nextBoolean() ? "orchestrate" : "performanceMetrics",
        "inv-" + i,
        random.nextInt(5) == 0 ? null : "PROJ-" + random.nextInt(3),
        "knative",
        "http",
        random.nextBoolean(),
        Instant.ofEpochSecond(random.nextLong(-10_000_000_000L, 10_000_000_000L))
            .plusNanos(random.nextInt(1_000_000_000)),
        random.nextDouble() * 100,
        components,
        random.nextBoolean() ? 200 : 500,
        random.nextBoolean() ? null : "TimeoutError",
        random.nextDouble(),
        random.nextDouble(),
        "1.0.0",
        random.nextBoolean() ? null : "arn:aws:iam::1:user/x",
        random.nextBoolean() ? null : random.nextDouble() * 3000);
  }

  private static Instant nearby(SplittableRandom random, Instant instant) {
    return switch (random.nextInt(4)) {
      case 0 -> instant;
      case 1 -> instant.plusNanos(random.nextInt(-2, 3));
      case 2 -> instant.plusSeconds(random.nextInt(-2, 3));
      default -> instant.plusSeconds(random.nextInt(-2, 3)).plusNanos(random.nextInt(-5, 6));
    };
  }
}
