package org.dsm.orchestrator.core.domain;

/** Backlog counts: all tasks of the project, and those not yet in any sprint. */
public record BacklogSummary(int totalTasks, int unassignedTasks) {}
