package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A regression check prints one {@code Regressions} point per run (a report on request, the
 * benchmark once a day by default), and none in between. With {@code notBreaching} the alarm would
 * go back to OK one period after a check found regressions, although nothing said they cleared;
 * with {@code ignore} it keeps the latest check's verdict until the next check prints 0 or more.
 */
class RegressionAlarmStateTest {

  private static Map<String, JsonNode> regressionAlarms() {
    Map<String, JsonNode> alarms = new TreeMap<>();
    DeployFiles.templateJson()
        .path("Resources")
        .fields()
        .forEachRemaining(
            resource -> {
              JsonNode properties = resource.getValue().path("Properties");
              if (resource.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")
                  && properties.path("MetricName").asText().equals("Regressions")) {
                alarms.put(resource.getKey(), properties);
              }
            });
    return alarms;
  }

  @Test
  void aRegressionAlarmKeepsTheLatestChecksVerdictBetweenChecks() {
    Map<String, JsonNode> alarms = regressionAlarms();
    assertThat(alarms).containsOnlyKeys("ReportRegressionAlarm", "BenchmarkRegressionAlarm");
    alarms.forEach(
        (name, alarm) -> {
          assertThat(alarm.path("TreatMissingData").asText()).as(name).isEqualTo("ignore");
          // one check's point decides: a single period, so no older point is needed beside it
          assertThat(alarm.path("EvaluationPeriods").asInt()).as(name).isEqualTo(1);
          assertThat(alarm.path("DatapointsToAlarm").asInt(1)).as(name).isEqualTo(1);
          assertThat(alarm.path("Statistic").asText()).as(name).isEqualTo("Maximum");
        });
  }
}
