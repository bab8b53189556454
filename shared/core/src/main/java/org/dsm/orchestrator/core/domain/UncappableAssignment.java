package org.dsm.orchestrator.core.domain;

import java.util.Locale;
import org.dsm.orchestrator.core.error.InvalidRequestException;

/**
 * What to do when the sprint service cannot honour the caller's task limit: the DSM Sprint service
 * assigns every unassigned task of the project when it creates a sprint, so a {@code
 * max_tasks_per_sprint} below the unassigned count, or {@code assign_tasks: false}, cannot be kept.
 */
public enum UncappableAssignment {
  /** Create the sprint, and say in the decision (and as a warning) how many tasks it will get. */
  WARN,
  /** Do not create the sprint; say why. */
  DECLINE;

  public static final String OPTION = "on_uncappable_assignment";

  private final String value = name().toLowerCase(Locale.ROOT);

  public String value() {
    return value;
  }

  /** Every orchestration request parses it (the default included): a loop, no stream. */
  public static UncappableAssignment parse(String value) {
    for (UncappableAssignment candidate : values()) {
      if (candidate.value.equals(value)) {
        return candidate;
      }
    }
    throw new InvalidRequestException("options." + OPTION + " must be \"warn\" or \"decline\"");
  }
}
