package org.dsm.orchestrator.core.invocation;

/**
 * Who is invoking: the platform's request id (Lambda request id or a generated UUID), the platform
 * (lambda | knative | local), the trigger (http | schedule | benchmark), whether this is the
 * instance's first invocation (cold start), and the authenticated caller's principal id (an IAM ARN
 * or a JWT subject; null when the platform authenticated no one, e.g. local runs and schedules).
 * The principal is an identifier only, never a credential or token.
 *
 * <p>{@code edgeStartNanos} is the {@link System#nanoTime()} at which the platform's handler took
 * the invocation (0 when the edge does not time it): the invocation's reported total then runs from
 * there, not from the start of the use case. {@code initDurationMs} is the instance's init phase
 * (process start or snapshot restore → ready), set on the cold invocation only. {@code deadline} is
 * the time the invocation has left for the use case ({@link Deadline#NONE} when the edge sets
 * none): irreversible actions are started only when they fit in it.
 */
public record InvocationContext(
    String invocationId,
    String platform,
    String trigger,
    boolean coldStart,
    String principal,
    long edgeStartNanos,
    Double initDurationMs,
    Deadline deadline) {

  /**
   * The logging context key (SLF4J MDC) of the invocation id; the edges set it, and the use cases
   * when the edge did not, so a warning logged deep in a call names its invocation.
   */
  public static final String MDC_INVOCATION_ID = "invocation_id";

  public InvocationContext {
    principal = principal == null || principal.isBlank() ? null : principal;
    deadline = deadline == null ? Deadline.NONE : deadline;
  }

  /** A context without edge timing. */
  public InvocationContext(
      String invocationId, String platform, String trigger, boolean coldStart, String principal) {
    this(invocationId, platform, trigger, coldStart, principal, 0L, null, Deadline.NONE);
  }

  /** A context without an authenticated caller. */
  public InvocationContext(
      String invocationId, String platform, String trigger, boolean coldStart) {
    this(invocationId, platform, trigger, coldStart, null);
  }

  public InvocationContext withPrincipal(String principal) {
    return new InvocationContext(
        invocationId,
        platform,
        trigger,
        coldStart,
        principal,
        edgeStartNanos,
        initDurationMs,
        deadline);
  }

  /**
   * Milliseconds since the edge took the invocation, or {@code useCaseMs} when the edge does not
   * time it.
   */
  public double totalMs(double useCaseMs) {
    if (edgeStartNanos == 0L) {
      return useCaseMs;
    }
    double sinceEdge = Math.round((System.nanoTime() - edgeStartNanos) / 1_000.0) / 1_000.0;
    return Math.max(useCaseMs, sinceEdge);
  }
}
