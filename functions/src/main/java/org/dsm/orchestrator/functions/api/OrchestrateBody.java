package org.dsm.orchestrator.functions.api;

import java.util.Map;
import java.util.Set;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.UncappableAssignment;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.node.ObjectNode;

/**
 * Parses the body of {@code POST /orchestrate/project/{id}} strictly: a JSON object with at most
 * {@code action} and {@code options}; every option typed, unknown keys and duplicate keys rejected;
 * absent keys take the original service's defaults; an empty body means all defaults. Ranges and
 * the cron expression are checked by {@link OrchestrationOptions} itself, so every entry point
 * rejects the same values with the same message.
 */
final class OrchestrateBody {
  private static final Set<String> TOP_LEVEL = Set.of("action", "options");

  /** Each option and its JSON type; checked before any default is looked at. */
  private static final Map<String, String> OPTION_TYPES =
      Map.of(
          "create_sprint_if_needed",
          "boolean",
          "assign_tasks",
          "boolean",
          "create_cronjob",
          "boolean",
          "schedule",
          "string",
          "sprint_duration_weeks",
          "integer",
          "max_tasks_per_sprint",
          "integer",
          "enable_pattern_recognition",
          "boolean",
          "dry_run",
          "boolean",
          UncappableAssignment.OPTION,
          "string");

  // trailing tokens: Jackson stops after the first value, so "{..dry_run:true}{..false}" or "{}x"
  // would run with the first and drop the rest unread
  private static final ObjectReader READER =
      Json.mapper()
          .reader()
          .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private OrchestrateBody() {}

  static OrchestrationRequest parse(ProjectId projectId, String body) {
    if (body.isBlank()) {
      return new OrchestrationRequest(
          projectId, OrchestrationRequest.ANALYZE_AND_ORCHESTRATE, OrchestrationOptions.DEFAULTS);
    }
    JsonNode root = read(body);
    if (!(root instanceof ObjectNode object)) {
      throw new InvalidRequestException("request body must be a JSON object");
    }
    rejectUnknown(object, TOP_LEVEL, "");
    JsonNode action = object.get("action");
    if (action != null
        && !(action.isString()
            && OrchestrationRequest.ANALYZE_AND_ORCHESTRATE.equals(action.stringValue()))) {
      throw new InvalidRequestException(
          "action must be \"" + OrchestrationRequest.ANALYZE_AND_ORCHESTRATE + "\"");
    }
    return new OrchestrationRequest(
        projectId, OrchestrationRequest.ANALYZE_AND_ORCHESTRATE, options(object.get("options")));
  }

  private static JsonNode read(String body) {
    try {
      JsonNode node = READER.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new InvalidRequestException("request body is not valid JSON");
      }
      return node;
    } catch (JacksonException e) {
      // Jackson's own message names its classes and echoes input; say only where it broke.
      var location = e.getLocation();
      throw new InvalidRequestException(
          "request body is not valid JSON"
              + (location == null
                  ? ""
                  : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")"));
    }
  }

  private static OrchestrationOptions options(JsonNode node) {
    if (node == null) {
      return OrchestrationOptions.DEFAULTS;
    }
    if (!(node instanceof ObjectNode options)) {
      throw new InvalidRequestException("options must be a JSON object");
    }
    rejectUnknown(options, OPTION_TYPES.keySet(), "options.");
    options.properties().forEach(field -> checkType(field.getKey(), field.getValue()));
    OrchestrationOptions d = OrchestrationOptions.DEFAULTS;
    return new OrchestrationOptions(
        bool(options, "create_sprint_if_needed", d.createSprintIfNeeded()),
        bool(options, "assign_tasks", d.assignTasks()),
        bool(options, "create_cronjob", d.createCronjob()),
        text(options, "schedule", d.schedule()),
        integer(options, "sprint_duration_weeks", d.sprintDurationWeeks()),
        integer(options, "max_tasks_per_sprint", d.maxTasksPerSprint()),
        bool(options, "enable_pattern_recognition", d.enablePatternRecognition()),
        bool(options, "dry_run", d.dryRun()),
        UncappableAssignment.parse(
            text(options, UncappableAssignment.OPTION, d.onUncappableAssignment().value())));
  }

  private static void rejectUnknown(ObjectNode node, Set<String> known, String prefix) {
    for (String name : node.propertyNames()) {
      if (!known.contains(name)) {
        throw new InvalidRequestException(
            "unknown field "
                + prefix
                + abbreviate(name)
                + "; accepted: "
                + String.join(", ", known.stream().sorted().toList()));
      }
    }
  }

  private static void checkType(String field, JsonNode value) {
    String type = OPTION_TYPES.get(field);
    boolean ok =
        switch (type) {
          case "boolean" -> value.isBoolean();
          case "string" -> value.isString();
          default -> value.isIntegralNumber() && value.canConvertToInt();
        };
    if (!ok) {
      throw new InvalidRequestException(
          "options." + field + " must be " + (type.equals("integer") ? "an " : "a ") + type);
    }
  }

  private static boolean bool(ObjectNode node, String field, boolean fallback) {
    JsonNode value = node.get(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new InvalidRequestException("options." + field + " must be a boolean");
    }
    return value.booleanValue();
  }

  private static int integer(ObjectNode node, String field, int fallback) {
    JsonNode value = node.get(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new InvalidRequestException("options." + field + " must be an integer");
    }
    return value.intValue();
  }

  private static String text(ObjectNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    if (value == null) {
      return fallback;
    }
    if (!value.isString()) {
      throw new InvalidRequestException("options." + field + " must be a string");
    }
    return value.stringValue();
  }

  /** Field names come from the caller: keep error messages short. */
  static String abbreviate(String value) {
    if (value.length() <= 40 && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E)) {
      return value; // every request's method lands here for the log line: skip the regex
    }
    String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
    return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
  }
}
