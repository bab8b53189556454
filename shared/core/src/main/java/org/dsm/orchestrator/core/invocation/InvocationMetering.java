package org.dsm.orchestrator.core.invocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.monitor.ComponentTiming;
import org.dsm.orchestrator.core.monitor.Invocation;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.monitor.ResourceUsage;

/**
 * Turns a finished invocation into an {@link InvocationRecord} and hands it to the recorder. Used
 * by the use cases for their own invocations and by the edge for requests it rejects before
 * reaching them, so every response has a record (error rates count them too).
 */
public final class InvocationMetering {
  private final MetricsRecorder recorder;
  private final Clock wallClock;
  private final String appVersion;

  public InvocationMetering(MetricsRecorder recorder, Clock wallClock, String appVersion) {
    this.recorder = recorder;
    this.wallClock = wallClock;
    this.appVersion = appVersion;
  }

  public Instant now() {
    return wallClock.instant();
  }

  /**
   * Waits at most {@code atMost} for this instance's records so far to reach the store, so a read
   * right after an invocation sees it; false when some were still on their way.
   */
  public boolean awaitRecorded(Duration atMost) {
    return recorder.flush(atMost);
  }

  /**
   * Records a completed invocation: its components as timed, the given status and error type (null
   * on success).
   */
  public void record(
      String function,
      InvocationContext context,
      String projectId,
      Instant startTime,
      double totalMs,
      Invocation invocation,
      int status,
      String errorType,
      ResourceUsage resources) {
    Map<String, Double> components = new LinkedHashMap<>();
    if (invocation != null) {
      for (ComponentTiming timing : invocation.components()) {
        components.merge(timing.operation(), timing.durationMs(), Double::sum);
      }
    }
    InvocationRecord record =
        new InvocationRecord(
            InvocationRecord.CURRENT_SCHEMA_VERSION,
            function,
            context.invocationId(),
            projectId,
            context.platform(),
            context.trigger(),
            context.coldStart(),
            startTime,
            totalMs,
            components,
            status,
            errorType,
            resources == null ? 0.0 : resources.memoryIncreaseMb(),
            resources == null ? 0.0 : resources.cpuTimeMs(),
            appVersion,
            context.principal(),
            context.initDurationMs());
    if (invocation == null || recorder.writesAfterResponse(record)) {
      recorder.record(record);
      return;
    }
    // its own component, outside the total it records: on Lambda this is the synchronous store
    // write the caller
    // waits for; with the buffered recorder it is the hand-off to the buffer
    invocation.time(
        Operations.METRICS_STORE_WRITE,
        () -> {
          recorder.record(record);
          return null;
        });
  }

  /** Records a request the edge rejected (bad input) before any use case ran. */
  public void recordRejected(
      String function,
      InvocationContext context,
      String projectId,
      Instant startTime,
      double totalMs,
      int status,
      String errorType) {
    record(function, context, projectId, startTime, totalMs, null, status, errorType, null);
  }
}
