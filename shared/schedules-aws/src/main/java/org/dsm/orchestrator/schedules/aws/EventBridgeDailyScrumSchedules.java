package org.dsm.orchestrator.schedules.aws;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.core.port.DailyScrumSchedules;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.SchedulerClientBuilder;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindow;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.GetScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.RetryPolicy;
import software.amazon.awssdk.services.scheduler.model.ScheduleState;
import software.amazon.awssdk.services.scheduler.model.ScheduleSummary;
import software.amazon.awssdk.services.scheduler.model.Target;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Daily-scrum schedules in EventBridge Scheduler: one schedule per sprint in one schedule group,
 * named as the decision engine names them, invoking the {@code orchestrate} function with the
 * daily-scrum CloudEvent (the function calls the sprint service's run-daily-scrum and deduplicates
 * per sprint and date, since Scheduler delivers at least once).
 *
 * <p>Schedules cannot be tagged, so the project and sprint travel in the target's input (read back
 * by {@code GetSchedule}), and listing a project narrows by name prefix within the group. Calls
 * made: CreateSchedule, UpdateSchedule (replace), GetSchedule, DeleteSchedule, ListSchedules — the
 * template grants exactly these, plus iam:PassRole for the role the schedules assume.
 */
public final class EventBridgeDailyScrumSchedules implements DailyScrumSchedules, AutoCloseable {
  public static final String EVENT_TYPE = "org.dsm.orchestrator.daily-scrum";
  static final String SERVICE = "scheduler";

  /**
   * Each call of a client from {@link #connect}, retries included (the SDK sets no limit, and its
   * URL-connection client waits 30 s per read): bounded so an orchestration knows how long a
   * schedule may take before it starts one.
   */
  public static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(5);

