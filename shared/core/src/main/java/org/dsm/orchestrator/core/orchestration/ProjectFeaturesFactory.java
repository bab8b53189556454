package org.dsm.orchestrator.core.orchestration;

import org.dsm.orchestrator.core.domain.ProjectDetails;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.domain.Sprint;
import org.dsm.orchestrator.core.pattern.ProjectFeatures;

/**
 * The target project's similarity features from its real state (flaws F1b, F2): team size counted
 * from the team, domain and complexity from the project's metadata (defaults "general" and 0.5 when
 * unknown — the same default the original applied to historical projects), duration = the weeks its
 * sprints have covered so far.
 */
public final class ProjectFeaturesFactory {
  static final String DEFAULT_DOMAIN = "general";
  static final double DEFAULT_COMPLEXITY = 0.5;

  private ProjectFeaturesFactory() {}

  public static ProjectFeatures of(ProjectSnapshot snapshot) {
    ProjectDetails details = snapshot.details();
    String domain = details.domainCategory() == null ? DEFAULT_DOMAIN : details.domainCategory();
    double complexity =
        details.avgTaskComplexity() == null ? DEFAULT_COMPLEXITY : details.avgTaskComplexity();
    double weeks = snapshot.sprints().stream().mapToInt(Sprint::durationWeeks).sum();
    return new ProjectFeatures(snapshot.teamSize(), complexity, domain, weeks);
  }
}
