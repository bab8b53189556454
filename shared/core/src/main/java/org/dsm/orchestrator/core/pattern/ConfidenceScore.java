package org.dsm.orchestrator.core.pattern;

public record ConfidenceScore(double score, String reasoning) {}
