package org.dsm.orchestrator.core.domain;

import java.util.Map;

public record ImpedimentSummary(Map<String, Integer> frequency) {
  public static final ImpedimentSummary EMPTY = new ImpedimentSummary(Map.of());

  public ImpedimentSummary {
    frequency = Map.copyOf(frequency);
  }
}
