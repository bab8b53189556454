package org.dsm.orchestrator.core.domain;

/**
 * A holiday or PTO day inside the sprint window; {@code type} is "holiday" or "pto", {@code date}
 * is ISO.
 */
public record AvailabilityConflict(String type, String date, String name, String details) {}
