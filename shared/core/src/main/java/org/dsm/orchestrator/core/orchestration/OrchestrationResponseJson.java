package org.dsm.orchestrator.core.orchestration;

import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import org.dsm.orchestrator.core.domain.AvailabilityConflict;
import org.dsm.orchestrator.core.domain.TeamAvailability;
import org.dsm.orchestrator.core.invocation.InvocationInfo;
import org.dsm.orchestrator.core.json.JsonNumbers;
import org.dsm.orchestrator.core.monitor.ComponentTiming;
import org.dsm.orchestrator.core.monitor.OperationStats;
import org.dsm.orchestrator.core.monitor.ResourceUsage;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.Analysis;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.Decisions;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.HistoricalContext;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.IntelligenceMetadata;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.PatternAnalysisView;
import org.dsm.orchestrator.core.orchestration.OrchestrationResponse.PerformanceMetrics;
import org.dsm.orchestrator.core.pattern.DataQualityReport;
import org.dsm.orchestrator.core.pattern.SimilarProject;
import org.dsm.orchestrator.core.pattern.SuccessIndicators;
import org.dsm.orchestrator.core.pattern.VelocityTrend;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * The orchestration response written field by field, in the records' component order and with their
 * snake_case names: the bytes the API's Jackson mapping writes (OrchestrationResponseJsonTest
 * compares the two over generated responses), without its reflection per property. Writing the 5 KB
 * body through the mapping was a fifth of the HTTP app's CPU per request on JDK 25 under C1
 * (docs/results/BENCHMARKS-changes.md). A new component must be added here too; the test fails
 * until it is.
 */
