package org.dsm.orchestrator.functions.schedule;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.schedule.DailyScrumRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The daily-scrum event both schedulers send: a CloudEvent (structured mode on Lambda and from the
 * Kubernetes Job; binary mode over HTTP also works) of type {@value #TYPE} whose data names the
 * project and sprint:
 *
 * <pre>{@code
 * {"specversion": "1.0", "type": "org.dsm.orchestrator.daily-scrum", "source": "...", "id": "...",
 *  "time": "2026-12-07T14:00:00Z", "data": {"project_id": "TEST-001", "sprint_id": "TEST-001-S04"}}
 * }</pre>
 *
 * The run's date — half of the deduplication key — is {@code time} (EventBridge Scheduler fills in
 * the scheduled time) in the schedules' time zone, or today there when the event has no time.
 */
public final class DailyScrumEvents {
  public static final String TYPE = "org.dsm.orchestrator.daily-scrum";

  private final ZoneId zone;
  private final Clock clock;

  public DailyScrumEvents(ZoneId zone, Clock clock) {
    this.zone = zone;
    this.clock = clock;
  }

  /** A structured CloudEvent: attributes and {@code data} in one JSON object. */
  public DailyScrumRequest parseStructured(byte[] event) {
    JsonNode root = read(event);
    return request(root.path("data"), root.path("time"));
  }

  /** A binary-mode CloudEvent: the body is the data, the time comes from the ce-time header. */
  public DailyScrumRequest parseBinary(byte[] body, String timeHeader) {
    JsonNode data = read(body);
    return request(
        data, timeHeader == null ? null : Json.mapper().getNodeFactory().textNode(timeHeader));
  }

  private DailyScrumRequest request(JsonNode data, JsonNode time) {
    if (data == null || !data.isObject()) {
      throw new InvalidRequestException("daily-scrum event: data must be a JSON object");
    }
    JsonNode project = data.path("project_id");
    if (!project.isString()) {
      throw new InvalidRequestException("daily-scrum event: data.project_id is required");
    }
    JsonNode sprint = data.path("sprint_id");
    if (!sprint.isString()) {
      throw new InvalidRequestException("daily-scrum event: data.sprint_id is required");
    }
    return new DailyScrumRequest(
        ProjectId.of(project.stringValue()), sprint.stringValue(), date(time));
  }

  private LocalDate date(JsonNode time) {
    if (time == null || time.isMissingNode() || time.isNull()) {
      return LocalDate.now(clock.withZone(zone));
    }
    try {
      return OffsetDateTime.parse(Json.text(time)).atZoneSameInstant(zone).toLocalDate();
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(
          "daily-scrum event: time must be an RFC 3339 timestamp, e.g. 2026-12-07T14:00:00Z");
    }
  }

  private static JsonNode read(byte[] bytes) {
    try {
      JsonNode node = Json.mapper().readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new InvalidRequestException("daily-scrum event must be a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      throw new InvalidRequestException("daily-scrum event is not valid JSON");
    }
  }
}