  public static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);

  private final SchedulerClient client;
  private final String group;
  private final String targetArn;
  private final String roleArn;
  private final ZoneId zone;

  public EventBridgeDailyScrumSchedules(
      SchedulerClient client, String group, String targetArn, String roleArn, ZoneId zone) {
    this.client = Objects.requireNonNull(client, "client");
    this.group = Objects.requireNonNull(group, "group");
    this.targetArn = Objects.requireNonNull(targetArn, "targetArn");
    this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /**
   * A client with the SDK's standard region and credentials chain (on Lambda: the function's role)
   * and the small URL-connection HTTP client. The endpoint can be redirected the SDK's standard way
   * ({@code AWS_ENDPOINT_URL_SCHEDULER}), which the tests use.
   */
  public static EventBridgeDailyScrumSchedules connect(
      String group, String targetArn, String roleArn, ZoneId zone) {
    return new EventBridgeDailyScrumSchedules(builder().build(), group, targetArn, roleArn, zone);
  }

  static SchedulerClientBuilder builder() {
    return SchedulerClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(
            c ->
                c.apiCallTimeout(API_CALL_TIMEOUT).apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT));
  }

  /** Put and delete make two calls each (create then update; read then delete). */
  @Override
  public long worstCaseMs() {
    return 2 * API_CALL_TIMEOUT.toMillis();
  }

  /** Refuses (400) a cron expression that has no EventBridge form, before anything is created. */
  @Override
  public void validate(String cron) {
    EventBridgeCron.translate(cron);
  }

  @Override
  public void put(DailyScrumSchedule schedule) {
    String expression = EventBridgeCron.translate(schedule.cron());
    Target target =
        Target.builder()
            .arn(targetArn)
            .roleArn(roleArn)
            .input(input(schedule))
            // redelivery is the function's to dedupe; an hour late is no longer that day's scrum
            .retryPolicy(
                RetryPolicy.builder()
                    .maximumRetryAttempts(3)
                    .maximumEventAgeInSeconds(3600)
                    .build())
            .build();
    FlexibleTimeWindow exact =
        FlexibleTimeWindow.builder().mode(FlexibleTimeWindowMode.OFF).build();
    String description =
        "Daily scrum of sprint " + schedule.sprintId() + " (project " + schedule.projectId() + ")";
    call(
        "create " + schedule.name(),
        () -> {
          try {
            client.createSchedule(
                r ->
                    r.name(schedule.name())
                        .groupName(group)
                        .scheduleExpression(expression)
                        .scheduleExpressionTimezone(zone.getId())
                        .flexibleTimeWindow(exact)
                        .target(target)
                        .state(ScheduleState.ENABLED)
                        .actionAfterCompletion(ActionAfterCompletion.NONE)
                        .description(description));
          } catch (ConflictException exists) {
            client.updateSchedule(
                r ->
                    r.name(schedule.name())
                        .groupName(group)
                        .scheduleExpression(expression)
                        .scheduleExpressionTimezone(zone.getId())
                        .flexibleTimeWindow(exact)
                        .target(target)
                        .state(ScheduleState.ENABLED)
                        .actionAfterCompletion(ActionAfterCompletion.NONE)
                        .description(description));
          }
          return null;
        });
  }

  @Override
  public boolean exists(String projectId, String name) {
    return call("read " + name, () -> find(projectId, name) != null);
  }

  @Override
  public boolean delete(String projectId, String name) {
    return call(
        "delete " + name,
        () -> {
          if (find(projectId, name) == null) {
            return false;
          }
          try {
            client.deleteSchedule(r -> r.name(name).groupName(group));
            return true;
          } catch (ResourceNotFoundException gone) {
            return false; // deleted by someone else in between
          }
        });
  }

  @Override
  public List<DailyScrumSchedule> list(String projectId) {
    return call(
        "list " + projectId,
        () -> {
          List<DailyScrumSchedule> schedules = new ArrayList<>();
          for (ScheduleSummary summary :
              client
                  .listSchedulesPaginator(r -> r.groupName(group).namePrefix(namePrefix(projectId)))
                  .schedules()) {
            GetScheduleResponse found = find(projectId, summary.name());
            if (found != null) {
              schedules.add(toSchedule(projectId, found));
            }
          }
          schedules.sort(Comparator.comparing(DailyScrumSchedule::name));
          return schedules;
        });
  }

  @Override
  public String kind() {
    return "aws";
  }

  @Override
  public void close() {
    client.close();
  }

  /** The schedule when it exists and belongs to the project, else null. */
  private GetScheduleResponse find(String projectId, String name) {
    try {
      GetScheduleResponse found = client.getSchedule(r -> r.name(name).groupName(group));
      JsonNode data = data(found);
      return data != null && projectId.equals(Json.textOrNull(data.path("project_id")))
          ? found
          : null;
    } catch (ResourceNotFoundException e) {
      return null;
    }
  }

  private DailyScrumSchedule toSchedule(String projectId, GetScheduleResponse found) {
    return new DailyScrumSchedule(
        found.name(), projectId, Json.text(data(found).path("sprint_id")), cronOf(found));
  }

  /** The original 5-field cron, kept in the input next to the translated expression. */
  private static String cronOf(GetScheduleResponse found) {
    JsonNode data = data(found);
    JsonNode cron = data == null ? null : data.path("cron");
    return cron == null || cron.isNull() ? "" : Json.text(cron);
  }

  private static JsonNode data(GetScheduleResponse found) {
    if (found.target() == null || found.target().input() == null) {
      return null;
    }
    try {
      JsonNode event = Json.mapper().readTree(found.target().input());
      return EVENT_TYPE.equals(Json.text(event.path("type"))) ? event.path("data") : null;
    } catch (JacksonException e) {
      return null; // not one of ours
    }
  }

  /**
   * The daily-scrum CloudEvent. Scheduler replaces the {@code <aws.scheduler.*>} placeholders on
   * each delivery: the id is the execution id, which AWS documents as unique per attempted
   * invocation (a retry gets a new one), so it cannot deduplicate; the time is the scheduled time,
   * the same on every attempt, from which the function takes the run's date, half of its
   * deduplication key (sprint, date).
   */
  String input(DailyScrumSchedule schedule) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("project_id", schedule.projectId());
    data.put("sprint_id", schedule.sprintId());
    data.put("cron", schedule.cron());
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("specversion", "1.0");
    event.put("type", EVENT_TYPE);
    event.put("source", "<aws.scheduler.schedule-arn>");
    event.put("id", "<aws.scheduler.execution-id>");
    event.put("time", "<aws.scheduler.scheduled-time>");
    event.put("datacontenttype", "application/json");
    event.put("data", data);
    return Json.write(event);
  }

  /**
   * A prefix of every name {@link ScheduleNames#dailyScrum} gives the project's sprints: its first
   * 40 characters, without trailing dashes, since a name cut for its hash drops the dashes at the
   * cut ("run-dailyscrum-aaa--" would miss "run-dailyscrum-aaa-1a2b3c4d").
   */
  static String namePrefix(String projectId) {
    String project = projectId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    String prefix = ScheduleNames.PREFIX + project;
    prefix = prefix.length() > 40 ? prefix.substring(0, 40) : prefix;
    return prefix.replaceAll("-+$", "");
  }

  private static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      String message = String.valueOf(e.getMessage());
      throw new DependencyUnavailableException(
          SERVICE,
          "failure on schedule "
              + what
              + ": "
              + (message.length() > 200 ? message.substring(0, 200) : message),
          e);
    }
  }
}
