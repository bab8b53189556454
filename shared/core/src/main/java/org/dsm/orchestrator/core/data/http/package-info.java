/**
 * The DSM services over HTTP, as they really answer, with {@code java.net.http.HttpClient}.
 *
 * <ul>
 *   <li>State: project, team-members, availability, backlog summary and the project's sprints are
 *       requested at once (5 parallel calls; the original made 8 sequential ones, including the
 *       global /sprints/active, which is not this project's); the active sprint's task summary
 *       follows as soon as the sprint list is in, and its failure is ignored.
 *   <li>One small client per service (project, backlog, sprint, Chronicle) over its {@code
 *       ServiceEndpoint}; {@code HttpDsmClient} composes them into the ports.
 *   <li>Every read has the configured timeout ({@code DSM_HTTP_TIMEOUT_MS}, default 2000 ms), every
 *       write its own longer one ({@code DSM_HTTP_WRITE_TIMEOUT_MS}, default 10000 ms). A sprint
 *       create or close that times out or is answered 5xx is read back ({@code SprintWrites}):
 *       done, not done (503) or unknown (504).
 *   <li>Orchestrations that act leave a decision record in Chronicle (a daily-scrum report note).
 *   <li>Failures: 404 is {@code ProjectNotFoundException}; connect failure, timeout or 5xx is
 *       {@code DependencyUnavailableException}; a body that is not JSON or lacks a field is {@code
 *       DependencyBadResponseException}; 409 on an action is {@code ActionRejectedException}. Each
 *       names the service. The original project service answers 500 for an unknown project while
 *       its team-members endpoint answers 200 with an empty list; that pair is read as "not found".
 *   <li>Historical summaries come from Chronicle's similar-projects endpoint at threshold 0 (there
 *       is no listing endpoint), converted from days to weeks and cached for {@code
 *       historyCacheTtl} (5 min); the history version changes when a refresh returns different data
 *       or this client closes a sprint.
 *   <li>Each service has a circuit breaker ({@code org.dsm.orchestrator.core.resilience}): while
 *       open, its calls fail at once with {@code DependencyUnavailableException} ("circuit open
 *       ..."); {@code HttpDsmClient.circuitStates()} shows the states. 404, 409, the original's
 *       "unknown project" 500 and Chronicle's "nothing matched" 500 (an empty history) do not count
 *       as failures.
 *   <li>Daily-scrum schedules have no REST API in the DSM services (the original wrote Kubernetes
 *       CronJobs), so they go through {@link org.dsm.orchestrator.core.port.DailyScrumSchedules};
 *       in-memory by default.
 * </ul>
 */
package org.dsm.orchestrator.core.data.http;
