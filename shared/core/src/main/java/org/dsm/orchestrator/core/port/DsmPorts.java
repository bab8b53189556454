package org.dsm.orchestrator.core.port;

/**
 * The three DSM ports, from one data source (embedded or http), and the circuit states of the
 * services behind them (none for the embedded source), shown by the health endpoint and the
 * performance report.
 */
public record DsmPorts(
    ProjectStateSource state,
    ChronicleAnalytics chronicle,
    ProjectActions actions,
    DependencyHealth health) {

  public DsmPorts(ProjectStateSource state, ChronicleAnalytics chronicle, ProjectActions actions) {
    this(state, chronicle, actions, DependencyHealth.NONE);
  }
}
