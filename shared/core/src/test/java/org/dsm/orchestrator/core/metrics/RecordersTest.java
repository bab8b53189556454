package org.dsm.orchestrator.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.dsm.orchestrator.core.fixtures.InvocationRecords.ok;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.fixtures.FlakyMetricsStore;
import org.dsm.orchestrator.core.fixtures.GatedMetricsStore;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RecordersTest {
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private final List<Duration> sleeps = new ArrayList<>();
  private final RetryPolicy noWait =
      new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(15), sleeps::add);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(BufferedMetricsRecorder.class)).addAppender(logs);
    ((Logger) LoggerFactory.getLogger(SynchronousMetricsRecorder.class)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(BufferedMetricsRecorder.class)).detachAppender(logs);
    ((Logger) LoggerFactory.getLogger(SynchronousMetricsRecorder.class)).detachAppender(logs);
  }

  private static InvocationRecord invocation(int i) {
    return ok("orchestrate", "inv-" + i, "p-1", T0.plusSeconds(i), 10 + i);
  }

  @Test
  void synchronousRecorderRetriesWithBackoffUntilTheStoreRecovers() {
    FlakyMetricsStore store = new FlakyMetricsStore(2);
    SynchronousMetricsRecorder recorder = new SynchronousMetricsRecorder(store, noWait);

    recorder.record(invocation(1));

    assertThat(store.attempts()).isEqualTo(3);
    assertThat(store.stored()).isEqualTo(1);
    assertThat(recorder.failedRecords()).isZero();
    assertThat(sleeps)
        .containsExactly(Duration.ofMillis(10), Duration.ofMillis(15)); // doubled, then capped
  }

  @Test
  void synchronousRecorderNeverThrowsAndCountsAndLogsWhatItCannotWrite() {
    FlakyMetricsStore store = FlakyMetricsStore.alwaysDown();
    SynchronousMetricsRecorder recorder = new SynchronousMetricsRecorder(store, noWait);

    assertThatCode(
            () -> {
              recorder.record(invocation(1));
              recorder.record(invocation(2));
            })
        .doesNotThrowAnyException();

    assertThat(store.attempts()).isEqualTo(6);
    assertThat(recorder.failedRecords()).isEqualTo(2);
    assertThat(logs.list)
        .hasSize(2)
        .allSatisfy(
            event ->
                assertThat(event.getFormattedMessage()).contains("not written to the flaky store"));
  }

  @Test
  void bufferedRecorderWritesInBatchesOffTheCallerAndFlushes() {
    FlakyMetricsStore store = new FlakyMetricsStore(0);
    BufferedMetricsRecorder recorder =
        new BufferedMetricsRecorder(store, 100, 10, Duration.ofMillis(20), noWait);

    for (int i = 0; i < 35; i++) {
      recorder.record(invocation(i));
    }
    recorder.flush();

    assertThat(store.stored()).isEqualTo(35);
    assertThat(store.attempts()).isBetween(4, 35); // batched: at most 10 per write
    assertThat(recorder.pending()).isZero();
    recorder.close();
  }

  @Test
  void bufferedRecorderRetriesAFailingStoreWithoutAffectingTheInvocation() {
    FlakyMetricsStore store = new FlakyMetricsStore(2);
    BufferedMetricsRecorder recorder =
        new BufferedMetricsRecorder(store, 100, 50, Duration.ofMillis(20), noWait);

    assertThatCode(() -> recorder.record(invocation(1))).doesNotThrowAnyException();
    recorder.flush();

    assertThat(store.stored()).isEqualTo(1);
    assertThat(store.attempts()).isEqualTo(3);
    assertThat(recorder.failedRecords()).isZero();
    recorder.close();
  }

  @Test
  void bufferedRecorderCountsAndLogsRecordsTheStoreNeverTakes() {
    FlakyMetricsStore store = FlakyMetricsStore.alwaysDown();
    BufferedMetricsRecorder recorder =
        new BufferedMetricsRecorder(store, 100, 50, Duration.ofMillis(20), noWait);

    for (int i = 0; i < 7; i++) {
      recorder.record(invocation(i));
    }
    recorder.close();

    assertThat(recorder.failedRecords()).isEqualTo(7);
    assertThat(store.attempts()).isGreaterThanOrEqualTo(3);
    assertThat(logs.list)
        .isNotEmpty()
        .allSatisfy(
            event ->
                assertThat(event.getFormattedMessage()).contains("not written to the flaky store"));
  }

  @Test
  void aFullBufferIsCountedNotSilentlyDropped() throws InterruptedException {
    GatedMetricsStore stuck = new GatedMetricsStore();
    BufferedMetricsRecorder recorder =
        new BufferedMetricsRecorder(stuck, 2, 1, Duration.ofMillis(20), noWait);

    recorder.record(invocation(0));
    assertThat(stuck.awaitWriting()).isTrue(); // the writer holds record 0; the queue is empty
    for (int i = 1; i <= 4; i++) {
      recorder.record(invocation(i)); // 1 and 2 fit, 3 and 4 do not
    }

    assertThat(recorder.failedRecords()).isEqualTo(2);
    assertThat(logs.list)
        .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("buffer full"));
    stuck.open();
    recorder.close();
    assertThat(stuck.memory().aggregate(null, null, T0, T0.plusSeconds(3600)).invocations())
        .isEqualTo(3);
  }

  /**
   * A store write that never returns (a socket nobody answers; interrupts do not reach it) must not
   * hold the shutdown: close() gives up after its bound and counts what is left — the batch being
   * written and the queue — as unwritten.
   */
  @Test
  void closeIsBoundedWhenTheStoreHangsAndCountsWhatIsLeftAsUnwritten() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    InMemoryMetricsStore memory = new InMemoryMetricsStore();
    MetricsStore hanging =
        new MetricsStore() {
          @Override
          public void write(List<InvocationRecord> batch) {
            writing.countDown();
            boolean released = false;
            while (!released) {
              try {
                released = release.await(60, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                // like a blocked socket read: an interrupt does not end it
              }
            }
          }

          @Override
          public RecordPage query(MetricsQuery query) {
            return memory.query(query);
          }

          @Override
          public MetricsAggregate aggregate(
              String function, String projectId, Instant from, Instant to) {
            return memory.aggregate(function, projectId, from, to);
          }

          @Override
          public String name() {
            return "hanging";
          }
        };
    UnwrittenRecords unwritten = new UnwrittenRecords();
    BufferedMetricsRecorder recorder =
        new BufferedMetricsRecorder(hanging, 100, 1, Duration.ofMillis(20), noWait, unwritten);
    recorder.record(invocation(0));
    assertThat(writing.await(30, TimeUnit.SECONDS)).isTrue();
    recorder.record(invocation(1));
    recorder.record(invocation(2));

    var closing = java.util.concurrent.CompletableFuture.runAsync(recorder::close);
    try {
      closing.get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("close() still waits on the hanging store after 30 s", e);
    } finally {
      release.countDown();
    }

    assertThat(recorder.failedRecords()).isEqualTo(3);
    assertThat(unwritten.total()).isEqualTo(3);
    assertThat(logs.list)
        .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("unwritten"));
  }

  @Test
  void closeWritesWhatIsStillBuffered() {
    FlakyMetricsStore store = new FlakyMetricsStore(0);
    BufferedMetricsRecorder recorder =
        new BufferedMetricsRecorder(store, 1000, 25, Duration.ofSeconds(30), noWait);
    for (int i = 0; i < 60; i++) {
      recorder.record(invocation(i));
    }

    recorder.close();

    assertThat(store.stored()).isEqualTo(60);
    recorder.record(invocation(99)); // after close: written directly, not lost
    assertThat(store.stored()).isEqualTo(61);
  }

  @Test
  void compositeKeepsGoingWhenOneRecorderThrows() {
    FlakyMetricsStore store = new FlakyMetricsStore(0);
    MetricsRecorder broken =
        new MetricsRecorder() {
          @Override
          public void record(InvocationRecord record) {
            throw new IllegalStateException("broken");
          }

          @Override
          public void flush() {}

          @Override
          public long failedRecords() {
            return 0;
          }
        };
    CompositeMetricsRecorder composite =
        new CompositeMetricsRecorder(
            List.of(broken, new SynchronousMetricsRecorder(store, noWait)));

    assertThatCode(() -> composite.record(invocation(1))).doesNotThrowAnyException();

    assertThat(store.stored()).isEqualTo(1);
    assertThat(composite.failedRecords()).isEqualTo(1);
  }
}
