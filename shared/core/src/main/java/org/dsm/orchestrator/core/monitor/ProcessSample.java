package org.dsm.orchestrator.core.monitor;

/**
 * One reading of process-wide figures; {@code cpuTimeNanos} is the process's cumulative user +
 * kernel time.
 */
record ProcessSample(
    long residentBytes, long cpuTimeNanos, int openFiles, int threads, long sampledAtNanos) {}
