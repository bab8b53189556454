package org.dsm.orchestrator.functions.config;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.invocation.RandomIds;

/**
 * Where this instance runs (lambda | knative | local) and the cold-start flag: the first invocation
 * of the JVM is the cold one, whichever entry point serves it.
 */
public final class Platform {
  public static final String LAMBDA = "lambda";
  public static final String KNATIVE = "knative";
  public static final String LOCAL = "local";

  private static final AtomicBoolean FIRST = new AtomicBoolean(true);
  private static volatile Double initDurationMs;

  /**
   * {@link System#nanoTime()} at which the instance last became ready (init or restore done); null:
   * never. Monotonic: the gap it starts decides whether a caller waited for the init, and a clock
   * step must not decide it.
   */
  private static volatile Long readyAtNanos;

  /** nanoTime at which the platform's handler took the invocation running on this thread. */
  private static final ThreadLocal<Long> EDGE_START = new ThreadLocal<>();

  private static final ThreadLocal<Deadline> EDGE_DEADLINE = new ThreadLocal<>();

  private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private Platform() {}

  /**
   * APP_PLATFORM when set, else AWS_LAMBDA_FUNCTION_NAME → lambda, K_SERVICE → knative, else local.
   */
  public static String detect(Map<String, String> env) {
    String explicit = env.get(EnvironmentVariables.PLATFORM);
    if (explicit != null && !explicit.isBlank()) {
      String value = explicit.trim().toLowerCase(Locale.ROOT);
      if (!value.equals(LAMBDA) && !value.equals(KNATIVE) && !value.equals(LOCAL)) {
        throw new IllegalStateException(
            EnvironmentVariables.PLATFORM
                + " must be lambda, knative or local, got '"
                + explicit
                + "'");
      }
      return value;
    }
    if (env.containsKey("AWS_LAMBDA_FUNCTION_NAME")) {
      return LAMBDA;
    }
    return env.containsKey("K_SERVICE") ? KNATIVE : LOCAL;
  }

  /**
   * Marks the next invocation as cold again. Called after a SnapStart/CRaC restore: the snapshot
   * was taken after priming may have run, but the first invocation of a restored instance still
   * pays the restore.
   */
  public static void markNextInvocationCold() {
    FIRST.set(true);
    // the next invocation is measured against this restore, never against the snapshot's init
    readyAtNanos = System.nanoTime();
  }

  /** Whether the next invocation will be recorded as cold. */
  public static boolean nextInvocationCold() {
    return FIRST.get();
  }

  /** Puts the cold-start flag back as it was (after a warm-up pass that made contexts). */
  public static void setNextInvocationCold(boolean cold) {
    FIRST.set(cold);
  }

  /**
   * The instance is ready to serve: {@code initMs} is what its init phase took (process start →
   * ready, or snapshot restore → ready). Reported on the next cold invocation.
   */
  public static void markReady(double initMs) {
    initDurationMs = Math.round(initMs * 1_000.0) / 1_000.0;
    readyAtNanos = System.nanoTime();
  }

  /**
   * When the instance last became ready ({@link #markReady}, or a restore under way), in {@link
   * System#nanoTime()}; null before that.
   */
  public static Long readyAtNanos() {
    return readyAtNanos;
  }

  /** The init phase last marked ready, or null. */
  public static Double initDurationMs() {
    return initDurationMs;
  }

  /**
   * The platform's handler took an invocation on this thread at {@code entryNanos}: contexts made
   * until {@link #edgeFinished} time the invocation from there and carry {@code deadline}, the time
   * it has left for its use case.
   */
  public static void edgeStarted(long entryNanos, Deadline deadline) {
    EDGE_START.set(entryNanos);
    EDGE_DEADLINE.set(deadline);
  }

  public static void edgeFinished() {
    EDGE_START.remove();
    EDGE_DEADLINE.remove();
  }

  /**
   * A context for one invocation; {@code requestId} is the platform's id when it has one and looks
   * like an id (it may come from a client's X-Request-Id header: it is stored and echoed, so it is
   * bounded), else a UUID.
   */
  public static InvocationContext context(String platform, String trigger, String requestId) {
    String id =
        requestId != null && VALID_ID.matcher(requestId).matches() ? requestId : RandomIds.uuid();
    boolean cold = FIRST.getAndSet(false);
    Long edgeStart = EDGE_START.get();
    return new InvocationContext(
        id,
        platform,
        trigger,
        cold,
        null,
        edgeStart == null ? 0L : edgeStart,
        cold ? initDurationMs : null,
        EDGE_DEADLINE.get());
  }
}
