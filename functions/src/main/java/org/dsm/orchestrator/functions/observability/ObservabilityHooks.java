package org.dsm.orchestrator.functions.observability;

import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.port.DependencyHealth;
import org.dsm.orchestrator.core.port.OperationListener;

/**
 * What a metrics exporter plugs into the core: the monitor's timings, every invocation record, and
 * the circuit states. A bean only in web mode (see {@link MetricsExportConfiguration}), so nothing
 * of the metrics library is loaded on Lambda; this interface itself names none of its types.
 */
public interface ObservabilityHooks {
  OperationListener operations();

  /** Takes each invocation record next to the store's recorder. */
  MetricsRecorder invocations();

  void watch(DependencyHealth health);
}
