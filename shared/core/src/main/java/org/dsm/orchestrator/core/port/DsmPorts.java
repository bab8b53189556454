package org.dsm.orchestrator.core.port;

import java.util.ArrayList;
import java.util.List;

/**
 * The three DSM ports, from one data source (embedded or http), the circuit states of the services
 * behind them (none for the embedded source), shown by the health endpoint and the performance
 * report, and where orchestrations that act leave their decision record (none for the embedded
 * source).
 */
public record DsmPorts(
    ProjectStateSource state,
    ChronicleAnalytics chronicle,
    ProjectActions actions,
    DependencyHealth health,
    List<DecisionRecords> records) {

  public DsmPorts {
    records = List.copyOf(records);
  }

  public DsmPorts(
      ProjectStateSource state,
      ChronicleAnalytics chronicle,
      ProjectActions actions,
      DependencyHealth health) {
    this(state, chronicle, actions, health, List.of());
  }

  public DsmPorts(ProjectStateSource state, ChronicleAnalytics chronicle, ProjectActions actions) {
    this(state, chronicle, actions, DependencyHealth.NONE);
  }

  /** These ports, whose decision records also go to {@code more}. */
  public DsmPorts withRecords(DecisionRecords more) {
    List<DecisionRecords> all = new ArrayList<>(records);
    all.add(more);
    return new DsmPorts(state, chronicle, actions, health, all);
  }
}
