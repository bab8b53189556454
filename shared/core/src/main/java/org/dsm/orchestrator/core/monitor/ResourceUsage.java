package org.dsm.orchestrator.core.monitor;

/**
 * Resource figures; every "mb" figure is in MiB (2^20 bytes), as in the original's field names.
 * Process-wide: {@code memoryUsageMb} (RSS), {@code cpuPercent} (process CPU over the last sampling
 * interval, in percent of one core; an interval across a Lambda freeze is not used; null while
 * unknown: too soon after the first sample for the process clock's 10 ms ticks, or the latest
 * sample predates a freeze), {@code openFiles} (all descriptors), {@code threads} (OS threads). Per
 * invocation: {@code memoryIncreaseMb} (MiB the invocation's thread — the one that began the span —
 * allocated on the heap while it ran: the memory it caused, independent of GC timing and of other
 * requests; allocations on pool threads doing parallel fetches are not included) and {@code
 * cpuTimeMs} (CPU time of that thread). {@code heapUsedMb} is the JVM heap in use at the end (it
 * moves with GC, so it is context, not a verdict).
 *
 * <p>The platform's limits and its own figures, each null where there is none (a developer's
 * machine): {@code memoryLimitMb} (the cgroup's memory limit, or Lambda's configured memory: where
 * the process is killed, not the host's RAM), {@code memoryWorkingSetMb} (the container's charge
 * less inactive file cache: the figure the kubelet evicts on and {@code kubectl top} shows), {@code
 * cpuLimitCores} (the CFS quota in cores, or Lambda's share: {@code cpuPercent} reaches 100 × this
 * when the quota is used up) and {@code cpuThrottledPercent} (the share of the last sampling
 * interval's scheduling periods in which the quota throttled the process).
 *
 * <p>Peaks, as of the latest sample (at most a sampling interval old): {@code processPeakMemoryMib}
 * (the process's highest resident set since it started, {@code VmHWM}; after a SnapStart restore
 * the snapshotted process's, INIT phase included; null without {@code /proc}) and {@code
 * containerPeakMemoryMib} (the memory cgroup's highest charge since it was created, page cache
 * included: {@code memory.peak} or v1's {@code memory.max_usage_in_bytes}; null where the kernel
 * writes neither, or without a limited memory cgroup).
 */
public record ResourceUsage(
    double memoryUsageMb,
    double memoryIncreaseMb,
    Double cpuPercent,
    int openFiles,
    int threads,
    double cpuTimeMs,
    double heapUsedMb,
    Double memoryLimitMb,
    Double memoryWorkingSetMb,
    Double cpuLimitCores,
    Double cpuThrottledPercent,
    Double processPeakMemoryMib,
    Double containerPeakMemoryMib) {

  /** Figures without the platform's limits (none found, or not sampled). */
  public ResourceUsage(
      double memoryUsageMb,
      double memoryIncreaseMb,
      Double cpuPercent,
      int openFiles,
      int threads,
      double cpuTimeMs,
      double heapUsedMb) {
    this(
        memoryUsageMb,
        memoryIncreaseMb,
        cpuPercent,
        openFiles,
        threads,
        cpuTimeMs,
        heapUsedMb,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * The larger of the two memory figures (RSS and the container's working set): what the limit must
   * hold.
   */
  public double memoryInUseMb() {
    return memoryWorkingSetMb == null ? memoryUsageMb : Math.max(memoryUsageMb, memoryWorkingSetMb);
  }

  /** The same process figures with one invocation's own ({@code memoryIncreaseMb}, CPU time). */
  public ResourceUsage withInvocation(double memoryIncreaseMb, double cpuTimeMs) {
    return new ResourceUsage(
        memoryUsageMb,
        memoryIncreaseMb,
        cpuPercent,
        openFiles,
        threads,
        cpuTimeMs,
        heapUsedMb,
        memoryLimitMb,
        memoryWorkingSetMb,
        cpuLimitCores,
        cpuThrottledPercent,
        processPeakMemoryMib,
        containerPeakMemoryMib);
  }
}
