package org.dsm.orchestrator.core.pattern;

/** The target project's similarity features, from its real state (flaws F1b, F2). */
public record ProjectFeatures(
    int teamSize, double avgTaskComplexity, String domainCategory, double projectDurationWeeks) {}
