package org.dsm.orchestrator.core.data.http;

/**
 * Chronicle's project summaries carry placeholders for the similarity features it does not know:
 * team_size 0, avg_task_complexity 0.0, domain_category "unknown", project_duration 0.0. They are
 * read as unknown (null), never as values.
 */
final class ChroniclePlaceholders {
  private ChroniclePlaceholders() {}

  static Integer teamSize(Integer value) {
    return value == null || value <= 0 ? null : value;
  }

  /** A complexity or a duration: 0 (or less) is the placeholder. */
  static Double measure(Double value) {
    return value == null || !(value > 0.0) ? null : value;
  }

  static String domain(String value) {
    return value == null || value.isBlank() || "unknown".equalsIgnoreCase(value.trim())
        ? null
        : value;
  }
}
