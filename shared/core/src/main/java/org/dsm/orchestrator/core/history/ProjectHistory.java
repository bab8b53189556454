package org.dsm.orchestrator.core.history;

import java.util.List;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.VelocityHistory;

/** Everything read from Chronicle for one invocation — fetched once, in parallel. */
public record ProjectHistory(
    ProjectPatterns patterns,
    VelocityHistory velocity,
    ImpedimentSummary impediments,
    List<HistoricalProject> historicalProjects,
    long historyVersion) {}
