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
import org.dsm.orchestrator.core.metrics.EmfMetricsRecorder;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
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
}
