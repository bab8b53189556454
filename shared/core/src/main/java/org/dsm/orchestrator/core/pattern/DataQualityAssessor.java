package org.dsm.orchestrator.core.pattern;

import java.util.ArrayList;
import java.util.List;
import org.dsm.orchestrator.core.domain.ImpedimentSummary;
import org.dsm.orchestrator.core.domain.ProjectPatterns;
import org.dsm.orchestrator.core.domain.VelocityHistory;
import org.dsm.orchestrator.core.domain.VelocityPoint;

/**
 * How much history backs the analysis: each figure is what its name says and the score is the mean
 * of four coverage terms instead of the constant 0.78 — sprint history and velocity series (each
 * relative to {@code min_data_points_for_analysis}), daily-scrum reports present, impediment data
 * present. Retrospectives without dates count as finished sprints and in the completed-task mean
 * (neither needs a date); the note and a recommendation say how many there are.
 */
final class DataQualityAssessor {
  static final String NO_DATA_NOTE = "No significant historical data found for this project.";
  static final String REC_NO_DATA =
      "No historical data found. Ensure Chronicle Service is running and has processed data for this project.";
  static final String REC_COMPLETION =
      "Completed tasks per sprint not available. Ensure tasks are being marked as completed.";
  static final String REC_VELOCITY =
      "Team velocity data not available. Ensure sprint tasks are being tracked and completed.";

  private final int minDataPoints;

  DataQualityAssessor(int minDataPoints) {
    this.minDataPoints = minDataPoints;
  }

  DataQualityReport assess(
      ProjectPatterns patterns, VelocityHistory velocity, ImpedimentSummary impediments) {
    ProjectPatterns p = patterns == null ? ProjectPatterns.EMPTY : patterns;
    VelocityHistory v = velocity == null ? VelocityHistory.EMPTY : velocity;
    ImpedimentSummary i = impediments == null ? ImpedimentSummary.EMPTY : impediments;
    int velocityPoints = v.points().size();
    boolean impedimentData = !i.frequency().isEmpty() || !p.commonImpediments().isEmpty();
    boolean available = !p.isEmpty() || velocityPoints > 0 || impedimentData;
    int sprints = Math.max(p.retrospectiveCount(), velocityPoints);
    Double avgCompleted =
        velocityPoints == 0 ? null : PythonNumbers.round(meanCompletedTasks(v.points()), 2);
    Double commonVelocity =
        velocityPoints == 0 && v.averageVelocity() == 0.0
            ? null
            : PythonNumbers.round(v.averageVelocity(), 2);

    double score =
        (coverage(sprints)
                + coverage(velocityPoints)
                + (p.dailyScrumCount() > 0 ? 1 : 0)
                + (impedimentData ? 1 : 0))
            / 4.0;
    return new DataQualityReport(
        available,
        sprints,
        p.dailyScrumCount(),
        avgCompleted,
        commonVelocity,
        PythonNumbers.round(score, 2),
        note(available, sprints, p.dailyScrumCount(), velocityPoints, v.undated(), impedimentData),
        recommendations(available, sprints, avgCompleted, commonVelocity, v.undated()));
  }

  /** The mean in the order given, as PythonNumbers.mean sums it, without an array per call. */
  private static double meanCompletedTasks(List<VelocityPoint> points) {
    double sum = 0.0;
    for (VelocityPoint point : points) {
      sum += point.completedTasks();
    }
    return sum / points.size();
  }

  private double coverage(int count) {
    return Math.min((double) count / minDataPoints, 1.0);
  }

  private static String note(
      boolean available,
      int sprints,
      int dailyScrums,
      int velocityPoints,
      int undated,
      boolean impediments) {
    if (!available) {
      return NO_DATA_NOTE;
    }
    StringBuilder text =
        new StringBuilder(120)
            .append("Historical data: ")
            .append(sprints)
            .append(" finished sprint(s), ")
            .append(dailyScrums)
            .append(" daily scrum report(s), ");
    if (velocityPoints > 0) {
      text.append("velocity over ").append(velocityPoints).append(" sprint(s)");
      if (undated > 0) {
        text.append(" (")
            .append(undated)
            .append(" of them without dates, left out of the velocity trend)");
      }
    } else {
      text.append("no velocity data");
    }
    return text.append(impediments ? ", impediment data." : ", no impediment data.").toString();
  }

  private List<String> recommendations(
      boolean available, int sprints, Double avgCompleted, Double velocity, int undated) {
    List<String> result = new ArrayList<>();
    if (!available) {
      result.add(REC_NO_DATA);
    }
    if (sprints < minDataPoints) {
      result.add(
          "Insufficient sprint history ("
              + sprints
              + " of "
              + minDataPoints
              + " sprints needed). Run more sprints to generate richer historical data.");
    }
    if (avgCompleted == null) {
      result.add(REC_COMPLETION);
    }
    if (velocity == null) {
      result.add(REC_VELOCITY);
    }
    if (undated > 0) {
      result.add(
          undated
              + " sprint retrospective(s) in Chronicle have no start and end dates: they count"
              + " as finished sprints but cannot be placed in time. Record retrospectives with"
              + " their sprint's dates.");
    }
    return result;
  }
}