final class OrchestrationResponseJson {
  // names quoted and encoded once, as Jackson's own property writers keep them
  private static final SerializedString PROJECT_ID = new SerializedString("project_id");
  private static final SerializedString CRONJOB_NAME = new SerializedString("cronjob_name");
  private static final SerializedString SPRINT_ID = new SerializedString("sprint_id");
  private static final SerializedString DRY_RUN = new SerializedString("dry_run");
  private static final SerializedString BACKLOG_TASKS = new SerializedString("backlog_tasks");
  private static final SerializedString UNASSIGNED_TASKS = new SerializedString("unassigned_tasks");
  private static final SerializedString ACTIVE_SPRINTS = new SerializedString("active_sprints");
  private static final SerializedString TEAM_SIZE = new SerializedString("team_size");
  private static final SerializedString STATUS = new SerializedString("status");
  private static final SerializedString TYPE = new SerializedString("type");
  private static final SerializedString DATE = new SerializedString("date");
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString DETAILS = new SerializedString("details");
  private static final SerializedString INSIGHTS_SUMMARY = new SerializedString("insights_summary");
  private static final SerializedString SIMILARITY_SCORE = new SerializedString("similarity_score");
  private static final SerializedString COMPLETION_RATE = new SerializedString("completion_rate");
  private static final SerializedString AVG_SPRINT_DURATION =
      new SerializedString("avg_sprint_duration");
  private static final SerializedString CURRENT_TEAM_VELOCITY =
      new SerializedString("current_team_velocity");
  private static final SerializedString TREND_DIRECTION = new SerializedString("trend_direction");
  private static final SerializedString CONFIDENCE = new SerializedString("confidence");
  private static final SerializedString PATTERN_NOTE = new SerializedString("pattern_note");
  private static final SerializedString SUCCESS_PROBABILITY =
      new SerializedString("success_probability");
  private static final SerializedString DATA_AVAILABLE = new SerializedString("data_available");
  private static final SerializedString HISTORICAL_SPRINTS =
      new SerializedString("historical_sprints");
  private static final SerializedString DAILY_SCRUM_REPORTS =
      new SerializedString("daily_scrum_reports");
  private static final SerializedString DATA_QUALITY_SCORE =
      new SerializedString("data_quality_score");
  private static final SerializedString OBSERVATION_NOTE = new SerializedString("observation_note");
  private static final SerializedString CREATE_NEW_SPRINT =
      new SerializedString("create_new_sprint");
  private static final SerializedString TASKS_TO_ASSIGN = new SerializedString("tasks_to_assign");
  private static final SerializedString CRONJOB_CREATED = new SerializedString("cronjob_created");
  private static final SerializedString REASONING = new SerializedString("reasoning");
  private static final SerializedString SPRINT_CLOSURE_TRIGGERED =
      new SerializedString("sprint_closure_triggered");
  private static final SerializedString CRONJOB_DELETED = new SerializedString("cronjob_deleted");
  private static final SerializedString SPRINT_NAME = new SerializedString("sprint_name");
  private static final SerializedString SPRINT_ID_TO_CLOSE =
      new SerializedString("sprint_id_to_close");
  private static final SerializedString CONFIDENCE_SCORE = new SerializedString("confidence_score");
  private static final SerializedString HISTORICAL_DATA_POINTS =
      new SerializedString("historical_data_points");
  private static final SerializedString SIMILAR_PROJECTS_ANALYZED =
      new SerializedString("similar_projects_analyzed");
  private static final SerializedString PREDICTION_CONFIDENCE =
      new SerializedString("prediction_confidence");
  private static final SerializedString DATA_FRESHNESS_HOURS =
      new SerializedString("data_freshness_hours");
  private static final SerializedString OPERATION = new SerializedString("operation");
  private static final SerializedString TOTAL_CALLS = new SerializedString("total_calls");
  private static final SerializedString SUCCESSFUL_CALLS = new SerializedString("successful_calls");
  private static final SerializedString AVG_DURATION_MS = new SerializedString("avg_duration_ms");
  private static final SerializedString MAX_DURATION_MS = new SerializedString("max_duration_ms");
  private static final SerializedString MIN_DURATION_MS = new SerializedString("min_duration_ms");
  private static final SerializedString SUCCESS_RATE = new SerializedString("success_rate");
  private static final SerializedString P50_DURATION_MS = new SerializedString("p50_duration_ms");
  private static final SerializedString P95_DURATION_MS = new SerializedString("p95_duration_ms");
  private static final SerializedString P99_DURATION_MS = new SerializedString("p99_duration_ms");
  private static final SerializedString MEMORY_USAGE_MB = new SerializedString("memory_usage_mb");
  private static final SerializedString MEMORY_INCREASE_MB =
      new SerializedString("memory_increase_mb");
  private static final SerializedString CPU_PERCENT = new SerializedString("cpu_percent");
  private static final SerializedString OPEN_FILES = new SerializedString("open_files");
  private static final SerializedString THREADS = new SerializedString("threads");
  private static final SerializedString CPU_TIME_MS = new SerializedString("cpu_time_ms");
  private static final SerializedString HEAP_USED_MB = new SerializedString("heap_used_mb");
  private static final SerializedString MEMORY_LIMIT_MB = new SerializedString("memory_limit_mb");
  private static final SerializedString MEMORY_WORKING_SET_MB =
      new SerializedString("memory_working_set_mb");
  private static final SerializedString CPU_LIMIT_CORES = new SerializedString("cpu_limit_cores");
  private static final SerializedString CPU_THROTTLED_PERCENT =
      new SerializedString("cpu_throttled_percent");
  private static final SerializedString PROCESS_PEAK_MEMORY_MIB =
      new SerializedString("process_peak_memory_mib");
  private static final SerializedString CONTAINER_PEAK_MEMORY_MIB =
      new SerializedString("container_peak_memory_mib");
  private static final SerializedString INVOCATION_ID = new SerializedString("invocation_id");
  private static final SerializedString FUNCTION = new SerializedString("function");
  private static final SerializedString PLATFORM = new SerializedString("platform");
  private static final SerializedString TRIGGER = new SerializedString("trigger");
  private static final SerializedString COLD_START = new SerializedString("cold_start");
  private static final SerializedString TOTAL_DURATION_MS =
      new SerializedString("total_duration_ms");
  private static final SerializedString DURATION_MS = new SerializedString("duration_ms");
  private static final SerializedString SUCCESS = new SerializedString("success");
  private static final SerializedString ERROR_TYPE = new SerializedString("error_type");
  private static final SerializedString ANALYSIS = new SerializedString("analysis");
  private static final SerializedString DECISIONS = new SerializedString("decisions");
  private static final SerializedString ACTIONS_TAKEN = new SerializedString("actions_taken");
  private static final SerializedString PLANNED_ACTIONS = new SerializedString("planned_actions");
  private static final SerializedString PERFORMANCE_METRICS =
      new SerializedString("performance_metrics");
  private static final SerializedString INVOCATION = new SerializedString("invocation");
  private static final SerializedString TEAM_AVAILABILITY =
      new SerializedString("team_availability");
  private static final SerializedString HISTORICAL_CONTEXT =
      new SerializedString("historical_context");
  private static final SerializedString PATTERN_ANALYSIS = new SerializedString("pattern_analysis");
  private static final SerializedString DATA_QUALITY_REPORT =
      new SerializedString("data_quality_report");
  private static final SerializedString SIMILAR_PROJECTS = new SerializedString("similar_projects");
  private static final SerializedString VELOCITY_TRENDS = new SerializedString("velocity_trends");
  private static final SerializedString SUCCESS_INDICATORS =
      new SerializedString("success_indicators");
  private static final SerializedString KEY_SUCCESS_FACTORS =
      new SerializedString("key_success_factors");
  private static final SerializedString HISTORICAL_RANGE = new SerializedString("historical_range");
  private static final SerializedString OPTIMAL_TASKS_PER_SPRINT =
      new SerializedString("optimal_tasks_per_sprint");
  private static final SerializedString RECOMMENDED_SPRINT_DURATION =
      new SerializedString("recommended_sprint_duration");
  private static final SerializedString RISK_FACTORS = new SerializedString("risk_factors");
  private static final SerializedString AVG_COMPLETED_TASKS_PER_SPRINT =
      new SerializedString("avg_completed_tasks_per_sprint");
  private static final SerializedString COMMON_TEAM_VELOCITY =
      new SerializedString("common_team_velocity");
  private static final SerializedString RECOMMENDATIONS = new SerializedString("recommendations");
  private static final SerializedString WARNINGS = new SerializedString("warnings");
  private static final SerializedString DATA_DRIVEN_ADJUSTMENTS =
      new SerializedString("data_driven_adjustments");
  private static final SerializedString INTELLIGENCE_METADATA =
      new SerializedString("intelligence_metadata");
  private static final SerializedString TOTAL_ORCHESTRATION =
      new SerializedString("total_orchestration");
  private static final SerializedString RESOURCE_USAGE = new SerializedString("resource_usage");
  private static final SerializedString PERFORMANCE_THRESHOLD_MET =
      new SerializedString("performance_threshold_met");
  private static final SerializedString COMPONENTS = new SerializedString("components");
  private static final SerializedString INIT_DURATION_MS = new SerializedString("init_duration_ms");
  private static final SerializedString CONFLICTS = new SerializedString("conflicts");

