package org.dsm.orchestrator.core.monitor;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import oshi.SystemInfo;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * Reads this process through OSHI. Construction is expensive (native/proc discovery), so it happens
 * on the sampler thread only. Open files counts every descriptor (files, sockets, pipes), unlike
 * the original's regular files.
 */
final class OshiProcessSampler implements Supplier<ProcessSample> {
  private final OperatingSystem os = new SystemInfo().getOperatingSystem();
  private final int pid = os.getProcessId();

  @Override
  public ProcessSample get() {
    OSProcess process = os.getProcess(pid);
    if (process == null) {
      throw new IllegalStateException("OSHI cannot see process " + pid);
    }
    long cpuMillis = process.getKernelTime() + process.getUserTime();
    return new ProcessSample(
        process.getResidentSetSize(),
        TimeUnit.MILLISECONDS.toNanos(cpuMillis),
        (int) Math.max(0, process.getOpenFiles()),
        process.getThreadCount(),
        System.nanoTime());
  }
}
