package org.dsm.orchestrator.core.data.memory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.core.port.DailyScrumSchedules;

/**
 * Schedules kept in this process only: nothing runs them, and a new instance starts without them
 * (so the orchestrator recreates the schedule of a running sprint there). For the embedded demo and
 * tests; a deployment uses the Kubernetes or AWS scheduler.
 */
public final class InMemoryDailyScrumSchedules implements DailyScrumSchedules {
  private final Map<String, DailyScrumSchedule> schedules = new ConcurrentHashMap<>();

  @Override
  public void put(DailyScrumSchedule schedule) {
    schedules.put(schedule.name(), schedule);
  }

  @Override
  public boolean exists(String projectId, String name) {
    DailyScrumSchedule schedule = schedules.get(name);
    return schedule != null && schedule.projectId().equals(projectId);
  }

  @Override
  public boolean delete(String projectId, String name) {
    boolean[] deleted = {false};
    schedules.computeIfPresent(
        name,
        (key, schedule) -> {
          deleted[0] = schedule.projectId().equals(projectId);
          return deleted[0] ? null : schedule;
        });
    return deleted[0];
  }

  @Override
  public List<DailyScrumSchedule> list(String projectId) {
    return schedules.values().stream()
        .filter(s -> s.projectId().equals(projectId))
        .sorted(java.util.Comparator.comparing(DailyScrumSchedule::name))
        .toList();
  }

  @Override
  public String kind() {
    return "memory";
  }
}
