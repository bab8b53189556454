package org.dsm.orchestrator.core.monitor;

/**
 * Reads the monitor's package-private footprint for the benchmarks (this class lives in the core's
 * package on the benchmarks' classpath only; the core exposes no such method publicly on purpose).
 */
public final class MonitorFootprint {
  private MonitorFootprint() {}

  public static long bytes(PerformanceMonitor monitor) {
    return monitor.footprintBytes();
  }
}
