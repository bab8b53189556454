package org.dsm.orchestrator.core.pattern;

/**
 * A project's similarity features; each is null when unknown. Unknown is not zero: a missing value
 * is left out of the comparison instead of being compared as 0 (a team of 0 people, a task
 * complexity of 0 and a "general" domain would make every unknown project look alike).
 */
public record ProjectFeatures(
    Integer teamSize,
    Double avgTaskComplexity,
    String domainCategory,
    Double projectDurationWeeks) {}
