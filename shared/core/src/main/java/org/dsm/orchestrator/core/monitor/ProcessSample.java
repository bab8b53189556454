package org.dsm.orchestrator.core.monitor;

/**
 * One reading of process-wide figures; {@code cpuTimeNanos} is the process's cumulative user +
 * kernel time; {@code platform} is the container's limits and figures at the same moment; {@code
 * peakResidentBytes} is the highest resident set the process has had ({@code VmHWM}), -1 where
 * unknown.
 */
record ProcessSample(
    long residentBytes,
    long cpuTimeNanos,
    int openFiles,
    int threads,
    long sampledAtNanos,
    PlatformSample platform,
    long peakResidentBytes) {
  ProcessSample {
    platform = platform == null ? PlatformSample.NONE : platform;
  }

  /** A reading without a peak figure. */
  ProcessSample(
      long residentBytes,
      long cpuTimeNanos,
      int openFiles,
      int threads,
      long sampledAtNanos,
      PlatformSample platform) {
    this(residentBytes, cpuTimeNanos, openFiles, threads, sampledAtNanos, platform, -1);
  }

  /** A reading without platform limits (none found, or a system without cgroups). */
  ProcessSample(
      long residentBytes, long cpuTimeNanos, int openFiles, int threads, long sampledAtNanos) {
    this(residentBytes, cpuTimeNanos, openFiles, threads, sampledAtNanos, PlatformSample.NONE, -1);
  }
}
