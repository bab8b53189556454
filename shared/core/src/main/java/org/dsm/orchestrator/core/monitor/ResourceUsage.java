package org.dsm.orchestrator.core.monitor;

/**
 * Resource figures. Process-wide: {@code memoryUsageMb} (RSS), {@code cpuPercent} (process CPU over the last
 * sampling interval, in percent of one core), {@code openFiles} (all descriptors), {@code threads} (OS threads).
 * Per invocation: {@code memoryIncreaseMb} (bytes the invocation's threads allocated on the heap while it ran —
 * the memory it caused, independent of GC timing) and {@code cpuTimeMs} (CPU time of those threads).
 */
public record ResourceUsage(
    double memoryUsageMb,
    double memoryIncreaseMb,
    double cpuPercent,
    int openFiles,
    int threads,
    double cpuTimeMs,
    double heapUsedMb) {}
