package org.dsm.orchestrator.functions.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.functions.api.OrchestratorApi;

/** What an app has stored since a moment, over every function it records under. */
public final class StoredRecords {
  private StoredRecords() {}

  /** The records of both functions and of unrouted requests since {@code from}, after a flush. */
  public static List<InvocationRecord> since(
      MetricsRecorder recorder, MetricsStore store, Instant from) {
    recorder.flush();
    List<InvocationRecord> records = new ArrayList<>();
    for (String function : List.of("orchestrate", "performanceMetrics", OrchestratorApi.UNROUTED)) {
      records.addAll(
          store
              .query(
                  new MetricsStore.MetricsQuery(
                      function, null, from, Instant.now().plusSeconds(1), 1000, null))
              .records());
    }
    return records;
  }
}
