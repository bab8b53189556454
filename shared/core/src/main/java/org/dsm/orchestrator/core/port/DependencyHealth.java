package org.dsm.orchestrator.core.port;

import java.util.Map;

/**
 * The circuit state of each remote dependency, for the health endpoint and the metrics report.
 *
 * <p>Keys are service names ({@code project-service}, {@code backlog-service}, {@code
 * sprint-service}, {@code chronicle-service}); values are {@code CLOSED}, {@code OPEN} or {@code
 * HALF_OPEN}. An open circuit only turns {@code HALF_OPEN} when the next call arrives after the
 * wait, so an idle instance keeps showing {@code OPEN}. The embedded data source has no remote
 * dependency: {@link #NONE} (empty map).
 *
 * <p>How the edge shows it: the health endpoint stays {@code "ok"} (the orchestrator itself is
 * alive; restarting it would not heal a dependency) and adds the map, e.g. {@code
 * {"status":"ok","dependencies":{"project-service":"CLOSED","backlog-service":"CLOSED",
 * "sprint-service":"CLOSED","chronicle-service":"OPEN"}}}. The metrics report adds the same map as
 * a {@code "dependencies"} block. An open Chronicle circuit means orchestrations answer 200 with
 * pattern analysis "unavailable"; an open project, backlog or sprint circuit means they answer 503
 * at once, naming the service.
 */
public interface DependencyHealth {
  DependencyHealth NONE = Map::of;

  /** A snapshot, in a stable order; never null. */
  Map<String, String> circuitStates();
}
