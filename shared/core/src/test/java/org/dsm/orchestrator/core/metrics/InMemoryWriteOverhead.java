package org.dsm.orchestrator.core.metrics;

import org.dsm.orchestrator.core.fixtures.WriteOverheadBenchmark;

/** Write overhead of the in-memory store; see {@link WriteOverheadBenchmark}. */
public final class InMemoryWriteOverhead {
  private InMemoryWriteOverhead() {}

  public static void main(String[] args) {
    for (int round = 0; round < 3; round++) {
      WriteOverheadBenchmark.run("memory", InMemoryMetricsStore::new, 20_000, 800);
    }
  }
}
