package org.dsm.orchestrator.functions.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;
import org.dsm.orchestrator.core.data.memory.InMemoryDailyScrumSchedules;
import org.dsm.orchestrator.core.port.DailyScrumSchedules;

/**
 * The daily-scrum scheduler chosen by {@code DSM_SCHEDULER}. Each platform's adapter is built in
 * its own nested class, so the Kubernetes client and the AWS Scheduler SDK are loaded only when
 * that scheduler is configured (the Lambda start-up never touches fabric8, Knative never the SDK).
 */
public final class Schedulers {
  public static final String MEMORY = "memory";
  public static final String KUBERNETES = "kubernetes";
  public static final String AWS = "aws";

  private Schedulers() {}

  public static String kind(Settings s) {
    return s.choice(EnvironmentVariables.SCHEDULER, MEMORY, Set.of(MEMORY, KUBERNETES, AWS));
  }

  /**
   * An IANA zone name: a CronJob's spec.timeZone is loaded with Go's time.LoadLocation, which knows
   * no offsets ("+01:00", "GMT+1", "Z") — ZoneId.of takes those, and every CronJob create would
   * then fail with 422. SystemV/* are tzdb names Java keeps but current tz data has dropped.
   */
  public static ZoneId timeZone(Settings s) {
    String zone = s.text(EnvironmentVariables.SCHEDULE_TIME_ZONE, "UTC");
    if (!ZoneId.getAvailableZoneIds().contains(zone) || zone.startsWith("SystemV/")) {
      throw new IllegalStateException(
          EnvironmentVariables.SCHEDULE_TIME_ZONE
              + " must be an IANA time zone name such as UTC or Europe/Berlin (no offsets), got '"
              + zone
              + "'");
    }
    return ZoneId.of(zone);
  }

  public static DailyScrumSchedules create(Settings s) {
    ZoneId zone = timeZone(s);
    Duration timeout =
        Duration.ofMillis(s.integer(EnvironmentVariables.HTTP_TIMEOUT_MS, 2000, 100, 60_000));
    return switch (kind(s)) {
      case KUBERNETES -> Kubernetes.create(s, zone, timeout);
      case AWS -> Aws.create(s, zone);
      default -> new InMemoryDailyScrumSchedules();
    };
  }

  private static String required(Settings s, String name, String scheduler) {
    String value = s.text(name, null);
    if (value == null) {
      throw new IllegalStateException(
          name + " is required with " + EnvironmentVariables.SCHEDULER + "=" + scheduler);
    }
    return value;
  }

  private static final class Kubernetes {
    static DailyScrumSchedules create(Settings s, ZoneId zone, Duration timeout) {
      return org.dsm.orchestrator.schedules.kubernetes.KubernetesDailyScrumSchedules.connect(
          s.text(EnvironmentVariables.SCHEDULE_NAMESPACE, null),
          s.text(EnvironmentVariables.SCHEDULE_TARGET_URL, null),
          s.text(
              EnvironmentVariables.SCHEDULE_JOB_IMAGE,
              org.dsm.orchestrator.schedules.kubernetes.KubernetesDailyScrumSchedules.Settings
                  .DEFAULT_IMAGE),
          zone.getId(),
          timeout);
    }
  }

  private static final class Aws {
    static DailyScrumSchedules create(Settings s, ZoneId zone) {
      return org.dsm.orchestrator.schedules.aws.EventBridgeDailyScrumSchedules.connect(
          required(s, EnvironmentVariables.SCHEDULE_GROUP, AWS),
          required(s, EnvironmentVariables.SCHEDULE_TARGET_ARN, AWS),
          required(s, EnvironmentVariables.SCHEDULE_ROLE_ARN, AWS),
          zone);
    }
  }
}
