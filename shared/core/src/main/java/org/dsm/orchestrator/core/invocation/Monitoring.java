package org.dsm.orchestrator.core.invocation;

import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.port.ResourceMonitor;

/** The instance's monitors, shared by both use cases so one report sees every operation. */
public record Monitoring(
    PerformanceMonitor performance,
    ResourceMonitor resources,
    ThresholdConfig thresholds,
    InvocationMetering metering) {}
