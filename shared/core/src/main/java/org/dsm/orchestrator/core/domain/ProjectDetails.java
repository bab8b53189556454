package org.dsm.orchestrator.core.domain;

/**
 * What the project service says about a project. {@code domainCategory} and {@code
 * avgTaskComplexity} are optional metadata (null when the service does not know them); the pattern
 * engine then uses its defaults.
 */
public record ProjectDetails(
    String id,
    String name,
    String description,
    String status,
    String domainCategory,
    Double avgTaskComplexity) {}
