package org.dsm.orchestrator.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dsm.orchestrator.core.fixtures.InvocationRecords.ok;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A Lambda's own record is written before its handler returns, so the write ends by the
 * invocation's deadline: no attempt or retry starts once the time is gone, each attempt gets the
 * deadline to bound its calls, and a record not written is counted and logged with its content. The
 * time left is a supplier the test sets; the store blocks on a latch, as a hung store would.
 */
class SynchronousRecorderDeadlineTest {
  private final AtomicLong leftMs = new AtomicLong(10_000);
  private final Deadline deadline = new Deadline(leftMs::get);
  private final UnwrittenRecords unwritten = new UnwrittenRecords();
  private final RetryPolicy threeAttempts =
      new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), ignored -> {});
  private final InvocationRecord record =
      ok("orchestrate", "req-1", "TEST-001", Instant.parse("2030-01-01T00:00:00Z"), 12.5);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(SynchronousMetricsRecorder.class)).addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    ((Logger) LoggerFactory.getLogger(SynchronousMetricsRecorder.class)).detachAppender(logs);
  }

  /** Fails every write; a write waits for {@code release} when one is given. */
  private static final class HungStore implements MetricsStore {
    final List<Deadline> calls = new CopyOnWriteArrayList<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release;

    HungStore(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public void write(List<InvocationRecord> batch) {
      write(batch, Deadline.NONE);
    }

    @Override
    public void write(List<InvocationRecord> batch, Deadline deadline) {
      calls.add(deadline);
      entered.countDown();
      try {
        if (release != null && !release.await(60, TimeUnit.SECONDS)) {
          throw new AssertionError("the test never released the store");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new MetricsStoreException("no answer within the call's timeout", null);
    }

    @Override
    public RecordPage query(MetricsQuery query) {
      throw new UnsupportedOperationException();
    }

    @Override
    public MetricsAggregate aggregate(String function, String projectId, Instant from, Instant to) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String name() {
      return "hung";
    }
  }

  @Test
  void noRetryStartsOnceTheDeadlineHasPassedDuringAnAttempt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HungStore store = new HungStore(release);
    SynchronousMetricsRecorder recorder =
        new SynchronousMetricsRecorder(store, threeAttempts, unwritten);

    Thread writer = new Thread(() -> recorder.record(record, deadline), "writer");
    writer.start();
    assertThat(store.entered.await(60, TimeUnit.SECONDS)).isTrue();
    leftMs.set(0); // the invocation's time ran out while the store held the first attempt
    release.countDown();
    writer.join(60_000);

    assertThat(writer.isAlive()).isFalse();
    assertThat(store.calls).as("one attempt, given the deadline").containsExactly(deadline);
    assertThat(unwritten.total()).isEqualTo(1);
    assertThat(recorder.failedRecords()).isEqualTo(1);
    assertThat(logs.list)
        .singleElement()
        .satisfies(
            event -> {
              assertThat(event.getLevel()).isEqualTo(Level.WARN);
              assertThat(event.getFormattedMessage())
                  .contains("after 1 attempt(s)")
                  .contains("attempt 2 not started: 0 ms were left")
                  .contains("no answer within the call's timeout")
                  .endsWith("the record: " + Json.write(record));
            });
  }

  @Test
  void noAttemptStartsWithoutTimeLeftAndTheRecordIsStillInTheLog() {
    leftMs.set(-3);
    HungStore store = new HungStore(null);
    SynchronousMetricsRecorder recorder =
        new SynchronousMetricsRecorder(store, threeAttempts, unwritten);

    recorder.record(record, deadline);

    assertThat(store.calls).isEmpty();
    assertThat(unwritten.total()).isEqualTo(1);
    String line = logs.list.get(0).getFormattedMessage();
    assertThat(line).contains("after 0 attempt(s)").contains("attempt 1 not started");
    // the record, one JSON line, as the store would have kept it
    String json = line.substring(line.indexOf("the record: ") + "the record: ".length());
    assertThat(json).doesNotContain("\n");
    assertThat(Json.mapper().readValue(json, InvocationRecord.class)).isEqualTo(record);
  }

  @Test
  void aRetryWhoseBackoffUsesUpTheTimeLeftIsNotStarted() {
    leftMs.set(20); // the first backoff is 20 ms: nothing would be left for the retry
    HungStore store = new HungStore(null);
    SynchronousMetricsRecorder recorder =
        new SynchronousMetricsRecorder(store, threeAttempts, unwritten);

    recorder.record(record, deadline);

    assertThat(store.calls).hasSize(1);
    assertThat(unwritten.total()).isEqualTo(1);
  }

  @Test
  void withTimeLeftEveryAttemptRuns() {
    HungStore store = new HungStore(null);
    SynchronousMetricsRecorder recorder =
        new SynchronousMetricsRecorder(store, threeAttempts, unwritten);

    recorder.record(record, deadline);

    assertThat(store.calls).hasSize(3).containsOnly(deadline);
    assertThat(logs.list.get(0).getFormattedMessage()).contains("after 3 attempt(s)");
  }
}