  private OrchestrationResponseJson() {}

  static void write(OrchestrationResponse r, JsonGenerator g) {
    g.writeStartObject();
    field(g, PROJECT_ID, r.projectId());
    object(g, ANALYSIS, r.analysis(), OrchestrationResponseJson::analysis);
    object(g, DECISIONS, r.decisions(), OrchestrationResponseJson::decisions);
    strings(g, ACTIONS_TAKEN, r.actionsTaken());
    strings(g, PLANNED_ACTIONS, r.plannedActions());
    field(g, CRONJOB_NAME, r.cronjobName());
    field(g, SPRINT_ID, r.sprintId());
    field(g, DRY_RUN, r.dryRun());
    object(g, PERFORMANCE_METRICS, r.performanceMetrics(), OrchestrationResponseJson::performance);
    object(g, INVOCATION, r.invocation(), OrchestrationResponseJson::invocation);
    g.writeEndObject();
  }

  private static void analysis(Analysis a, JsonGenerator g) {
    field(g, BACKLOG_TASKS, a.backlogTasks());
    field(g, UNASSIGNED_TASKS, a.unassignedTasks());
    field(g, ACTIVE_SPRINTS, a.activeSprints());
    field(g, TEAM_SIZE, a.teamSize());
    object(g, TEAM_AVAILABILITY, a.teamAvailability(), OrchestrationResponseJson::availability);
    object(g, HISTORICAL_CONTEXT, a.historicalContext(), OrchestrationResponseJson::history);
  }

