package org.dsm.orchestrator.core.domain;

import java.util.Map;

/** Chronicle's pattern metrics for a project. */
public record ProjectPatterns(
    int dailyScrumCount,
    int retrospectiveCount,
    int tasksCompletedInDailyScrums,
    Map<String, Integer> commonImpediments,
    Map<String, Integer> commonActionItems) {

  public static final ProjectPatterns EMPTY = new ProjectPatterns(0, 0, 0, Map.of(), Map.of());

  public ProjectPatterns {
    commonImpediments = Map.copyOf(commonImpediments);
    commonActionItems = Map.copyOf(commonActionItems);
  }

  public boolean isEmpty() {
    return dailyScrumCount == 0
        && retrospectiveCount == 0
        && commonImpediments.isEmpty()
        && commonActionItems.isEmpty();
  }
}
