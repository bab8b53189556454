package org.dsm.orchestrator.core.decision;

/** Daily-scrum schedule names: valid DNS-1123 labels of at most 52 characters (flaw F22). */
public final class ScheduleNames {
  public static final int MAX_LENGTH = 52;

  private ScheduleNames() {}

  /** "run-dailyscrum-{project}-{sprint}", lower-cased, sanitised, shortened with a stable hash suffix if too long. */
  public static String dailyScrum(String projectId, String sprintId) {
    throw new UnsupportedOperationException("TODO");
  }
}
