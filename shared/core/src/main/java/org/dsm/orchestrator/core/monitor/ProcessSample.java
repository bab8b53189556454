package org.dsm.orchestrator.core.monitor;

/**
 * One reading of process-wide figures; {@code cpuTimeNanos} is the process's cumulative user +
 * kernel time; {@code platform} is the container's limits and figures at the same moment.
 */
record ProcessSample(
    long residentBytes,
    long cpuTimeNanos,
    int openFiles,
    int threads,
    long sampledAtNanos,
    PlatformSample platform) {
  ProcessSample {
    platform = platform == null ? PlatformSample.NONE : platform;
  }

  /** A reading without platform limits (none found, or a system without cgroups). */
  ProcessSample(
      long residentBytes, long cpuTimeNanos, int openFiles, int threads, long sampledAtNanos) {
    this(residentBytes, cpuTimeNanos, openFiles, threads, sampledAtNanos, PlatformSample.NONE);
  }
}
