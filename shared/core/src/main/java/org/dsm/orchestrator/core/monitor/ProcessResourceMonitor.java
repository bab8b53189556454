package org.dsm.orchestrator.core.monitor;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.dsm.orchestrator.core.port.ResourceMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Process figures from a daemon sampler thread (on Linux {@link ProcStatusSampler}, elsewhere OSHI;
 * started by {@link #start()} or lazily by the first use, and initialised on that thread, never on
 * a request's path); per-invocation figures from cheap JMX thread counters (allocated bytes and CPU
 * time of the thread that called {@link #begin()}). {@link #start()} takes the first sample at
 * once, and a caller that comes before it waits for it, at most until {@link #FIRST_SAMPLE_WAIT}
 * after the monitor was created (on Linux it takes milliseconds), so a stuck sampler never holds
 * requests later; only if it fails or is late are the process figures 0 (threads, the JVM's count,
 * and heap aside).
 *
 * <p>CPU % is the process's CPU time over the wall time between the two latest samples; while there
 * is only one (the first interval after start or after {@link #restored()}), it is read live, from
 * that sample to now, instead of reported as 0, once that window is long enough for the process
 * clock's 10 ms ticks (null, unknown, before). Samples more than {@link #MAX_GAP} intervals apart
 * straddle a freeze (Lambda freezes the sandbox between invocations: wall time passes, the sampler
 * and all CPU stand still): the interval across them would report the idle frozen time as the
 * process's, so the sample after the freeze starts a new first interval; and while the latest
 * sample is that old (the request came before the sampler woke up), CPU % is unknown (null), not
 * the figure of an interval from before the freeze.
 */
public final class ProcessResourceMonitor implements ResourceMonitor, AutoCloseable {
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  static final Duration FIRST_SAMPLE_WAIT = Duration.ofMillis(500);

  /**
   * Samples further apart than this many intervals straddle a freeze (the sampler runs with a fixed
   * delay, so only a stopped process, or a stall as long, leaves such a gap).
   */
  static final int MAX_GAP = 3;

  /**
   * The shortest window a live CPU % is read over: the JDK's process CPU time comes from {@code
   * times(2)}, in clock ticks of 10 ms, so over a 5 ms window it reads 0 % or 200 %; over 100 ms it
   * is at most 10 points off.
   */
  static final Duration MIN_LIVE_WINDOW = Duration.ofMillis(100);

  private static final double MIB = 1024.0 * 1024.0;
  private static final Logger LOG = LoggerFactory.getLogger(ProcessResourceMonitor.class);

  private final Supplier<Supplier<ProcessSample>> samplerFactory;
  private final LongSupplier processCpuNanos;
  private final Duration interval;
  private final long maxGapNanos;
  private final AtomicBoolean started = new AtomicBoolean();
  private final com.sun.management.ThreadMXBean threads = threadBean();
  private volatile ScheduledExecutorService scheduler;
  private final long createdAtNanos = System.nanoTime(); // built and started at start-up
  private final CountDownLatch firstSample = new CountDownLatch(1);
  private volatile Readings readings = Readings.NONE;
  private Supplier<ProcessSample> sampler;

  public ProcessResourceMonitor() {
    this(ProcStatusSampler::forThisSystem, DEFAULT_INTERVAL, processCpuClock());
  }

  /**
   * @param samplerFactory builds the sampler on the sampler thread (tests pass a fake)
   * @param processCpuNanos the process's CPU time now, on the samples' clock (for the first
   *     interval's live CPU %)
   */
  ProcessResourceMonitor(
      Supplier<Supplier<ProcessSample>> samplerFactory,
      Duration interval,
      LongSupplier processCpuNanos) {
    this.samplerFactory = Objects.requireNonNull(samplerFactory, "samplerFactory");
    this.processCpuNanos = Objects.requireNonNull(processCpuNanos, "processCpuNanos");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive");
    }
    this.interval = interval;
    this.maxGapNanos = interval.toNanos() * MAX_GAP;
  }

  /**
   * Starts the sampler thread (idempotent); call at function start-up so the first request finds
   * samples.
   */
  public ProcessResourceMonitor start() {
    if (started.compareAndSet(false, true)) {
      ScheduledExecutorService executor =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "resource-sampler");
                thread.setDaemon(true);
                return thread;
              });
      scheduler = executor;
      executor.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  @Override
  public ResourceSpan begin() {
    start();
    Thread thread = Thread.currentThread();
    long allocated = allocatedBytes(thread);
    long cpu = cpuNanos(thread);
    return () -> {
      double allocatedMb = Math.max(0, allocatedBytes(thread) - allocated) / MIB;
      double cpuMs = Math.max(0, cpuNanos(thread) - cpu) / 1_000_000.0;
      return processUsage().withInvocation(allocatedMb, cpuMs);
    };
  }

  @Override
  public ResourceUsage processUsage() {
    start();
    Readings current = readings;
    double heapMb = heapUsedBytes() / MIB;
    ProcessSample latest = current.latest();
    if (latest == null && awaitFirstSample()) {
      current = readings;
      latest = current.latest();
    }
    if (latest == null) {
      return new ResourceUsage(0.0, 0.0, null, 0, threads.getThreadCount(), 0.0, heapMb);
    }
    PlatformSample platform = latest.platform();
    // a latest sample this old predates a freeze the sampler has not woken up from: its interval
    // is from before it, and a live reading would count the frozen time
    long age = System.nanoTime() - latest.sampledAtNanos();
    boolean fresh = age <= maxGapNanos;
    return new ResourceUsage(
        latest.residentBytes() / MIB,
        0.0,
        !fresh
            ? null
            : current.previous() != null ? current.cpuPercent() : cpuPercentSince(latest, age),
        latest.openFiles(),
        latest.threads(),
        0.0,
        heapMb,
        mib(platform.memoryLimitBytes()),
        mib(platform.workingSetBytes()),
        platform.cpuLimitCores(),
        !fresh || current.previous() == null
            ? null
            : PlatformSample.throttledPercent(current.previous().platform(), platform),
        latest.peakResidentBytes() < 0 ? null : latest.peakResidentBytes() / MIB,
        mib(platform.memoryPeakBytes()));
  }

  @Override
  public void close() {
    ScheduledExecutorService executor = scheduler;
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  /**
   * After a SnapStart restore: the readings the snapshot holds describe the INIT phase's process
   * (its resident set, threads, CPU), so they are dropped and one sample is taken on the calling
   * thread before the first restored invocation; CPU % then counts from the restore. The restored
   * process runs in another sandbox, so its cgroups are found again first (reading {@code
   * /proc/self/cgroup} and {@code mountinfo}: once per restore, never per request).
   */
  @Override
  public synchronized void restored() {
    if (sampler instanceof ProcStatusSampler proc) {
      proc.relocate();
    }
    readings = new Readings(null, takeSample());
  }

  /** When the latest reading was sampled ({@link System#nanoTime()}), or empty before the first. */
  public OptionalLong sampledAtNanos() {
    ProcessSample latest = readings.latest();
    return latest == null ? OptionalLong.empty() : OptionalLong.of(latest.sampledAtNanos());
  }

  /** On the sampler thread. */
  private synchronized void sample() {
    ProcessSample next = takeSample();
    if (next != null) {
      readings = readings.then(next, maxGapNanos);
    }
    firstSample.countDown(); // taken or failed: a waiting caller goes on either way
  }

  /** True once the first sample was attempted; waits no later than the wait after creation. */
  private boolean awaitFirstSample() {
    long left = createdAtNanos + FIRST_SAMPLE_WAIT.toNanos() - System.nanoTime();
    try {
      return firstSample.await(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A new sample, or null if it failed (logged; the request path never sees the error). */
  private synchronized ProcessSample takeSample() {
    try {
      if (sampler == null) {
        sampler = samplerFactory.get();
      }
      return sampler.get();
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("process sampling failed", e);
      return null;
    }
  }

  /**
   * CPU % from a sample to now ({@code wall} ago): one read of the process clock, only in a first
   * interval; null (unknown) until {@link #MIN_LIVE_WINDOW} has passed, since the clock counts
   * whole ticks.
   */
  private Double cpuPercentSince(ProcessSample sample, long wall) {
    if (wall < MIN_LIVE_WINDOW.toNanos()) {
      return null;
    }
    long cpu = processCpuNanos.getAsLong() - sample.cpuTimeNanos();
    return cpu < 0 ? 0.0 : 100.0 * cpu / wall;
  }

  private static Double mib(Long bytes) {
    return bytes == null ? null : bytes / MIB;
  }

  private static LongSupplier processCpuClock() {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return () -> Math.max(0, os.getProcessCpuTime());
  }

  /**
   * Heap used from the heap's own counters: the figure {@link
   * java.lang.management.MemoryMXBean#getHeapMemoryUsage()} gives (on G1 both count whole regions;
   * this one is up to a region more current), at 40 % of its cost, which builds a {@code
   * MemoryUsage} through JNI on every invocation's span (ResourceProbeBenchmark: 52 vs 134 ns).
   */
  private static long heapUsedBytes() {
    Runtime runtime = Runtime.getRuntime();
    return Math.max(0, runtime.totalMemory() - runtime.freeMemory());
  }

  private long allocatedBytes(Thread thread) {
    if (!threads.isThreadAllocatedMemoryEnabled()) {
      return 0;
    }
    return thread == Thread.currentThread()
        ? threads.getCurrentThreadAllocatedBytes()
        : threads.getThreadAllocatedBytes(thread.getId());
  }

  private long cpuNanos(Thread thread) {
    if (!threads.isThreadCpuTimeEnabled()) {
      return 0;
    }
    long nanos =
        thread == Thread.currentThread()
            ? threads.getCurrentThreadCpuTime()
            : threads.getThreadCpuTime(thread.getId());
    return Math.max(0, nanos);
  }

  private static com.sun.management.ThreadMXBean threadBean() {
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    if (bean.isThreadAllocatedMemorySupported() && !bean.isThreadAllocatedMemoryEnabled()) {
      bean.setThreadAllocatedMemoryEnabled(true);
    }
    if (bean.isThreadCpuTimeSupported() && !bean.isThreadCpuTimeEnabled()) {
      bean.setThreadCpuTimeEnabled(true);
    }
    return bean;
  }

  /**
   * The two latest samples, swapped atomically; CPU % is the process CPU time between them over
   * wall time. After a freeze there is no previous sample.
   */
  record Readings(ProcessSample previous, ProcessSample latest) {
    static final Readings NONE = new Readings(null, null);

    /** These readings with {@code next} as the latest; a gap over {@code maxGapNanos} is none. */
    Readings then(ProcessSample next, long maxGapNanos) {
      if (latest != null && next.sampledAtNanos() - latest.sampledAtNanos() > maxGapNanos) {
        return new Readings(null, next);
      }
      return new Readings(latest, next);
    }

    /** The CPU % between the two samples; null without two. */
    Double cpuPercent() {
      if (previous == null || latest == null) {
        return null;
      }
      long wall = latest.sampledAtNanos() - previous.sampledAtNanos();
      long cpu = latest.cpuTimeNanos() - previous.cpuTimeNanos();
      return wall <= 0 || cpu < 0 ? 0.0 : 100.0 * cpu / wall;
    }
  }
}
