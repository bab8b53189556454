package org.dsm.orchestrator.core.orchestration;

import org.dsm.orchestrator.core.port.ChronicleAnalytics;
import org.dsm.orchestrator.core.port.ProjectActions;
import org.dsm.orchestrator.core.port.ProjectStateSource;

/** The three DSM ports, from one data source (embedded or http). */
public record DsmPorts(ProjectStateSource state, ChronicleAnalytics chronicle, ProjectActions actions) {}
