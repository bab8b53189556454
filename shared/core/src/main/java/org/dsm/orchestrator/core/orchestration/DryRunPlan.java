package org.dsm.orchestrator.core.orchestration;

import java.util.ArrayList;
import java.util.List;
import org.dsm.orchestrator.core.decision.Decision;

/**
 * What a dry run would have done, in the order {@link ActionExecutor} does it. A dry run's answer
 * names these as planned and claims none of them: no sprint it would create, no schedule it would
 * deploy is reported as if it existed.
 */
final class DryRunPlan {
  private DryRunPlan() {}

  static List<String> of(Decision decision) {
    List<String> planned = new ArrayList<>();
    String sprintId = decision.sprintClosureTriggered() ? null : decision.sprintId();
    if (decision.sprintClosureTriggered() && decision.sprintIdToClose() != null) {
      planned.add("Close sprint " + decision.sprintIdToClose());
      if (decision.cronjobDeleted() && decision.scheduleName() != null) {
        planned.add("Delete cronjob " + decision.scheduleName());
      }
    }
    boolean creates = decision.createNewSprint() && sprintId == null;
    if (creates) {
      // the sprint service names the sprint itself; the proposed name may not be the one it picks
      planned.add("Create new sprint (proposed name " + decision.sprintName() + ")");
      planned.add("Assign " + decision.tasksToAssign() + " tasks to sprint");
    }
    if (decision.cronjobCreated()
        && !decision.sprintClosureTriggered()
        && (sprintId != null || creates)) {
      planned.add(
          sprintId != null
              ? "Create cronjob " + decision.scheduleName()
              : "Create cronjob for the new sprint ("
                  + decision.scheduleName()
                  + " if it is named as proposed)");
    }
    return List.copyOf(planned);
  }

  /**
   * The sprint a dry run's answer may name: one that exists (the sprint it would close, or the
   * active one), never the proposed name of a sprint not created.
   */
  static String existingSprintId(Decision decision) {
    return decision.sprintClosureTriggered() ? decision.sprintIdToClose() : decision.sprintId();
  }
}
