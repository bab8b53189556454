package org.dsm.orchestrator.core.history;

import org.dsm.orchestrator.core.domain.ProjectDetails;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.pattern.ProjectFeatures;

/**
 * The target project's similarity features from its real state (the original used placeholders):
 * team size counted from the team, domain and complexity from the project's metadata, duration =
 * the weeks its sprints have covered so far. What the services do not know stays unknown (null): a
 * project without a team has no team size, one without sprints no duration, and the DSM project
 * service sends no domain or complexity at all — no default is made up for them.
 */
public final class ProjectFeaturesFactory {
  private ProjectFeaturesFactory() {}

  public static ProjectFeatures of(ProjectSnapshot snapshot) {
    ProjectDetails details = snapshot.details();
    int weeks = snapshot.sprints().stream().mapToInt(Sprint::durationWeeks).sum();
    String domain = details.domainCategory();
    return new ProjectFeatures(
        snapshot.teamSize() > 0 ? snapshot.teamSize() : null,
        details.avgTaskComplexity(),
        domain == null || domain.isBlank() || "unknown".equalsIgnoreCase(domain) ? null : domain,
        weeks > 0 ? (double) weeks : null);
  }
}
