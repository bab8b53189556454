package org.dsm.orchestrator.core.schedule;

import java.time.LocalDate;
import java.util.Map;
import org.dsm.orchestrator.core.invocation.InvocationInfo;

/**
 * The answer to a daily-scrum run: which sprint and day, the sprint service's answer as it gave it,
 * and this invocation's timings.
 */
public record DailyScrumResponse(
    String projectId,
    String sprintId,
    LocalDate date,
    String scheduleName,
    Map<String, Object> dailyScrum,
    InvocationInfo invocation) {}
