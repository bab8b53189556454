package org.dsm.orchestrator.core.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.port.CircuitHints;
import org.junit.jupiter.api.Test;

/** Breakers of different instances share open circuits through {@link CircuitHints}. */
class SharedCircuitTest {
  /** One store the "instances" share, counting reads. */
  static final class MapHints implements CircuitHints {
    final Map<String, Instant> marks = new ConcurrentHashMap<>();
    int reads;

    @Override
    public synchronized Instant openUntil(String service, Instant now) {
      reads++;
      Instant until = marks.get(service);
      return until != null && until.isAfter(now) ? until : null;
    }

    @Override
    public void markOpen(String service, Instant until) {
      marks.merge(service, until, (a, b) -> a.isAfter(b) ? a : b);
    }
  }

  private static final BreakerConfig CONFIG = new BreakerConfig(50, 10, Duration.ofSeconds(30));

  private static DependencyBreaker instance(CircuitHints hints) {
    return new DependencyBreaker("svc", CONFIG, hints, Clock.systemUTC(), Duration.ofHours(1));
  }

  @Test
  void aBreakerThatOpensMarksTheServiceAndAFreshInstanceSkipsIt() {
    MapHints hints = new MapHints();
    DependencyBreaker first = instance(hints);
    for (int i = 0; i < CONFIG.minimumCalls(); i++) {
      first.acquire("GET /x").failure(new RuntimeException("timeout"));
    }
    assertThat(first.state()).isEqualTo("OPEN");
    assertThat(hints.marks.get("svc")).isAfter(Instant.now().plus(Duration.ofSeconds(20)));

    DependencyBreaker fresh = instance(hints);
    assertThatThrownBy(() -> fresh.acquire("GET /x"))
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("marked down by another instance");
    assertThat(fresh.state()).isEqualTo("OPEN");
    int reads = hints.reads;
    assertThatThrownBy(() -> fresh.acquire("GET /x"))
        .isInstanceOf(DependencyUnavailableException.class);
    assertThat(hints.reads).isEqualTo(reads); // open locally now: no more store reads
  }

  @Test
  void withoutAMarkCallsGoThroughAndReadsAreCachedUntilAFailure() {
    MapHints hints = new MapHints();
    DependencyBreaker breaker = instance(hints);
    breaker.acquire("GET /x").success();
    breaker.acquire("GET /x").success();
    assertThat(hints.reads).isEqualTo(1); // refresh interval not over
    breaker.acquire("GET /x").failure(new RuntimeException("timeout"));
    breaker.acquire("GET /x").success();
    assertThat(hints.reads).isEqualTo(2); // re-read after the failure
    assertThat(breaker.state()).isEqualTo("CLOSED");
  }

  @Test
  void aStoreThatFailsNeverFailsTheCall() {
    CircuitHints broken =
        new CircuitHints() {
          @Override
          public Instant openUntil(String service, Instant now) {
            throw new IllegalStateException("store down");
          }

          @Override
          public void markOpen(String service, Instant until) {
            throw new IllegalStateException("store down");
          }
        };
    DependencyBreaker breaker = instance(broken);
    for (int i = 0; i < CONFIG.minimumCalls(); i++) {
      breaker.acquire("GET /x").failure(new RuntimeException("timeout"));
    }
    assertThat(breaker.state()).isEqualTo("OPEN");
  }
}
