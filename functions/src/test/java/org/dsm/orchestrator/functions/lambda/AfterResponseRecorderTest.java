package org.dsm.orchestrator.functions.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dsm.orchestrator.core.fixtures.CapturingRecorder;
import org.dsm.orchestrator.core.fixtures.InvocationRecords;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.metrics.EmfMetricsRecorder;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.SynchronousMetricsRecorder;
import org.dsm.orchestrator.core.metrics.UnwrittenRecords;
import org.dsm.orchestrator.core.monitor.Operations;
import org.junit.jupiter.api.Test;

/**
 * A handler invocation's record is written once its response is out; a priming call's record takes
 * the same path into a rehearsal that keeps and prints nothing, so the path is warm after a restore
 * and priming still leaves no trace.
 */
class AfterResponseRecorderTest {
  private final List<InvocationRecord> stored = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream emf = new ByteArrayOutputStream();
  private final AfterResponseRecorder recorder =
      new AfterResponseRecorder(
          new CapturingRecorder(stored),
          List.of(new EmfMetricsRecorder(new PrintStream(emf, true), "Test")));

  private void invoke(String requestId, boolean priming) {
    HandlerScope scope = HandlerScope.open(System.nanoTime(), requestId, priming);
    recorder.record(InvocationRecords.ok("orchestrate", requestId, "TEST-001", Instant.now(), 1.0));
    assertThat(stored).as("held back until the response is out").isEmpty();
    scope.close(System.nanoTime());
  }

  @Test
  void aPrimingCallsRecordIsRehearsedNotWritten() {
    invoke("priming-1-0", true);

    assertThat(stored).isEmpty();
    assertThat(emf.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(recorder.primingRehearsal().deferredWrites()).isEqualTo(1);
    assertThat(recorder.deferredWrites()).isZero();
  }

  @Test
  void aRealInvocationsRecordIsWrittenWithTheHandlersTotalAndPrinted() {
    invoke("req-1", false);

    assertThat(stored)
        .singleElement()
        .satisfies(r -> assertThat(r.invocationId()).isEqualTo("req-1"));
    String line = emf.toString(StandardCharsets.UTF_8);
    assertThat(line)
        .contains("\"invocation_id\":\"req-1\"")
        .contains("Duration.metrics_store_write");
    assertThat(recorder.deferredWrites()).isEqualTo(1);
    assertThat(recorder.primingRehearsal().deferredWrites()).isZero();
  }

  /**
   * On Lambda the record is written before the handler returns, by the Context's time less what is
   * kept for handing over the response: with less than that left none is attempted; it is counted
   * as unwritten, and its EMF line still goes out.
   */
  @Test
  void aRecordWithoutTimeLeftForItsWriteIsCountedUnwrittenAndStillPrinted() {
    InMemoryMetricsStore store = new InMemoryMetricsStore();
    UnwrittenRecords unwritten = new UnwrittenRecords();
    AfterResponseRecorder lambda =
        new AfterResponseRecorder(
            new SynchronousMetricsRecorder(store, unwritten),
            List.of(new EmfMetricsRecorder(new PrintStream(emf, true), "Test")));
    HandlerScope scope =
        HandlerScope.open(
            System.nanoTime(), "req-late", false, () -> (int) HandlerScope.HANDOFF_RESERVE_MS);
    lambda.record(InvocationRecords.ok("orchestrate", "req-late", "TEST-001", Instant.now(), 1.0));
    scope.close(System.nanoTime());

    assertThat(store.storedRecords()).isZero();
    assertThat(unwritten.total()).isEqualTo(1);
    assertThat(emf.toString(StandardCharsets.UTF_8)).contains("\"invocation_id\":\"req-late\"");
  }

  /**
   * An invocation whose use case had no time left (the Context's last second, kept for the answer:
   * the deadline's 503) still has its record written: by then the response only has to be posted.
   */
  @Test
  void theRecordOfAnInvocationThatUsedItsTimeUpIsStillWritten() {
    InMemoryMetricsStore store = new InMemoryMetricsStore();
    AfterResponseRecorder lambda =
        new AfterResponseRecorder(new SynchronousMetricsRecorder(store), List.of());
    HandlerScope scope =
        HandlerScope.open(
            System.nanoTime(), "req-503", false, () -> (int) Deadline.RESPONSE_RESERVE_MS);
    lambda.record(InvocationRecords.ok("orchestrate", "req-503", "TEST-001", Instant.now(), 1.0));
    scope.close(System.nanoTime());

    assertThat(store.storedRecords()).isEqualTo(1);
  }

  /**
   * The handler's total (entry to response serialised) is stored as its own component where a use
   * case ran, so the report can judge the platform's p95 beside the use case's; a rejected request
   * (no components) keeps it in the total only, so a flood of fast 400s cannot pull that p95 down.
   */
  @Test
  void theHandlersTotalIsStoredAndPrintedAsRequestToResponseWhereAUseCaseRan() {
    long entry = System.nanoTime() - 35_000_000L; // Tomcat's first byte, 35 ms ago
    HandlerScope scope = HandlerScope.open(entry, "req-2", false);
    recorder.record(InvocationRecords.ok("orchestrate", "req-2", "TEST-001", Instant.now(), 0.55));
    scope.close(entry + 35_000_000L);
    HandlerScope rejected = HandlerScope.open(entry, "req-3", false);
    recorder.record(
        InvocationRecords.record(
            "orchestrate",
            "req-3",
            "TEST-001",
            Instant.now(),
            0.1,
            java.util.Map.of(),
            400,
            "InvalidRequest",
            false));
    rejected.close(entry + 2_000_000L);

    assertThat(stored).hasSize(2);
    InvocationRecord ran = stored.get(0);
    assertThat(ran.totalDurationMs()).isEqualTo(35.0);
    assertThat(ran.componentDurationsMs())
        .containsEntry(Operations.REQUEST_TO_RESPONSE, 35.0)
        .containsEntry("state_fetch", 0.275);
    InvocationRecord refused = stored.get(1);
    assertThat(refused.totalDurationMs()).isEqualTo(2.0);
    assertThat(refused.componentDurationsMs()).doesNotContainKey(Operations.REQUEST_TO_RESPONSE);
    String[] lines = emf.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines[0])
        .contains("{\"Name\":\"Duration.request_to_response\",\"Unit\":\"Milliseconds\"}")
        .contains("\"Duration.request_to_response\":35.0");
    assertThat(lines[1]).doesNotContain("request_to_response");
  }
}