  private static void availability(TeamAvailability t, JsonGenerator g) {
    field(g, STATUS, t.status());
    array(g, CONFLICTS, t.conflicts(), OrchestrationResponseJson::conflict);
  }

  private static void conflict(AvailabilityConflict c, JsonGenerator g) {
    field(g, TYPE, c.type());
    field(g, DATE, c.date());
    field(g, NAME, c.name());
    field(g, DETAILS, c.details());
  }

  private static void history(HistoricalContext h, JsonGenerator g) {
    field(g, STATUS, h.status());
    object(g, PATTERN_ANALYSIS, h.patternAnalysis(), OrchestrationResponseJson::patterns);
    field(g, INSIGHTS_SUMMARY, h.insightsSummary());
    object(g, DATA_QUALITY_REPORT, h.dataQualityReport(), OrchestrationResponseJson::quality);
  }

  private static void patterns(PatternAnalysisView p, JsonGenerator g) {
    array(g, SIMILAR_PROJECTS, p.similarProjects(), OrchestrationResponseJson::similar);
    object(g, VELOCITY_TRENDS, p.velocityTrends(), OrchestrationResponseJson::velocity);
    object(g, SUCCESS_INDICATORS, p.successIndicators(), OrchestrationResponseJson::success);
    object(g, PERFORMANCE_METRICS, p.performanceMetrics(), OrchestrationResponseJson::stats);
  }

  private static void similar(SimilarProject s, JsonGenerator g) {
    field(g, PROJECT_ID, s.projectId());
    field(g, SIMILARITY_SCORE, s.similarityScore());
    field(g, TEAM_SIZE, s.teamSize());
    field(g, COMPLETION_RATE, s.completionRate());
    field(g, AVG_SPRINT_DURATION, s.avgSprintDuration());
    strings(g, KEY_SUCCESS_FACTORS, s.keySuccessFactors());
  }

  private static void velocity(VelocityTrend v, JsonGenerator g) {
    field(g, CURRENT_TEAM_VELOCITY, v.currentTeamVelocity());
    list(g, HISTORICAL_RANGE, v.historicalRange(), OrchestrationResponseJson::number);
    field(g, TREND_DIRECTION, v.trendDirection());
    field(g, CONFIDENCE, v.confidence());
    field(g, PATTERN_NOTE, v.patternNote());
  }

  private static void success(SuccessIndicators s, JsonGenerator g) {
    field(g, OPTIMAL_TASKS_PER_SPRINT, s.optimalTasksPerSprint());
    field(g, RECOMMENDED_SPRINT_DURATION, s.recommendedSprintDuration());
    field(g, SUCCESS_PROBABILITY, s.successProbability());
    strings(g, RISK_FACTORS, s.riskFactors());
  }

  private static void quality(DataQualityReport q, JsonGenerator g) {
    field(g, DATA_AVAILABLE, q.dataAvailable());
    field(g, HISTORICAL_SPRINTS, q.historicalSprints());
    field(g, DAILY_SCRUM_REPORTS, q.dailyScrumReports());
    field(g, AVG_COMPLETED_TASKS_PER_SPRINT, q.avgCompletedTasksPerSprint());
    field(g, COMMON_TEAM_VELOCITY, q.commonTeamVelocity());
    field(g, DATA_QUALITY_SCORE, q.dataQualityScore());
    field(g, OBSERVATION_NOTE, q.observationNote());
    strings(g, RECOMMENDATIONS, q.recommendations());
  }

