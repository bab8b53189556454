package org.dsm.orchestrator.core.metrics;

import org.dsm.orchestrator.core.port.MetricsStore;

/** {@link GroundTruthContract} on the in-memory store (its bounds far above the workload). */
class InMemoryGroundTruthTest extends GroundTruthContract {
  @Override
  protected MetricsStore createStore(StoreMaintenance maintenance) {
    return new InMemoryMetricsStore(maintenance);
  }
}
