package org.dsm.orchestrator.core.orchestration;

import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.ResourceMonitor;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;

/** The instance's monitors, shared by both use cases so one report sees every operation. */
public record Monitoring(
    PerformanceMonitor performance,
    ResourceMonitor resources,
    ThresholdConfig thresholds,
    InvocationMetering metering) {}
