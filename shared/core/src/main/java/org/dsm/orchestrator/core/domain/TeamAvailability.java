package org.dsm.orchestrator.core.domain;

import java.util.List;

/** {@code status} is "ok" or "conflict", as the project service reports it. */
public record TeamAvailability(String status, List<AvailabilityConflict> conflicts) {
  public static final TeamAvailability OK = new TeamAvailability("ok", List.of());

  public TeamAvailability {
    conflicts = List.copyOf(conflicts);
  }

  public boolean hasConflicts() {
    return "conflict".equals(status) && !conflicts.isEmpty();
  }
}
