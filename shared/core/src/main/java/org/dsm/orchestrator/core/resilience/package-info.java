/**
 * Dependency fault handling: one circuit breaker per DSM service ({@link
 * org.dsm.orchestrator.core.resilience.DependencyBreaker}, Resilience4j underneath) and a plain
 * view of their states for the edge ({@link org.dsm.orchestrator.core.port.DependencyHealth}).
 *
 * <p>Failure model of {@code orchestrate} (http data source; every call has {@code
 * DSM_HTTP_TIMEOUT_MS}):
 *
 * <table>
 *   <caption>What each dependency failure becomes</caption>
 *   <tr><th>Failure</th><th>Answer</th></tr>
 *   <tr><td>Chronicle down, slow past the timeout, 5xx, not JSON, or its circuit open</td>
 *       <td>200 with the rule decision; {@code historical_context.status} "unavailable"; a warning naming
 *       chronicle-service and the cause; component {@code chronicle_fetch} failed. Its four calls run in parallel
 *       with the state read: at most one timeout.</td></tr>
 *   <tr><td>Project, backlog or sprint service down, slow, 5xx, or circuit open</td>
 *       <td>{@code DependencyUnavailableException} naming the service (503), after at most one timeout (none
 *       when the circuit is open).</td></tr>
 *   <tr><td>Project, backlog or sprint service answers a body that is not JSON or lacks a field</td>
 *       <td>{@code DependencyBadResponseException} naming the service and field (502).</td></tr>
 *   <tr><td>An action fails after an earlier side effect (e.g. sprint created, schedule failed)</td>
 *       <td>200 listing what was done, the failure as a warning; a retry finds the sprint.
 *       Only a failure of the first side effect propagates (nothing happened, so a retry is safe).</td></tr>
 * </table>
 *
 * <p>Breaker: opens when {@code DSM_BREAKER_FAILURE_RATE}% (default 50) of the last {@code
 * DSM_BREAKER_WINDOW} calls (default 10, judged from half of them) failed; while open, calls fail
 * at once; after {@code DSM_BREAKER_WAIT_MS} (default 10000) trial calls decide whether it closes.
 * Counted as failures: timeouts, connect/I-O failures, 5xx, non-JSON 2xx bodies. Not counted: 404,
 * 409, the original project service's 500 for an unknown project, a sprint create or close answered
 * 5xx whose read-back shows the state asked for (the original answers 500 to a close of a sprint
 * already closed), and JSON bodies that lack a field (they fail fast on their own).
 */
package org.dsm.orchestrator.core.resilience;
