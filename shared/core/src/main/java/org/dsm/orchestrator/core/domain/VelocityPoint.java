package org.dsm.orchestrator.core.domain;

import java.time.LocalDate;

public record VelocityPoint(
    String sprintId, LocalDate startDate, LocalDate endDate, int completedTasks) {}
