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
import org.dsm.orchestrator.core.error.ActionOutcomeUnknownException;
import org.dsm.orchestrator.core.error.DependencyRefusedException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.port.DailyScrumSchedule;
import org.dsm.orchestrator.core.port.DailyScrumSchedules;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
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

  /**
   * Put and delete make up to three calls each (create, update on a conflict, then a read-back when
   * one went unanswered; read, delete, read-back), each bounded by {@link #API_CALL_TIMEOUT}.
   */
  @Override
  public long worstCaseMs() {
    return 3 * API_CALL_TIMEOUT.toMillis();
  }

  /** Refuses (400) a cron expression that has no EventBridge form, before anything is created. */
  @Override
  public void validate(String cron) {
    EventBridgeCron.translate(cron);
  }

  @Override
  public void put(DailyScrumSchedule schedule) {
    write(schedule);
  }

  /**
   * CreateSchedule, and UpdateSchedule when the name exists. A call that went unanswered (timed
   * out, connection lost after sending, 5xx) may have been applied, so the schedule is read back
   * once: found as written, the write is done with a {@code readBack} saying so; otherwise (not
   * there, another version, or unreadable) the outcome is unknown, since a request that timed out
   * may still be applied. A retried CreateSchedule whose first attempt was applied is answered
   * success (its ClientToken, generated by the SDK once per call, makes it idempotent).
   */
  @Override
  public Outcome write(DailyScrumSchedule schedule) {
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
    String operation = "CreateSchedule";
    try {
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
        operation = "UpdateSchedule";
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
      return Outcome.ANSWERED;
    } catch (SdkException e) {
      String call = operation + " " + schedule.name();
      if (!mayHaveTakenEffect(e)) {
        throw failure(call, e);
      }
      GetScheduleResponse found;
      try {
        found = find(schedule.projectId(), schedule.name());
      } catch (SdkException unreadable) {
        throw unknown(
            call,
            e,
            "and the schedule could not be read back (" + shortMessage(unreadable) + ")",
            true);
      }
      if (found != null
          && expression.equals(found.scheduleExpression())
          && target.input().equals(found.target().input())
          && zone.getId().equals(found.scheduleExpressionTimezone())) {
        return new Outcome(
            true,
            gaveUp(call, e)
                + "; reading the schedule back showed it was "
                + (operation.equals("CreateSchedule") ? "created." : "replaced."));
      }
      throw unknown(
          call,
          e,
          "; reading the schedule back showed "
              + (found == null ? "no such schedule" : "another version of it")
              + ", but the request may still be in progress",
          true);
    }
  }

  @Override
  public boolean exists(String projectId, String name) {
    return call("read " + name, () -> find(projectId, name) != null);
  }

  @Override
  public boolean delete(String projectId, String name) {
    return remove(projectId, name).done();
  }

  /**
   * GetSchedule, then DeleteSchedule. The SDK retries an attempt that timed out; when that attempt
   * was applied, the retry is answered ResourceNotFoundException: the schedule found a moment ago
   * is gone, which is what was asked (by this call's first attempt, or another instance), never
   * "did not exist". A delete that went unanswered is read back once: gone is done, still there (or
   * unreadable) is unknown.
   */
  @Override
  public Outcome remove(String projectId, String name) {
    if (call("read " + name, () -> find(projectId, name)) == null) {
      return Outcome.NONE;
    }
    String call = "DeleteSchedule " + name;
    try {
      client.deleteSchedule(r -> r.name(name).groupName(group));
      return Outcome.ANSWERED;
    } catch (ResourceNotFoundException gone) {
      return new Outcome(
          true,
          SERVICE
              + " answered "
              + call
              + " with ResourceNotFoundException after GetSchedule had found it: it was deleted"
              + " (by an earlier attempt of this call, which the SDK retries when an attempt"
              + " times out, or by another instance).");
    } catch (SdkException e) {
      if (!mayHaveTakenEffect(e)) {
        throw failure(call, e);
      }
      GetScheduleResponse found;
      try {
        found = find(projectId, name);
      } catch (SdkException unreadable) {
        throw unknown(
            call,
            e,
            "and the schedule could not be read back (" + shortMessage(unreadable) + ")",
            false);
      }
      if (found == null) {
        return new Outcome(
            true, gaveUp(call, e) + "; reading the schedule back showed it was deleted.");
      }
      throw unknown(
          call,
          e,
          "; reading the schedule back showed it still exists, but the request may still be in"
              + " progress",
          false);
    }
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
      throw failure(what, e);
    }
  }

  /**
   * A failure after which nothing was written: a 4xx refusal (AccessDenied, Validation, a missing
   * group, a quota) is named as one with its status and error code; throttling, a connection never
   * made, or any failure of a read is the scheduler being unavailable.
   */
  private static org.dsm.orchestrator.core.error.OrchestratorException failure(
      String what, SdkException e) {
    if (e instanceof AwsServiceException service
        && service.statusCode() >= 400
        && service.statusCode() < 500
        && service.statusCode() != 429
        && !service.isThrottlingException()) {
      return new DependencyRefusedException(
          SERVICE,
          what
              + ": HTTP "
              + service.statusCode()
              + " "
              + (service.awsErrorDetails() == null
                  ? ""
                  : service.awsErrorDetails().errorCode() + " ")
              + shortMessage(e),
          e);
    }
    return new DependencyUnavailableException(
        SERVICE, "failure on schedule " + what + ": " + shortMessage(e), e);
  }

  /**
   * Whether a write that failed may have been applied: any attempt timed out, lost its connection
   * after sending, or was answered 5xx. A refused or unresolvable connection, a 4xx, and a
   * throttled request were not applied. The SDK attaches earlier attempts' failures as suppressed
   * exceptions, so an attempt that timed out is seen even when its retry was refused.
   */
  static boolean mayHaveTakenEffect(SdkException e) {
    if (applied(e)) {
      return true;
    }
    for (Throwable earlier : e.getSuppressed()) {
      if (applied(earlier)) {
        return true;
      }
    }
    return false;
  }

  private static boolean applied(Throwable failure) {
    if (failure instanceof SdkServiceException service) {
      return service.statusCode() >= 500;
    }
    if (failure instanceof ApiCallTimeoutException
        || failure instanceof ApiCallAttemptTimeoutException) {
      return true;
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.net.ConnectException
          || cause instanceof java.net.UnknownHostException
          || cause instanceof java.net.NoRouteToHostException) {
        return false; // never sent
      }
    }
    return failure instanceof SdkClientException; // an I/O failure after the request was sent
  }

  /** What the write got: no answer within the call's timeout, or a 5xx, or a broken connection. */
  private static String gaveUp(String call, SdkException e) {
    if (e instanceof SdkServiceException service) {
      return SERVICE + " answered HTTP " + service.statusCode() + " to " + call;
    }
    if (e instanceof ApiCallTimeoutException) {
      return SERVICE + " did not answer " + call + " within " + API_CALL_TIMEOUT.toMillis() + " ms";
    }
    return SERVICE + " did not answer " + call + " (" + shortMessage(e) + ")";
  }

  /**
   * In the words of a sprint write's unknown outcome. A schedule that was not written is found
   * missing and created by the project's next orchestration (its sprint is running without one).
   */
  private static ActionOutcomeUnknownException unknown(
      String call, SdkException e, String shows, boolean write) {
    return new ActionOutcomeUnknownException(
        SERVICE,
        gaveUp(call, e)
            + (shows.startsWith(";") ? "" : " ")
            + shows
            + ": the outcome of "
            + call
            + " is unknown"
            + (write
                ? "; the project's next orchestration finds the schedule"
                    + " or (create_cronjob) creates it."
                : "."),
        e);
  }

  private static String shortMessage(Exception e) {
    String message = String.valueOf(e.getMessage());
    return message.length() > 200 ? message.substring(0, 200) : message;
  }
}
