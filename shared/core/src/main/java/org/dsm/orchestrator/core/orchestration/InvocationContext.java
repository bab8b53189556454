package org.dsm.orchestrator.core.orchestration;

/**
 * Who is invoking: the platform's request id (Lambda request id or a generated UUID), the platform
 * (lambda | knative | local), the trigger (http | schedule | benchmark) and whether this is the
 * instance's first invocation (cold start).
 */
public record InvocationContext(
    String invocationId, String platform, String trigger, boolean coldStart) {}
