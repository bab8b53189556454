package org.dsm.orchestrator.functions.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.metrics.InvocationRecord;

/**
 * The invocation a platform's handler ({@link LambdaHandler}, or the HTTP controller) is running on
 * this thread: when it started, its request id, whether it is a priming call, and the invocation's
 * own records, held back until the response is serialised so they carry the handler's total (see
 * {@link AfterResponseRecorder}).
 */
public final class HandlerScope {
  private static final ThreadLocal<HandlerScope> CURRENT = new ThreadLocal<>();

  private final long entryNanos;
  private final String requestId;
  private final boolean priming;
  private final LongSupplier remainingMillis;
  private final List<Deferred> deferred = new ArrayList<>(1);

  private HandlerScope(
      long entryNanos, String requestId, boolean priming, LongSupplier remainingMillis) {
    this.entryNanos = entryNanos;
    this.requestId = requestId;
    this.priming = priming;
    this.remainingMillis = remainingMillis;
  }

  public static HandlerScope open(long entryNanos, String requestId, boolean priming) {
    return open(entryNanos, requestId, priming, Deadline.UNBOUNDED);
  }

  /**
   * @param remainingMillis the time the invocation has left (Lambda's Context)
   */
  static HandlerScope open(
      long entryNanos, String requestId, boolean priming, LongSupplier remainingMillis) {
    HandlerScope scope = new HandlerScope(entryNanos, requestId, priming, remainingMillis);
    CURRENT.set(scope);
    return scope;
  }

  /** The scope of the invocation on this thread, or null outside LambdaHandler. */
  static HandlerScope current() {
    return CURRENT.get();
  }

  String requestId() {
    return requestId;
  }

  LongSupplier remainingMillis() {
    return remainingMillis;
  }

  boolean priming() {
    return priming;
  }

  /** Whether {@code record} is this invocation's own (not, e.g., a benchmark run it started). */
  boolean owns(InvocationRecord record) {
    return requestId != null && requestId.equals(record.invocationId());
  }

  void defer(InvocationRecord record, AfterResponseRecorder writer) {
    deferred.add(new Deferred(record, writer));
  }

  /**
   * What the records' writes leave of the invocation's time: the response is serialised by then,
   * and the runtime client only has to post it (8-12 ms from the write's end to the posted answer
   * under the official runtime client on this 2-core build machine, {@code HungStoreUnderRicIT}).
   * Less than {@link Deadline#RESPONSE_RESERVE_MS}, which also covers building the response: with
   * that, an invocation that used its time up (the deadline's own 503) would never have its record
   * written.
   */
  static final long HANDOFF_RESERVE_MS = 500;

  /**
   * Ends the scope once the response is serialised ({@code endNanos}): the held-back records are
   * written with the handler's total, which is also their {@code request_to_response} component. On
   * Lambda the writes run before the handler returns, so they end by the invocation's remaining
   * time less {@link #HANDOFF_RESERVE_MS}.
   */
  public void close(long endNanos) {
    CURRENT.remove();
    double totalMs = Math.round((endNanos - entryNanos) / 1_000.0) / 1_000.0;
    Deadline deadline = Deadline.reserving(remainingMillis, HANDOFF_RESERVE_MS);
    for (Deferred d : deferred) {
      d.writer().writeNow(d.record().withRequestToResponseMs(totalMs), deadline);
    }
  }

  private record Deferred(InvocationRecord record, AfterResponseRecorder writer) {}
}
