package org.dsm.orchestrator.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.dsm.orchestrator.core.port.ResourceMonitor;
import org.junit.jupiter.api.Test;

class ProcessResourceMonitorTest {
  private static final double MIB = 1024.0 * 1024.0;

  @Test
  void samplerIsBuiltOnTheSamplerThreadAndCpuPercentComesFromConsecutiveSamples() throws Exception {
    AtomicReference<Thread> builtOn = new AtomicReference<>();
    AtomicLong firstAt = new AtomicLong();
    AtomicInteger taken = new AtomicInteger();
    CountDownLatch twoSamples = new CountDownLatch(2);
    // the second sample waits until the first reading was taken: a caller descheduled on a loaded
    // machine would otherwise wake up to the second one
    CountDownLatch firstRead = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Supplier<Supplier<ProcessSample>> factory =
        () -> {
          builtOn.set(Thread.currentThread());
          return () -> {
            long now = System.nanoTime();
            switch (taken.getAndIncrement()) {
              case 0 -> {
                firstAt.set(now);
                twoSamples.countDown();
                return new ProcessSample(512 * (long) MIB, 1_000_000_000L, 12, 40, now);
              }
              case 1 -> {
                await(firstRead);
                now = System.nanoTime();
                twoSamples.countDown();
                // CPU for half the wall time since the first sample: 50 % of one core
                long half = (now - firstAt.get()) / 2;
                return new ProcessSample(
                    256 * (long) MIB, 1_000_000_000L + half, 14, 42, firstAt.get() + 2 * half);
              }
              default -> {
                await(done); // no more samples until the test ends
                throw new IllegalStateException("test over");
              }
            }
          };
        };

    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(factory, Duration.ofSeconds(1), () -> 0L)) {
      ResourceUsage before = monitor.processUsage();
      firstRead.countDown();
      assertThat(twoSamples.await(10, TimeUnit.SECONDS)).isTrue();
      waitForSecondReading(monitor);

      ResourceUsage usage = monitor.processUsage();
      assertThat(builtOn.get()).isNotSameAs(Thread.currentThread());
      assertThat(builtOn.get().isDaemon()).isTrue();
      assertThat(usage.memoryUsageMb()).isEqualTo(256.0);
      assertThat(usage.cpuPercent()).isEqualTo(50.0);
      assertThat(usage.openFiles()).isEqualTo(14);
      assertThat(usage.threads()).isEqualTo(42);
      assertThat(usage.memoryIncreaseMb()).isZero();
      assertThat(usage.cpuTimeMs()).isZero();
      assertThat(usage.heapUsedMb()).isPositive();
      // Asked before the first sample, it waited for it instead of answering zeros.
      assertThat(before.memoryUsageMb()).isEqualTo(512.0);
      assertThat(before.threads()).isEqualTo(40);
    } finally {
      done.countDown();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void heapUsedIsTheFigureTheMemoryBeanGivesWithinARegion() {
    var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
    long region = g1RegionBytes();
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(
            () -> () -> new ProcessSample(0, 0, 0, 1, System.nanoTime()),
            Duration.ofSeconds(60),
            () -> 0L)) {
      for (int round = 0; round < 3; round++) {
        byte[][] retained = new byte[16][];
        for (int i = 0; i < retained.length; i++) {
          retained[i] = new byte[1024 * 1024];
        }
        long bean = memory.getHeapMemoryUsage().getUsed();
        double ours = monitor.processUsage().heapUsedMb() * MIB;
        assertThat(retained[15]).hasSize(1024 * 1024);
        // used, not committed: committed is the bean's other figure and may be far above
        assertThat(ours).isBetween(bean - 2.0 * region, bean + 2.0 * region);
      }
    }
  }

  private static long g1RegionBytes() {
    var hotspot =
        java.lang.management.ManagementFactory.getPlatformMXBean(
            com.sun.management.HotSpotDiagnosticMXBean.class);
    try {
      long bytes = Long.parseLong(hotspot.getVMOption("G1HeapRegionSize").getValue());
      return bytes > 0 ? bytes : 32 * 1024 * 1024;
    } catch (IllegalArgumentException e) {
      return 32 * 1024 * 1024; // not G1: the largest region G1 would use
    }
  }

