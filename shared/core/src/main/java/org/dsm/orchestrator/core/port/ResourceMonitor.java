package org.dsm.orchestrator.core.port;

import org.dsm.orchestrator.core.monitor.ResourceUsage;

/**
 * Process resources (sampled off the request path, OSHI) and per-invocation figures (cheap JMX
 * thread counters).
 */
public interface ResourceMonitor {
  /** Starts measuring the calling thread's CPU time and allocations for one invocation. */
  ResourceSpan begin();

  /** Process-wide figures only (memoryIncreaseMb and cpuTimeMs are 0). */
  ResourceUsage processUsage();

  /**
   * The process was just restored from a snapshot (SnapStart): figures sampled before it describe
   * the process that was snapshotted and must not be reported as this one's.
   */
  default void restored() {}

  interface ResourceSpan {
    /** Call on the same thread that called {@link #begin()}. */
    ResourceUsage end();
  }
}