  private static void decisions(Decisions d, JsonGenerator g) {
    field(g, CREATE_NEW_SPRINT, d.createNewSprint());
    field(g, TASKS_TO_ASSIGN, d.tasksToAssign());
    field(g, CRONJOB_CREATED, d.cronjobCreated());
    field(g, REASONING, d.reasoning());
    strings(g, WARNINGS, d.warnings());
    field(g, SPRINT_CLOSURE_TRIGGERED, d.sprintClosureTriggered());
    field(g, CRONJOB_DELETED, d.cronjobDeleted());
    field(g, SPRINT_NAME, d.sprintName());
    field(g, SPRINT_ID_TO_CLOSE, d.sprintIdToClose());
    field(g, SPRINT_ID, d.sprintId());
    field(g, CONFIDENCE_SCORE, d.confidenceScore());
    g.writeName(DATA_DRIVEN_ADJUSTMENTS);
    // free-form values: the mapping writes them (an empty map, the usual case, needs no lookup)
    Map<String, Object> adjustments = d.dataDrivenAdjustments();
    if (adjustments != null && adjustments.isEmpty()) {
      g.writeStartObject();
      g.writeEndObject();
    } else {
      g.writePOJO(adjustments);
    }
    object(g, INTELLIGENCE_METADATA, d.intelligenceMetadata(), OrchestrationResponseJson::metadata);
  }

  private static void metadata(IntelligenceMetadata m, JsonGenerator g) {
    field(g, HISTORICAL_DATA_POINTS, m.historicalDataPoints());
    field(g, SIMILAR_PROJECTS_ANALYZED, m.similarProjectsAnalyzed());
    field(g, PREDICTION_CONFIDENCE, m.predictionConfidence());
    field(g, DATA_FRESHNESS_HOURS, m.dataFreshnessHours());
  }

  private static void performance(PerformanceMetrics p, JsonGenerator g) {
    object(g, PATTERN_ANALYSIS, p.patternAnalysis(), OrchestrationResponseJson::stats);
    object(g, TOTAL_ORCHESTRATION, p.totalOrchestration(), OrchestrationResponseJson::stats);
    object(g, RESOURCE_USAGE, p.resourceUsage(), OrchestrationResponseJson::resources);
    g.writeName(PERFORMANCE_THRESHOLD_MET);
    Map<String, Boolean> met = p.performanceThresholdMet();
    if (met == null) {
      g.writeNull();
    } else {
      g.writeStartObject();
      for (Map.Entry<String, Boolean> e : met.entrySet()) {
        g.writeName(e.getKey());
        if (e.getValue() == null) {
          g.writeNull();
        } else {
          g.writeBoolean(e.getValue());
        }
      }
      g.writeEndObject();
    }
  }

  private static void stats(OperationStats s, JsonGenerator g) {
    field(g, OPERATION, s.operation());
    field(g, TOTAL_CALLS, s.totalCalls());
    field(g, SUCCESSFUL_CALLS, s.successfulCalls());
    field(g, AVG_DURATION_MS, s.avgDurationMs());
    field(g, MAX_DURATION_MS, s.maxDurationMs());
    field(g, MIN_DURATION_MS, s.minDurationMs());
    field(g, SUCCESS_RATE, s.successRate());
    field(g, P50_DURATION_MS, s.p50DurationMs());
    field(g, P95_DURATION_MS, s.p95DurationMs());
    field(g, P99_DURATION_MS, s.p99DurationMs());
  }