  @Test
  void spanMeasuresWhatTheCallingThreadAllocated() {
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(
            () -> () -> new ProcessSample(0, 0, 0, 1, System.nanoTime()),
            Duration.ofSeconds(60),
            () -> 0L)) {
      ResourceMonitor.ResourceSpan small = monitor.begin();
      ResourceUsage smallUsage = small.end();

      ResourceMonitor.ResourceSpan span = monitor.begin();
      byte[][] blocks = new byte[32][];
      for (int i = 0; i < blocks.length; i++) {
        blocks[i] = new byte[1024 * 1024];
      }
      ResourceUsage usage = span.end();

      assertThat(blocks[31]).hasSize(1024 * 1024);
      assertThat(usage.memoryIncreaseMb()).isGreaterThanOrEqualTo(32.0);
      assertThat(usage.memoryIncreaseMb()).isGreaterThan(smallUsage.memoryIncreaseMb());
      assertThat(usage.cpuTimeMs()).isGreaterThanOrEqualTo(0.0);
    }
  }

  @Test
  void realOshiSamplerReadsThisProcess() {
    ProcessSample sample = new OshiProcessSampler().get();
    assertThat(sample.residentBytes()).isPositive();
    assertThat(sample.threads()).isPositive();
    assertThat(sample.cpuTimeNanos()).isPositive();
  }

  @Test
  void procStatusSamplerAgreesWithOshiOnThisProcess() {
    assumeTrue(java.nio.file.Files.isReadable(ProcStatusSampler.STATUS), "Linux only");
    assertThat(ProcStatusSampler.forThisSystem()).isInstanceOf(ProcStatusSampler.class);
    ProcessSample oshi = new OshiProcessSampler().get();
    ProcessSample ours = new ProcStatusSampler().get();

    // the same process a moment apart: a unit or a wrong line would be off by far more
    assertThat((double) ours.residentBytes()).isCloseTo(oshi.residentBytes(), withinPercentage(15));
    assertThat(ours.threads()).isCloseTo(oshi.threads(), within(4));
    assertThat(ours.openFiles()).isCloseTo(oshi.openFiles(), within(4));
    // OSHI's CPU time is in clock ticks (10 ms); ours was read after it
    assertThat(ours.cpuTimeNanos()).isGreaterThanOrEqualTo(oshi.cpuTimeNanos() - 20_000_000L);
    assertThat(ours.cpuTimeNanos()).isLessThan(oshi.cpuTimeNanos() + 5_000_000_000L);
  }

  /**
   * VmHWM: the kernel reports the larger of its recorded high-water mark and the current resident
   * set, so it can fall when a transient resident set was never recorded; the sampler's peak does
   * not (a run of the test command saw VmHWM 56 KiB lower right after a sample).
   */
  @Test
  void procStatusSamplerReadsTheProcesssPeakResidentSetAndNeverLowersIt() throws Exception {
    assumeTrue(java.nio.file.Files.isReadable(ProcStatusSampler.STATUS), "Linux only");
    ProcStatusSampler sampler = new ProcStatusSampler(() -> PlatformSample.NONE);
    ProcessSample first = sampler.get();
    String after = java.nio.file.Files.readString(ProcStatusSampler.STATUS);
    byte[][] grown = new byte[64][];
    for (int i = 0; i < grown.length; i++) {
      grown[i] = new byte[256 * 1024];
      java.util.Arrays.fill(grown[i], (byte) i); // touched, so resident
    }
    ProcessSample second = sampler.get();

    assertThat(first.peakResidentBytes()).isGreaterThanOrEqualTo(first.residentBytes());
    // kB from the same line a moment apart: a unit or a wrong line would be off by far more
    assertThat((double) first.peakResidentBytes())
        .isCloseTo(ProcStatusSampler.number(after, "VmHWM:") * 1024.0, withinPercentage(15));
    assertThat(second.peakResidentBytes()).isGreaterThanOrEqualTo(first.peakResidentBytes());
    assertThat(second.peakResidentBytes()).isGreaterThanOrEqualTo(second.residentBytes());
    assertThat(grown[grown.length - 1][0]).isEqualTo((byte) (grown.length - 1));
  }

  @Test
  void aHighWaterMarkTheKernelLowersAgainIsNotReportedLower() {
    java.util.Iterator<String> reads =
        List.of(
                "Name:\tjava\nVmHWM:\t  2048 kB\nVmRSS:\t  2048 kB\nThreads:\t9\n",
                "Name:\tjava\nVmHWM:\t  1990 kB\nVmRSS:\t  1990 kB\nThreads:\t9\n")
            .iterator();
    ProcStatusSampler sampler = new ProcStatusSampler(() -> PlatformSample.NONE, reads::next);

    assertThat(sampler.get().peakResidentBytes()).isEqualTo(2048 * 1024L);
    ProcessSample later = sampler.get();
    assertThat(later.peakResidentBytes()).isEqualTo(2048 * 1024L);
    assertThat(later.residentBytes()).isEqualTo(1990 * 1024L);
  }

  /** Both peaks reach the usage in MiB; unknown ones are null, not 0. */
  @Test
  void theProcessAndContainerPeaksReachTheUsageInMib() throws Exception {
    PlatformSample pod =
        new PlatformSample(768 * (long) MIB, 600 * (long) MIB, 1.0, 10, 1, 740 * (long) MIB);
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(
            () ->
                () ->
                    new ProcessSample(
                        512 * (long) MIB, 0, 3, 9, System.nanoTime(), pod, 700 * (long) MIB),
            Duration.ofHours(1),
            () -> 0L)) {
      waitForFirstReading(monitor);
      ResourceUsage usage = monitor.processUsage();
      assertThat(usage.processPeakMemoryMib()).isEqualTo(700.0);
      assertThat(usage.containerPeakMemoryMib()).isEqualTo(740.0);
    }
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(
            () -> () -> new ProcessSample(512 * (long) MIB, 0, 3, 9, System.nanoTime()),
            Duration.ofHours(1),
            () -> 0L)) {
      waitForFirstReading(monitor);
      ResourceUsage usage = monitor.processUsage();
      assertThat(usage.processPeakMemoryMib()).isNull();
      assertThat(usage.containerPeakMemoryMib()).isNull();
    }
  }

  /**
   * A SnapStart restore runs the snapshot in another sandbox, whose cgroup is another: the restore
   * hook finds it (here the old directory still exists, so only the hook can tell).
   */
  @Test
  void aRestoreFindsTheRestoredProcesssCgroupsAgain(@org.junit.jupiter.api.io.TempDir Path root)
      throws Exception {
    write(
        root.resolve("proc/self/mountinfo"),
        "30 23 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
    write(root.resolve("proc/self/cgroup"), "0::/sandbox-a\n");
    write(root.resolve("sys/fs/cgroup/sandbox-a/cgroup.controllers"), "memory\n");
    write(root.resolve("sys/fs/cgroup/sandbox-a/memory.max"), Long.toString(768 * (long) MIB));
    write(root.resolve("sys/fs/cgroup/sandbox-b/cgroup.controllers"), "memory\n");
    write(root.resolve("sys/fs/cgroup/sandbox-b/memory.max"), Long.toString(1024 * (long) MIB));
    assumeTrue(java.nio.file.Files.isReadable(ProcStatusSampler.STATUS), "Linux only");
    CgroupReader cgroups = new CgroupReader(root, "proc/self/cgroup", java.util.Map.of());
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(
            () -> new ProcStatusSampler(cgroups), Duration.ofHours(1), () -> 0L)) {
      waitForFirstReading(monitor);
      assertThat(monitor.processUsage().memoryLimitMb()).isEqualTo(768.0);

      write(root.resolve("proc/self/cgroup"), "0::/sandbox-b\n");
      monitor.restored();

      assertThat(monitor.processUsage().memoryLimitMb()).isEqualTo(1024.0);
    }
  }

  private static void write(Path file, String text) throws java.io.IOException {
    java.nio.file.Files.createDirectories(file.getParent());
    java.nio.file.Files.writeString(file, text);
  }

  @Test
  void statusFiguresAreTakenFromTheirOwnLines() {
    String status =
        "Name:\tjava\nVmHWM:\t  999 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 7 kB\nThreads:\t42\n";
    assertThat(ProcStatusSampler.number(status, "VmRSS:")).isEqualTo(123456);
    assertThat(ProcStatusSampler.number(status, "Threads:")).isEqualTo(42);
    assertThat(ProcStatusSampler.number(status, "VmHWM:")).isEqualTo(999);
    assertThat(ProcStatusSampler.number("Threads:\t7\n", "Threads:")).isEqualTo(7);
    assertThatThrownBy(() -> ProcStatusSampler.number(status, "VmSwap:"))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void inTheFirstIntervalCpuPercentIsReadLiveFromTheOnlySample() throws Exception {
    long second = 1_000_000_000L;
    long sampledAt = System.nanoTime() - second;
    ProcessSample only = new ProcessSample(64 * (long) MIB, 4 * second, 3, 9, sampledAt);
    AtomicLong cpuNow = new AtomicLong(4 * second + second / 2); // 0.5 s of CPU since the sample
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(() -> () -> only, Duration.ofHours(1), cpuNow::get)) {
      waitForFirstReading(monitor);
      long wallBefore = System.nanoTime() - sampledAt;
      double percent = monitor.processUsage().cpuPercent();
      long wallAfter = System.nanoTime() - sampledAt;
      // 0.5 s over the wall time since the sample, read live: a little more than 1 s here, however
      // long the sampler thread took to start on a loaded machine; never 0, never more than 50 %
      double cpu = second / 2.0;
      assertThat(percent)
          .isPositive()
          .isLessThanOrEqualTo(50.0)
          .isBetween(100.0 * cpu / wallAfter, 100.0 * cpu / wallBefore);
      cpuNow.set(3 * second); // a clock behind the sample's is no figure at all
      assertThat(monitor.processUsage().cpuPercent()).isZero();
    }
  }

  @Test
  void restoredDropsTheSnapshotsReadingsAndSamplesOnTheCallingThread() throws Exception {
    long second = 1_000_000_000L;
    ArrayDeque<ProcessSample> samples = new ArrayDeque<>();
    // the INIT phase's process, as the snapshot holds it
    samples.add(new ProcessSample(512 * (long) MIB, 9 * second, 40, 30, System.nanoTime()));
    AtomicReference<Thread> lastSampledOn = new AtomicReference<>();
    AtomicLong cpuNow = new AtomicLong();
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(
            () ->
                () -> {
                  lastSampledOn.set(Thread.currentThread());
                  return samples.poll();
                },
            Duration.ofHours(1),
            cpuNow::get)) {
      waitForFirstReading(monitor);
      assertThat(monitor.processUsage().memoryUsageMb()).isEqualTo(512.0);

      // sampled a little in the past, so the live window is long enough to read
      long restoredAt = System.nanoTime() - 2 * ProcessResourceMonitor.MIN_LIVE_WINDOW.toNanos();
      samples.add(new ProcessSample(96 * (long) MIB, 20 * second, 12, 8, restoredAt));
      cpuNow.set(20 * second + second / 100);
      monitor.restored();

      assertThat(lastSampledOn.get()).isSameAs(Thread.currentThread());
      assertThat(monitor.sampledAtNanos()).hasValue(restoredAt);
      long wallBefore = System.nanoTime() - restoredAt;
      ResourceUsage usage = monitor.processUsage();
      long wallAfter = System.nanoTime() - restoredAt;
      assertThat(usage.memoryUsageMb()).isEqualTo(96.0);
      assertThat(usage.openFiles()).isEqualTo(12);
      assertThat(usage.threads()).isEqualTo(8);
      // counted from the restore's sample, not across the snapshot from the INIT phase's
      double cpu = second / 100.0;
      assertThat(usage.cpuPercent()).isBetween(100.0 * cpu / wallAfter, 100.0 * cpu / wallBefore);
    }
  }

  @Test
  void aCallerBeforeTheFirstSampleWaitsForItAndAFailedOneLeavesZeros() {
    ProcessSample slow = new ProcessSample(300 * (long) MIB, 1, 7, 21, System.nanoTime());
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(
            () ->
                () -> {
                  sleep(100);
                  return slow;
                },
            Duration.ofHours(1),
            () -> 1L)) {
      ResourceUsage usage = monitor.processUsage();
      assertThat(usage.memoryUsageMb()).isEqualTo(300.0);
      assertThat(usage.openFiles()).isEqualTo(7);
      assertThat(usage.threads()).isEqualTo(21);
    }
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(
            () ->
                () -> {
                  throw new IllegalStateException("no /proc here");
                },
            Duration.ofHours(1),
            () -> 1L)) {
      ResourceUsage usage = monitor.processUsage();
      assertThat(usage.memoryUsageMb()).isZero();
      assertThat(usage.threads()).as("the JVM's own count").isPositive();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void cpuPercentIsUnknownWithoutTwoSamples() {
    ProcessSample one = new ProcessSample(1, 5, 1, 1, 10);
    assertThat(new ProcessResourceMonitor.Readings(null, one).cpuPercent()).isNull();
    assertThat(new ProcessResourceMonitor.Readings(one, one).cpuPercent()).isZero();
  }

  /**
   * Lambda freezes the sandbox between invocations: wall time passes, no CPU runs, the sampler
   * stands still. The first sample after the thaw must not spread the process's CPU over the frozen
   * minutes (it read 0.0017 % for a process running at 50 % of a core): it starts a new first
   * interval, read live from the thaw.
   */
  @Test
  void anIntervalAcrossAFreezeIsNotTakenForIdleTime() throws Exception {
    long ms = 1_000_000L;
    long frozenAt = System.nanoTime() - 600_000 * ms; // ten minutes ago
    AtomicLong thawedAt = new AtomicLong();
    AtomicInteger taken = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    Supplier<ProcessSample> sampler =
        () ->
            switch (taken.getAndIncrement()) {
              case 0 -> new ProcessSample(64 * (long) MIB, 0, 3, 9, frozenAt - 10 * ms);
              // 5 ms of CPU in a 10 ms interval, then the freeze
              case 1 -> new ProcessSample(64 * (long) MIB, 5 * ms, 3, 9, frozenAt);
              case 2 -> {
                thawedAt.set(System.nanoTime());
                // 10 ms of CPU between the last sample before the freeze and this one
                yield new ProcessSample(80 * (long) MIB, 15 * ms, 3, 9, thawedAt.get());
              }
              default -> {
                await(done);
                throw new IllegalStateException("test over");
              }
            };
    // 100 ms of CPU since the thaw's sample
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(() -> sampler, Duration.ofSeconds(1), () -> 115 * ms)) {
      monitor.start();
      for (int i = 0; i < 2000 && thawedAt.get() == 0; i++) {
        Thread.sleep(5);
      }
      assertThat(thawedAt.get()).isPositive();
      for (int i = 0; i < 2000 && monitor.sampledAtNanos().orElse(0) != thawedAt.get(); i++) {
        Thread.sleep(5);
      }
      Thread.sleep(2 * ProcessResourceMonitor.MIN_LIVE_WINDOW.toMillis());
      // read well within three intervals (3 s) of the thaw's sample, the latest (the test's
      // sampler takes no more)
      long wallBefore = System.nanoTime() - thawedAt.get();
      ResourceUsage usage = monitor.processUsage();
      long wallAfter = System.nanoTime() - thawedAt.get();

      assertThat(usage.memoryUsageMb()).isEqualTo(80.0);
      if (usage.cpuPercent() == null) {
        // the read came more than three intervals after the thaw's sample (a stalled machine):
        // unknown is the true answer then, never the diluted interval
        assertThat(wallBefore).isGreaterThan(3_000 * ms);
      } else {
        assertThat(usage.cpuPercent())
            .isBetween(100.0 * 100 * ms / wallAfter, 100.0 * 100 * ms / wallBefore);
      }
    } finally {
      done.countDown();
    }
  }

  /**
   * A request that comes after a thaw before the sampler woke up finds only samples from before the
   * freeze: their interval says nothing about now, and a live reading would count the frozen
   * minutes. CPU % is unknown (it read 50 %, the interval from ten minutes ago).
   */
  @Test
  void samplesFromBeforeAFreezeGiveNoCpuPercent() throws Exception {
    long ms = 1_000_000L;
    long frozenAt = System.nanoTime() - 600_000 * ms;
    ArrayDeque<ProcessSample> samples =
        new ArrayDeque<>(
            List.of(
                new ProcessSample(64 * (long) MIB, 0, 3, 9, frozenAt - 10 * ms),
                new ProcessSample(64 * (long) MIB, 5 * ms, 3, 9, frozenAt)));
    CountDownLatch done = new CountDownLatch(1);
    Supplier<ProcessSample> sampler =
        () -> {
          if (samples.isEmpty()) {
            await(done); // the sampler has not woken up yet
            throw new IllegalStateException("test over");
          }
          return samples.poll();
        };
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(() -> sampler, Duration.ofMillis(10), () -> 999 * ms)) {
      monitor.start();
      for (int i = 0; i < 2000 && monitor.sampledAtNanos().orElse(0) != frozenAt; i++) {
        Thread.sleep(5);
      }
      assertThat(monitor.sampledAtNanos()).hasValue(frozenAt);

      ResourceUsage usage = monitor.processUsage();
      assertThat(usage.memoryUsageMb()).isEqualTo(64.0);
      assertThat(usage.cpuPercent()).isNull();
    } finally {
      done.countDown();
    }
  }

  /**
   * The container's limits and figures reach the usage as sampled; throttling is the share of the
   * periods between the two latest samples (here 150 of 200: the quota was used up while CPU % of
   * one core read 95).
   */
  @Test
  void thePlatformsLimitsAndThrottlingReachTheUsage() throws Exception {
    PlatformSample before = new PlatformSample(768 * (long) MIB, 600 * (long) MIB, 1.0, 1000, 100);
    PlatformSample after = new PlatformSample(768 * (long) MIB, 700 * (long) MIB, 1.0, 1200, 250);
    AtomicLong firstAt = new AtomicLong();
    AtomicLong secondAt = new AtomicLong();
    AtomicInteger taken = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(1);
    Supplier<ProcessSample> sampler =
        () -> {
          long now = System.nanoTime();
          switch (taken.getAndIncrement()) {
            case 0 -> {
              firstAt.set(now);
              return new ProcessSample(650 * (long) MIB, 0, 3, 9, now, before);
            }
            case 1 -> {
              long wall = (now - firstAt.get()) / 20 * 20;
              secondAt.set(firstAt.get() + wall);
              return new ProcessSample(
                  690 * (long) MIB, wall / 20 * 19, 3, 9, secondAt.get(), after); // 95 %
            }
            default -> {
              await(done);
              throw new IllegalStateException("test over");
            }
          }
        };
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(() -> sampler, Duration.ofSeconds(1), () -> 0L)) {
      monitor.start();
      for (int i = 0;
          i < 2000 && (secondAt.get() == 0 || monitor.sampledAtNanos().orElse(0) != secondAt.get());
          i++) {
        Thread.sleep(5);
      }
      ResourceUsage usage = monitor.begin().end();
      assertThat(usage.memoryUsageMb()).isEqualTo(690.0);
      assertThat(usage.memoryLimitMb()).isEqualTo(768.0);
      assertThat(usage.memoryWorkingSetMb()).isEqualTo(700.0);
      assertThat(usage.memoryInUseMb()).isEqualTo(700.0);
      assertThat(usage.cpuLimitCores()).isEqualTo(1.0);
      assertThat(usage.cpuPercent()).isCloseTo(95.0, within(1e-9));
      assertThat(usage.cpuThrottledPercent()).isEqualTo(75.0);
    } finally {
      done.countDown();
    }
  }

  /** The JDK's process CPU clock counts 10 ms ticks: a live reading over less is no figure. */
  @Test
  void aLiveCpuPercentOverTooShortAWindowIsUnknown() throws Exception {
    AtomicLong cpuNow = new AtomicLong(0);
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(
            () -> () -> new ProcessSample(64 * (long) MIB, 0, 3, 9, System.nanoTime()),
            Duration.ofHours(1),
            cpuNow::get)) {
      waitForFirstReading(monitor);
      long sampledAt = monitor.sampledAtNanos().getAsLong();
      cpuNow.set(10_000_000L); // one tick, as times(2) reports it
      long before = System.nanoTime();
      ResourceUsage usage = monitor.processUsage();
      assumeTrue(
          before - sampledAt < ProcessResourceMonitor.MIN_LIVE_WINDOW.toNanos() / 2,
          "the machine stalled past the window");
      assertThat(usage.cpuPercent()).isNull();
    }
  }

  private static void waitForFirstReading(ProcessResourceMonitor monitor)
      throws InterruptedException {
    monitor.start();
    for (int i = 0; i < 2000 && monitor.sampledAtNanos().isEmpty(); i++) {
      Thread.sleep(5);
    }
    assertThat(monitor.sampledAtNanos()).isPresent();
  }

  private static void waitForSecondReading(ProcessResourceMonitor monitor)
      throws InterruptedException {
    // The latch fires when the sample is taken; the reading is published right after it.
    for (int i = 0; i < 1000 && monitor.processUsage().threads() != 42; i++) {
      Thread.sleep(5);
    }
  }
}
