package org.dsm.orchestrator.core.monitor;

/**
 * The platform's own view of this process's container at one moment: the limits it enforces and its
 * figures for them. {@code memoryLimitBytes}: the cgroup's {@code memory.max} (v2) or {@code
 * memory.limit_in_bytes} (v1), the lowest on the path to the cgroup root, or Lambda's configured
 * memory; null when unlimited. {@code workingSetBytes}: the cgroup's charge less its inactive file
 * cache (what the kubelet evicts on and {@code kubectl top} shows); null without a memory cgroup
 * that has a limit (an unlimited one is shared with other processes, not this one's container).
 * {@code cpuLimitCores}: the CFS quota over its period ({@code cpu.max}, {@code cpu.cfs_quota_us}),
 * or Lambda's CPU share (its memory over 1,769 MB); null when unlimited. {@code cpuPeriods} and
 * {@code cpuThrottledPeriods}: the counters of {@code cpu.stat} where the quota is set, cumulative
 * (-1 when unknown). {@code memoryPeakBytes}: the same cgroup's highest charge since it was created
 * ({@code memory.peak}, v2 from Linux 5.19; {@code memory.max_usage_in_bytes}, v1), page cache
 * included as the kernel charges it; null where the file is absent or, as for the working set,
 * without a limited memory cgroup.
 */
record PlatformSample(
    Long memoryLimitBytes,
    Long workingSetBytes,
    Double cpuLimitCores,
    long cpuPeriods,
    long cpuThrottledPeriods,
    Long memoryPeakBytes) {
  static final PlatformSample NONE = new PlatformSample(null, null, null, -1, -1, null);

  /** Without a peak figure. */
  PlatformSample(
      Long memoryLimitBytes,
      Long workingSetBytes,
      Double cpuLimitCores,
      long cpuPeriods,
      long cpuThrottledPeriods) {
    this(memoryLimitBytes, workingSetBytes, cpuLimitCores, cpuPeriods, cpuThrottledPeriods, null);
  }

  /**
   * Percent of the scheduling periods between two samples in which the quota throttled the process;
   * null when the counters are unknown or no period passed.
   */
  static Double throttledPercent(PlatformSample before, PlatformSample after) {
    if (before == null
        || after == null
        || before.cpuPeriods < 0
        || after.cpuPeriods < 0
        || before.cpuThrottledPeriods < 0
        || after.cpuThrottledPeriods < 0) {
      return null;
    }
    long periods = after.cpuPeriods - before.cpuPeriods;
    long throttled = after.cpuThrottledPeriods - before.cpuThrottledPeriods;
    return periods <= 0 || throttled < 0 ? null : 100.0 * Math.min(throttled, periods) / periods;
  }
}
