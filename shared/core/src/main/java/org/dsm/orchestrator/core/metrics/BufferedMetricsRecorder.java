package org.dsm.orchestrator.core.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For HTTP/Knative: {@link #record} only enqueues (off the response path); one daemon thread writes
 * batches of up to {@code batchSize}, at least every {@code maxDelay}, retrying with backoff. After
 * a batch that was not full the writer lingers {@link #LINGER_NANOS} before it waits again, so that
 * under load records gather into batches instead of each enqueue waking the writer (a futex wake
 * and a context switch per request); {@link #flush()} cuts the linger short. The queue is bounded:
 * a record that finds it full is counted as failed and logged, as is a batch that fails every retry
 * — never silently dropped. {@link #close()} (the app's graceful shutdown, SIGTERM on Knative)
 * flushes and stops the writer, for at most {@link #CLOSE_TIMEOUT}: a store that does not answer
 * must not hold the exit past the platform's grace period, so what is still unwritten then (the
 * batch in the writer's hands and the queue) is counted and logged as unwritten.
 */
public final class BufferedMetricsRecorder implements MetricsRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(BufferedMetricsRecorder.class);
  static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  /**
   * How long {@link #flush()} and {@link #close()} wait for the writer: well inside Knative's grace
   * period (the Service's timeoutSeconds, 30 s for orchestrate), and longer than a bounded JDBC
   * write with its retries normally takes.
   */
  public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final MetricsStore store;
  private final RetryPolicy retry;
  private final int batchSize;
  private final Duration maxDelay;
  private final BlockingQueue<InvocationRecord> queue;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong finished = new AtomicLong(); // written or given up on
  private final AtomicLong failed = new AtomicLong();
  private final UnwrittenRecords unwritten;
  private final Object progress = new Object();
  private final Thread writer;
  private volatile boolean closed;
  private volatile Consumer<Runnable> writeTimer = Runnable::run;
  private volatile List<InvocationRecord> inFlight = List.of(); // the writer's current batch

  public BufferedMetricsRecorder(
      MetricsStore store, int capacity, int batchSize, Duration maxDelay, RetryPolicy retry) {
    this(store, capacity, batchSize, maxDelay, retry, new UnwrittenRecords());
  }

  public BufferedMetricsRecorder(
      MetricsStore store,
      int capacity,
      int batchSize,
      Duration maxDelay,
      RetryPolicy retry,
      UnwrittenRecords unwritten) {
    this.unwritten = unwritten;
    if (capacity < 1 || batchSize < 1) {
      throw new IllegalArgumentException("capacity and batchSize must be positive");
    }
    this.store = store;
    this.retry = retry;
    this.batchSize = batchSize;
    this.maxDelay = maxDelay;
    // two locks: request threads enqueue under one while the writer drains under the other (with
    // one lock, as in ArrayBlockingQueue, 64 request threads queued behind a writer preempted
    // mid-drain: JFR under wrk at 64 connections)
    this.queue = new LinkedBlockingQueue<>(capacity);
    this.writer = new Thread(this::run, "metrics-writer-" + store.name());
    writer.setDaemon(true);
    writer.start();
  }

  public BufferedMetricsRecorder(MetricsStore store) {
    this(store, new UnwrittenRecords());
  }

  public BufferedMetricsRecorder(MetricsStore store, UnwrittenRecords unwritten) {
    this(store, 10_000, 25, Duration.ofSeconds(1), RetryPolicy.bufferedDefault(), unwritten);
  }

  /**
   * Runs each batch write of the writer thread through {@code timer} (the edge times it into the
   * instance's stats as the store write: the hand-off on the request thread is no store write).
   */
  public void timeWritesWith(Consumer<Runnable> timer) {
    this.writeTimer = timer;
  }

  @Override
  public void record(InvocationRecord record) {
    if (closed) {
      writeNow(List.of(record)); // late records after shutdown began still reach the store
      return;
    }
    accepted.incrementAndGet();
    if (!queue.offer(record)) {
      unwritten.add(List.of(record));
      long total = failed.incrementAndGet();
      markFinished(1);
      LOG.warn(
          "metrics buffer full ({} records): record {} of {} not written ({} unwritten so far)",
          queue.size(),
          record.invocationId(),
          record.function(),
          total);
    }
  }

  /** Waits until what was recorded so far is written, at most {@link #CLOSE_TIMEOUT}. */
  @Override
  public void flush() {
    flushUntil(System.nanoTime() + CLOSE_TIMEOUT.toNanos());
  }

  @Override
  public boolean flush(Duration atMost) {
    return flushUntil(System.nanoTime() + atMost.toNanos());
  }

  private boolean flushUntil(long deadlineNanos) {
    long target = accepted.get();
    synchronized (progress) {
      while (finished.get() < target && writer.isAlive()) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
          return false; // e.g. the writer is stuck in the store; close() counts what is left
        }
        LockSupport.unpark(writer); // out of its linger
        progress.notifyAll();
        try {
          progress.wait(Math.min(50, left));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    if (finished.get() < target && !writer.isAlive()) { // writer gone: write the rest here
      List<InvocationRecord> rest = new ArrayList<>();
      queue.drainTo(rest);
      if (!rest.isEmpty()) {
        writeBatches(rest);
      }
    }
    return finished.get() >= target;
  }

  @Override
  public long failedRecords() {
    return failed.get();
  }

  /** Records waiting in the buffer right now. */
  public int pending() {
    return queue.size();
  }

  @Override
  public void close() {
    long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
    flushUntil(deadline);
    closed = true;
    writer.interrupt();
    try {
      writer.join(Math.max(100, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      giveUpOnTheRest();
      return;
    }
    flushUntil(deadline);
  }

  /**
   * The writer is still inside a store write after the bound: count its batch and the queue as
   * unwritten and leave the (daemon) thread behind. Should that write still succeed before the
   * process exits, its records are counted twice, once stored and once lost — the safe side.
   */
  private void giveUpOnTheRest() {
    List<InvocationRecord> rest = new ArrayList<>(inFlight);
    queue.drainTo(rest);
    if (rest.isEmpty()) {
      return;
    }
    unwritten.add(rest);
    long total = failed.addAndGet(rest.size());
    LOG.warn(
        "metrics writer still waiting on the {} store after {}: {} records counted as unwritten"
            + " ({} unwritten so far)",
        store.name(),
        CLOSE_TIMEOUT,
        rest.size(),
        total);
  }

  private void run() {
    List<InvocationRecord> batch = new ArrayList<>(batchSize);
    while (!closed || !queue.isEmpty()) {
      try {
        InvocationRecord first = queue.poll(maxDelay.toMillis(), TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, batchSize - 1);
        inFlight = List.copyOf(batch);
        writeTimer.accept(() -> writeNow(batch));
        markFinished(batch.size());
        inFlight = List.of();
        boolean full = batch.size() == batchSize;
        batch.clear();
        if (!full && !closed && queue.isEmpty()) {
          LockSupport.parkNanos(this, LINGER_NANOS);
        }
      } catch (InterruptedException e) {
        if (closed) {
          break;
        }
      } catch (RuntimeException e) { // never let the writer die on an unexpected error
        LOG.error(
            "metrics writer: unexpected failure; {} records counted as unwritten", batch.size(), e);
        unwritten.add(batch);
        failed.addAndGet(batch.size());
        markFinished(batch.size());
        inFlight = List.of();
        batch.clear();
      }
    }
  }

  private void writeBatches(List<InvocationRecord> records) {
    for (int i = 0; i < records.size(); i += batchSize) {
      List<InvocationRecord> batch = records.subList(i, Math.min(records.size(), i + batchSize));
      writeNow(batch);
      markFinished(batch.size());
    }
  }

  private void writeNow(List<InvocationRecord> batch) {
    RuntimeException failure = retry.write(store, List.copyOf(batch));
    if (failure != null) {
      unwritten.add(batch);
      long total = failed.addAndGet(batch.size());
      LOG.warn(
          "{} metrics records not written to the {} store after {} attempts ({} unwritten so far): {}",
          batch.size(),
          store.name(),
          retry.maxAttempts(),
          total,
          failure.toString());
    }
  }

  private void markFinished(int count) {
    finished.addAndGet(count);
    synchronized (progress) {
      progress.notifyAll();
    }
  }
}
