package org.dsm.orchestrator.functions.config;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.dsm.orchestrator.core.orchestration.InvocationContext;

/**
 * Where this instance runs (lambda | knative | local) and the cold-start flag: the first invocation
 * of the JVM is the cold one, whichever entry point serves it.
 */
public final class Platform {
  public static final String LAMBDA = "lambda";
  public static final String KNATIVE = "knative";
  public static final String LOCAL = "local";

  private static final AtomicBoolean FIRST = new AtomicBoolean(true);
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
  }

  /**
   * A context for one invocation; {@code requestId} is the platform's id when it has one and looks
   * like an id (it may come from a client's X-Request-Id header: it is stored and echoed, so it is
   * bounded), else a UUID.
   */
  public static InvocationContext context(String platform, String trigger, String requestId) {
    String id =
        requestId != null && VALID_ID.matcher(requestId).matches()
            ? requestId
            : UUID.randomUUID().toString();
    return new InvocationContext(id, platform, trigger, FIRST.getAndSet(false));
  }
}
