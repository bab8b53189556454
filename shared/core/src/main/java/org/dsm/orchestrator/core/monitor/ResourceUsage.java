package org.dsm.orchestrator.core.monitor;

/**
 * Resource figures. Process-wide: {@code memoryUsageMb} (RSS), {@code cpuPercent} (process CPU over
 * the last sampling interval, in percent of one core), {@code openFiles} (all descriptors), {@code
 * threads} (OS threads). Per invocation: {@code memoryIncreaseMb} (MiB the invocation's thread —
 * the one that began the span — allocated on the heap while it ran: the memory it caused,
 * independent of GC timing and of other requests; allocations on pool threads doing parallel
 * fetches are not included) and {@code cpuTimeMs} (CPU time of that thread). {@code heapUsedMb} is
 * the JVM heap in use at the end (it moves with GC, so it is context, not a verdict).
 */
public record ResourceUsage(
    double memoryUsageMb,
    double memoryIncreaseMb,
    double cpuPercent,
    int openFiles,
    int threads,
    double cpuTimeMs,
    double heapUsedMb) {}
