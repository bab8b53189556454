package org.dsm.orchestrator.core.monitor;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Reads this process on Linux without start-up work: CPU time and open descriptors from the JDK's
 * operating-system bean, resident set and the kernel's thread count from {@code /proc/self/status},
 * the files OSHI reads for the same figures; the limits the platform enforces and its own figures
 * for them from the cgroup files and Lambda's environment ({@link CgroupReader}). OSHI's first
 * sample cost ~200 ms of CPU in a fresh JVM (its JNA native library, and two child processes,
 * {@code ldconfig -p} and {@code uname -o}); on Lambda that ran beside the cold start on a fraction
 * of one CPU, and in the Knative pod on its one CPU. {@link OshiProcessSampler} still serves
 * systems without {@code /proc}.
 */
final class ProcStatusSampler implements Supplier<ProcessSample> {
  static final Path STATUS = Path.of("/proc/self/status");

  private final UnixOperatingSystemMXBean os =
      (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final Supplier<PlatformSample> platform;
  private final Supplier<String> status;

  /**
   * The highest peak read so far. The kernel's VmHWM is the larger of the high-water mark it has
   * recorded and the current resident set, and it records the mark only when memory is unmapped: a
   * resident set it showed can be gone from it a moment later (seen here: 56 KiB lower on the next
   * read), and a peak must not fall.
   */
  private final AtomicLong highestPeak = new AtomicLong(-1);

  ProcStatusSampler() {
    this(CgroupReader.forThisProcess());
  }

  /**
   * @param platform the container's limits and figures (cgroups, Lambda's configuration)
   */
  ProcStatusSampler(Supplier<PlatformSample> platform) {
    this(platform, ProcStatusSampler::read);
  }

  /** With {@code status} in place of reading {@code /proc/self/status} (tests). */
  ProcStatusSampler(Supplier<PlatformSample> platform, Supplier<String> status) {
    this.platform = platform;
    this.status = status;
  }

  /** Finds the process's cgroups again (after a SnapStart restore); see {@link CgroupReader}. */
  void relocate() {
    highestPeak.set(-1); // a restored sandbox is another process, with a high-water mark of its own
    if (platform instanceof CgroupReader cgroups) {
      cgroups.relocate();
    }
  }

  /** This sampler where {@code /proc/self/status} and the JDK's Unix bean exist, else OSHI's. */
  static Supplier<ProcessSample> forThisSystem() {
    return Files.isReadable(STATUS)
            && ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean
        ? new ProcStatusSampler()
        : new OshiProcessSampler();
  }

  @Override
  public ProcessSample get() {
    String status = this.status.get();
    return new ProcessSample(
        number(status, "VmRSS:") * 1024, // the kernel writes every Vm* figure in kB
        Math.max(0, os.getProcessCpuTime()),
        (int) Math.max(0, os.getOpenFileDescriptorCount()),
        (int) number(status, "Threads:"),
        System.nanoTime(),
        platform.get(),
        // the resident set's high-water mark (kB); absent in some sandboxes' /proc (gVisor)
        status.contains("\nVmHWM:")
            ? highestPeak.accumulateAndGet(number(status, "VmHWM:") * 1024, Math::max)
            : -1);
  }

  private static String read() {
    try {
      return new String(Files.readAllBytes(STATUS), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first number after {@code name} at the start of a line. */
  static long number(String status, String name) {
    int at = status.startsWith(name) ? 0 : status.indexOf("\n" + name);
    if (at < 0) {
      throw new IllegalStateException("no " + name + " line in " + STATUS);
    }
    int i = status.indexOf(name, at) + name.length();
    while (i < status.length() && !Character.isDigit(status.charAt(i))) {
      i++;
    }
    long value = 0;
    for (; i < status.length() && Character.isDigit(status.charAt(i)); i++) {
      value = value * 10 + (status.charAt(i) - '0');
    }
    return value;
  }
}
