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
    Double projectDurationWeeks) {

  /** How many of the four features are known. */
  public int knownCount() {
    return (teamSize == null ? 0 : 1)
        + (avgTaskComplexity == null ? 0 : 1)
        + (domainCategory == null ? 0 : 1)
        + (projectDurationWeeks == null ? 0 : 1);
  }
}
