package org.dsm.orchestrator.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    ArrayDeque<ProcessSample> samples =
        new ArrayDeque<>(
            List.of(
                new ProcessSample(512 * (long) MIB, 1_000_000_000L, 12, 40, 10_000_000_000L),
                // 2.5 ms of CPU over the 5 ms interval: 50 % of one core
                new ProcessSample(256 * (long) MIB, 1_002_500_000L, 14, 42, 10_005_000_000L)));
    CountDownLatch twoSamples = new CountDownLatch(2);
    // the second sample waits until the first reading was taken: 5 ms after the first sample, a
    // caller descheduled on a loaded machine would otherwise wake up to the second one
    CountDownLatch firstRead = new CountDownLatch(1);
    Supplier<Supplier<ProcessSample>> factory =
        () -> {
          builtOn.set(Thread.currentThread());
          return () -> {
            if (samples.size() == 1) {
              try {
                firstRead.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            ProcessSample next = samples.isEmpty() ? null : samples.poll();
            if (next == null) {
              throw new IllegalStateException("no more samples");
            }
            twoSamples.countDown();
            return next;
          };
        };

    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(factory, Duration.ofMillis(5), () -> 0L)) {
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

  @Test
  void statusFiguresAreTakenFromTheirOwnLines() {
    String status =
        "Name:\tjava\nVmHWM:\t  999 kB\nVmRSS:\t  123456 kB\nRssAnon:\t 7 kB\nThreads:\t42\n";
    assertThat(ProcStatusSampler.number(status, "VmRSS:")).isEqualTo(123456);
    assertThat(ProcStatusSampler.number(status, "Threads:")).isEqualTo(42);
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
    assertThat(new ProcessResourceMonitor.Readings(null, one, null).cpuPercent()).isNull();
    assertThat(new ProcessResourceMonitor.Readings(one, one, null).cpuPercent()).isZero();
  }

  /**
   * Lambda freezes the sandbox between invocations: wall time passes, no CPU runs, the sampler
   * stands still. The first sample after the thaw must not spread the process's CPU over the frozen
   * minutes (it read 0.002 % for a process that had just run at 50 % of a core).
   */
  @Test
  void anIntervalAcrossAFreezeIsNotTakenForIdleTime() throws Exception {
    long ms = 1_000_000L;
    long t = 50_000 * ms;
    ArrayDeque<ProcessSample> samples =
        new ArrayDeque<>(
            List.of(
                new ProcessSample(64 * (long) MIB, 0, 3, 9, t),
                // 5 ms of CPU in a 10 ms interval: 50 % of one core
                new ProcessSample(64 * (long) MIB, 5 * ms, 3, 9, t + 10 * ms),
                // frozen for ten minutes, then 10 ms of CPU since the last sample
                new ProcessSample(80 * (long) MIB, 15 * ms, 3, 9, t + 10 * ms + 600_000 * ms)));
    CountDownLatch done = new CountDownLatch(1);
    Supplier<ProcessSample> sampler =
        () -> {
          if (samples.isEmpty()) {
            try {
              done.await(30, TimeUnit.SECONDS); // no more samples until the test ends
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("test over");
          }
          return samples.poll();
        };
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(() -> sampler, Duration.ofMillis(10), () -> 15 * ms)) {
      monitor.start();
      long thawed = t + 10 * ms + 600_000 * ms;
      for (int i = 0; i < 2000 && monitor.sampledAtNanos().orElse(0) != thawed; i++) {
        Thread.sleep(5);
      }
      assertThat(monitor.sampledAtNanos()).hasValue(thawed);

      ResourceUsage usage = monitor.processUsage();
      assertThat(usage.memoryUsageMb()).isEqualTo(80.0);
      assertThat(usage.cpuPercent()).isEqualTo(50.0);
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
    long ms = 1_000_000L;
    long t = 70_000 * ms;
    PlatformSample before = new PlatformSample(768 * (long) MIB, 600 * (long) MIB, 1.0, 1000, 100);
    PlatformSample after = new PlatformSample(768 * (long) MIB, 700 * (long) MIB, 1.0, 1200, 250);
    ArrayDeque<ProcessSample> samples =
        new ArrayDeque<>(
            List.of(
                new ProcessSample(650 * (long) MIB, 0, 3, 9, t, before),
                new ProcessSample(690 * (long) MIB, 19 * ms / 2, 3, 9, t + 10 * ms, after)));
    CountDownLatch done = new CountDownLatch(1);
    Supplier<ProcessSample> sampler =
        () -> {
          if (samples.isEmpty()) {
            try {
              done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("test over");
          }
          return samples.poll();
        };
    try (ProcessResourceMonitor monitor =
        new ProcessResourceMonitor(() -> sampler, Duration.ofMillis(10), () -> 0L)) {
      monitor.start();
      for (int i = 0; i < 2000 && monitor.sampledAtNanos().orElse(0) != t + 10 * ms; i++) {
        Thread.sleep(5);
      }
      ResourceUsage usage = monitor.begin().end();
      assertThat(usage.memoryUsageMb()).isEqualTo(690.0);
      assertThat(usage.memoryLimitMb()).isEqualTo(768.0);
      assertThat(usage.memoryWorkingSetMb()).isEqualTo(700.0);
      assertThat(usage.memoryInUseMb()).isEqualTo(700.0);
      assertThat(usage.cpuLimitCores()).isEqualTo(1.0);
      assertThat(usage.cpuPercent()).isEqualTo(95.0);
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
