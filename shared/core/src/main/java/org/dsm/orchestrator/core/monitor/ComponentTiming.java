package org.dsm.orchestrator.core.monitor;

/**
 * One timed block of one invocation; {@code errorType} is null on success (a simple class name
 * otherwise).
 */
public record ComponentTiming(
    String operation, double durationMs, boolean success, String errorType) {}
