package org.dsm.orchestrator.core.monitor;

/**
 * Resource figures. Process-wide: {@code memoryUsageMb} (RSS), {@code cpuPercent} (process CPU over
 * the last sampling interval the process ran through — a Lambda freeze is no such interval — in
 * percent of one core; null while none is measured and the time since the first sample is too short
 * for the process clock's 10 ms ticks), {@code openFiles} (all descriptors), {@code threads} (OS
 * threads). Per invocation: {@code memoryIncreaseMb} (MiB the invocation's thread — the one that
 * began the span — allocated on the heap while it ran: the memory it caused, independent of GC
 * timing and of other requests; allocations on pool threads doing parallel fetches are not
 * included) and {@code cpuTimeMs} (CPU time of that thread). {@code heapUsedMb} is the JVM heap in
 * use at the end (it moves with GC, so it is context, not a verdict).
 */
public record ResourceUsage(
    double memoryUsageMb,
    double memoryIncreaseMb,
    Double cpuPercent,
    int openFiles,
    int threads,
    double cpuTimeMs,
    double heapUsedMb) {}
