package org.dsm.orchestrator.core.data.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dsm.orchestrator.core.error.ActionRejectedException;

/**
 * Where daily-scrum schedules live in http mode. The DSM REST services have no schedule API (the
 * original created Kubernetes CronJobs directly), so this is a separate seam; {@link #inMemory()}
 * keeps them per process, which on a fresh instance makes the orchestrator recreate the schedule of
 * a running sprint (idempotent).
 */
public interface DailyScrumSchedules {
  boolean exists(String projectId, String scheduleName);

  void create(String projectId, String sprintId, String scheduleName, String cron);

  void delete(String projectId, String scheduleName);

  static DailyScrumSchedules inMemory() {
    Map<String, String> schedules = new ConcurrentHashMap<>(); // "project/name" -> cron
    return new DailyScrumSchedules() {
      @Override
      public boolean exists(String projectId, String scheduleName) {
        return schedules.containsKey(projectId + "/" + scheduleName);
      }

      @Override
      public void create(String projectId, String sprintId, String scheduleName, String cron) {
        schedules.put(projectId + "/" + scheduleName, cron);
      }

      @Override
      public void delete(String projectId, String scheduleName) {
        if (schedules.remove(projectId + "/" + scheduleName) == null) {
          throw new ActionRejectedException(
              "Daily scrum schedule " + scheduleName + " does not exist.");
        }
      }
    };
  }
}
