package org.dsm.orchestrator.core.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dsm.orchestrator.core.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The field names callers see: snake_case, honest, and unknown figures as null. */
class PatternJsonTest {

  @Test
  void dataQualityReportUsesHonestNames() throws Exception {
    var report = new DataQualityReport(true, 4, 40, 7.0, null, 0.9, "note", List.of());
    JsonNode json = Json.mapper().readTree(Json.write(report));

    assertThat(json.has("historical_sprints")).isTrue();
    assertThat(json.has("daily_scrum_reports")).isTrue();
    assertThat(json.get("avg_completed_tasks_per_sprint").asDouble()).isEqualTo(7.0);
    assertThat(json.get("common_team_velocity").isNull()).isTrue();
    assertThat(json.has("avg_completion_rate")).isFalse();
  }

  @Test
  void successIndicatorsKeepTheOriginalNamesAndShowUnknownsAsNull() throws Exception {
    JsonNode json =
        Json.mapper().readTree(Json.write(new SuccessIndicators(null, 2, 0.5, List.of())));

    assertThat(json.get("optimal_tasks_per_sprint").isNull()).isTrue();
    assertThat(json.get("recommended_sprint_duration").asInt()).isEqualTo(2);
    assertThat(json.get("success_probability").asDouble()).isEqualTo(0.5);
    assertThat(json.get("risk_factors").isArray()).isTrue();
  }
}