  private static void resources(ResourceUsage u, JsonGenerator g) {
    field(g, MEMORY_USAGE_MB, u.memoryUsageMb());
    field(g, MEMORY_INCREASE_MB, u.memoryIncreaseMb());
    field(g, CPU_PERCENT, u.cpuPercent());
    field(g, OPEN_FILES, u.openFiles());
    field(g, THREADS, u.threads());
    field(g, CPU_TIME_MS, u.cpuTimeMs());
    field(g, HEAP_USED_MB, u.heapUsedMb());
    field(g, MEMORY_LIMIT_MB, u.memoryLimitMb());
    field(g, MEMORY_WORKING_SET_MB, u.memoryWorkingSetMb());
    field(g, CPU_LIMIT_CORES, u.cpuLimitCores());
    field(g, CPU_THROTTLED_PERCENT, u.cpuThrottledPercent());
    field(g, PROCESS_PEAK_MEMORY_MIB, u.processPeakMemoryMib());
    field(g, CONTAINER_PEAK_MEMORY_MIB, u.containerPeakMemoryMib());
  }

  private static void invocation(InvocationInfo i, JsonGenerator g) {
    field(g, INVOCATION_ID, i.invocationId());
    field(g, FUNCTION, i.function());
    field(g, PLATFORM, i.platform());
    field(g, TRIGGER, i.trigger());
    field(g, COLD_START, i.coldStart());
    field(g, TOTAL_DURATION_MS, i.totalDurationMs());
    array(g, COMPONENTS, i.components(), OrchestrationResponseJson::timing);
    field(g, INIT_DURATION_MS, i.initDurationMs());
  }

  private static void timing(ComponentTiming c, JsonGenerator g) {
    field(g, OPERATION, c.operation());
    field(g, DURATION_MS, c.durationMs());
    field(g, SUCCESS, c.success());
    field(g, ERROR_TYPE, c.errorType());
  }

  /** Writes one value: an object's fields, or one array element. */
  private interface Writer<T> {
    void write(T value, JsonGenerator g);
  }

  /** A named object, or null: the mapping writes a null component as null. */
  private static <T> void object(
      JsonGenerator g, SerializableString name, T value, Writer<T> fields) {
    g.writeName(name);
    object(g, value, fields);
  }

  private static <T> void object(JsonGenerator g, T value, Writer<T> fields) {
    if (value == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    fields.write(value, g);
    g.writeEndObject();
  }

  private static <T> void array(
      JsonGenerator g, SerializableString name, List<T> values, Writer<T> fields) {
    list(g, name, values, (value, generator) -> object(generator, value, fields));
  }

  private static <T> void list(
      JsonGenerator g, SerializableString name, List<T> values, Writer<T> element) {
    g.writeName(name);
    if (values == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    if (values instanceof RandomAccess) { // the records' lists are: no iterator per list
      for (int i = 0; i < values.size(); i++) {
        element.write(values.get(i), g);
      }
    } else {
      for (T value : values) {
        element.write(value, g);
      }
    }
    g.writeEndArray();
  }

  private static void field(JsonGenerator g, SerializableString name, String value) {
    g.writeName(name);
    g.writeString(value);
  }

  private static void field(JsonGenerator g, SerializableString name, int value) {
    g.writeName(name);
    g.writeNumber(value);
  }

  private static void field(JsonGenerator g, SerializableString name, long value) {
    g.writeName(name);
    g.writeNumber(value);
  }

  private static void field(JsonGenerator g, SerializableString name, double value) {
    g.writeName(name);
    JsonNumbers.writeDouble(g, value);
  }

  private static void field(JsonGenerator g, SerializableString name, boolean value) {
    g.writeName(name);
    g.writeBoolean(value);
  }

  private static void strings(JsonGenerator g, SerializableString name, List<String> values) {
    list(g, name, values, (value, generator) -> generator.writeString(value));
  }

  private static void field(JsonGenerator g, SerializableString name, Integer value) {
    g.writeName(name);
    if (value == null) {
      g.writeNull();
    } else {
      g.writeNumber(value.intValue());
    }
  }

  private static void field(JsonGenerator g, SerializableString name, Double value) {
    g.writeName(name);
    number(value, g);
  }

  private static void number(Double value, JsonGenerator g) {
    if (value == null) {
      g.writeNull();
    } else {
      JsonNumbers.writeDouble(g, value.doubleValue());
    }
  }
}
