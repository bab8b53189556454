package org.dsm.orchestrator.core.domain;

import java.util.List;
import java.util.Optional;

/**
 * Everything the decision needs about a project's current state, read in one go from the project,
 * backlog and sprint services. {@code activeSprintTasks} is null when there is no active sprint or
 * its summary could not be read.
 */
public record ProjectSnapshot(
    ProjectDetails details,
    List<TeamMember> team,
    TeamAvailability availability,
    BacklogSummary backlog,
    List<Sprint> sprints,
    SprintTaskSummary activeSprintTasks) {

  public ProjectSnapshot {
    team = List.copyOf(team);
    sprints = List.copyOf(sprints);
  }

  /** The first of this project's sprints that is in progress (never a global lookup). */
  public Optional<Sprint> activeSprint() {
    for (Sprint sprint : sprints) { // a loop: every orchestration asks, streams allocate
      if (sprint.inProgress()) {
        return Optional.of(sprint);
      }
    }
    return Optional.empty();
  }

  public int activeSprintCount() {
    int count = 0;
    for (Sprint sprint : sprints) {
      if (sprint.inProgress()) {
        count++;
      }
    }
    return count;
  }

  public int teamSize() {
    return team.size();
  }
}
