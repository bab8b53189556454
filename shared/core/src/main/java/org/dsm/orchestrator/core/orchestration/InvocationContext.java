package org.dsm.orchestrator.core.orchestration;

/**
 * Who is invoking: the platform's request id (Lambda request id or a generated UUID), the platform
 * (lambda | knative | local), the trigger (http | schedule | benchmark), whether this is the
 * instance's first invocation (cold start), and the authenticated caller's principal id (an IAM ARN
 * or a JWT subject; null when the platform authenticated no one, e.g. local runs and schedules).
 * The principal is an identifier only, never a credential or token.
 */
public record InvocationContext(
    String invocationId, String platform, String trigger, boolean coldStart, String principal) {

  public InvocationContext {
    principal = principal == null || principal.isBlank() ? null : principal;
  }

  /** A context without an authenticated caller. */
  public InvocationContext(
      String invocationId, String platform, String trigger, boolean coldStart) {
    this(invocationId, platform, trigger, coldStart, null);
  }

  public InvocationContext withPrincipal(String principal) {
    return new InvocationContext(invocationId, platform, trigger, coldStart, principal);
  }
}
