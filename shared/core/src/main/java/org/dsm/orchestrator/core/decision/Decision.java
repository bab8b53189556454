package org.dsm.orchestrator.core.decision;

import java.util.List;

/**
 * The rule engine's decision. At most one structural action per call: close the active sprint, or
 * create a new one, or re-create a missing daily-scrum schedule. {@code scheduleName} is the
 * DNS-1123 daily-scrum schedule name involved (created, re-created or deleted), or null.
 */
public record Decision(
    boolean createNewSprint,
    int tasksToAssign,
    boolean cronjobCreated,
    List<String> reasoning,
    List<String> warnings,
    boolean sprintClosureTriggered,
    boolean cronjobDeleted,
    String sprintName,
    String sprintIdToClose,
    String sprintId,
    String scheduleName) {

  public Decision {
    reasoning = List.copyOf(reasoning);
    warnings = List.copyOf(warnings);
  }

  /** The reasoning sentences joined the way the original did, or its "no action" sentence. */
  public String reasoningText() {
    return reasoning.isEmpty()
        ? "No specific actions required based on current state and options."
        : String.join(" ", reasoning);
  }
}
