package org.dsm.orchestrator.core.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.fixtures.ParityFixture;
import org.junit.jupiter.api.Test;

class PatternCacheTest {
  /** A clock the test moves by hand. */
  static final class ManualClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final ManualClock clock = new ManualClock();
  private final PatternEngine.Insights value =
      new PatternEngine.Insights(
          new PatternAnalysis(List.of(), null, null), "none", new ConfidenceScore(0, "none"));

  private static PatternCache.Key key(
      String project, int teamSize, long version, VelocityHistory velocity) {
    return new PatternCache.Key(
        ProjectId.of(project), ParityFixture.originalTarget(teamSize), version, velocity);
  }

  @Test
  void entriesExpireAfterTheTtl() {
    var cache = new PatternCache(Duration.ofMinutes(30), 10, clock);
    var k = key("A", 2, 1, VelocityHistory.EMPTY);
    cache.put(k, value);

    clock.advance(Duration.ofMinutes(29));
    assertThat(cache.get(k)).isSameAs(value);
    clock.advance(Duration.ofMinutes(1));
    assertThat(cache.get(k)).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void theKeyCoversEverythingTheResultDependsOn() {
    var cache = new PatternCache(Duration.ofMinutes(30), 10, clock);
    cache.put(key("A", 2, 1, ParityFixture.velocity(3, 3)), value);

    assertThat(cache.get(key("A", 2, 1, ParityFixture.velocity(3, 3)))).isSameAs(value);
    assertThat(cache.get(key("A", 0, 1, ParityFixture.velocity(3, 3)))).isNull(); // features
    assertThat(cache.get(key("A", 2, 2, ParityFixture.velocity(3, 3)))).isNull(); // historical set
    assertThat(cache.get(key("A", 2, 1, ParityFixture.velocity(3, 3, 4)))).isNull(); // own history
    assertThat(cache.get(key("B", 2, 1, ParityFixture.velocity(3, 3)))).isNull(); // project
  }

  @Test
  void sizeIsBoundedEvictingTheLeastRecentlyUsed() {
    var cache = new PatternCache(Duration.ofMinutes(30), 3, clock);
    for (int i = 0; i < 3; i++) {
      cache.put(key("P" + i, 2, 1, VelocityHistory.EMPTY), value);
    }
    cache.get(key("P0", 2, 1, VelocityHistory.EMPTY)); // P0 is now the most recently used
    cache.put(key("P3", 2, 1, VelocityHistory.EMPTY), value);
    assertThat(cache.get(key("P1", 2, 1, VelocityHistory.EMPTY))).isNull(); // the eldest use
    assertThat(cache.get(key("P0", 2, 1, VelocityHistory.EMPTY))).isSameAs(value);
    assertThat(cache.get(key("P2", 2, 1, VelocityHistory.EMPTY))).isSameAs(value);
    for (int i = 4; i < 100; i++) {
      cache.put(key("P" + i, 2, 1, VelocityHistory.EMPTY), value);
      assertThat(cache.size()).isLessThanOrEqualTo(3);
    }
    assertThat(cache.get(key("P99", 2, 1, VelocityHistory.EMPTY))).isSameAs(value);
    assertThat(cache.get(key("P1", 2, 1, VelocityHistory.EMPTY))).isNull();
  }

  @Test
  void invalidateDropsEveryEntryOfTheProjectOnly() {
    var cache = new PatternCache(Duration.ofMinutes(30), 10, clock);
    cache.put(key("A", 2, 1, VelocityHistory.EMPTY), value);
    cache.put(key("A", 0, 1, VelocityHistory.EMPTY), value);
    cache.put(key("B", 2, 1, VelocityHistory.EMPTY), value);

    cache.invalidate(ProjectId.of("A"));

    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.get(key("B", 2, 1, VelocityHistory.EMPTY))).isSameAs(value);
  }

  @Test
  void threadsSharingTheCacheStayWithinTheBoundAndSeeTheirOwnPuts() throws InterruptedException {
    var cache = new PatternCache(Duration.ofMinutes(30), 20, Clock.systemUTC());
    List<Thread> threads = new ArrayList<>();
    List<AssertionError> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 8; t++) {
      int thread = t;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 2_000; i++) {
                  var k = key("T" + thread + "-" + i, 2, 1, VelocityHistory.EMPTY);
                  cache.put(k, value);
                  try {
                    // a put is seen by its own thread unless 20 newer ones evicted it meanwhile
                    var own = cache.get(k);
                    assertThat(own == null || own == value).isTrue();
                    // over the bound only by the one put in progress, whose eviction follows it
                    assertThat(cache.size()).isLessThanOrEqualTo(20 + 1);
                  } catch (AssertionError e) {
                    failures.add(e);
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertThat(cache.size()).isLessThanOrEqualTo(20);
  }
}
