package org.dsm.orchestrator.core.pattern;

import java.util.List;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.VelocityHistory;

/**
 * Everything a pattern analysis depends on, already fetched: the engine itself does no I/O, so it
 * can be timed, cached and benchmarked on its own. {@code historyVersion} identifies the
 * historical-project set for the cache.
 */
public record PatternInput(
    ProjectId projectId,
    ProjectFeatures target,
    List<HistoricalProject> historicalProjects,
    long historyVersion,
    VelocityHistory velocity) {}
