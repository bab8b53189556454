package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes alerts watch the same figures as the CloudWatch alarms, under the metric names the
 * Prometheus endpoint documents (docs/OBSERVABILITY.md): a renamed metric fails here instead of
 * leaving an alert that never fires.
 */
class PrometheusRuleTest {
  private static final Pattern METRIC = Pattern.compile("\\b(dsm_[a-z_]+)\\b");

  private static List<JsonNode> rules() {
    List<JsonNode> rules = new ArrayList<>();
    DeployFiles.knativeManifests().stream()
        .filter(m -> m.kind().equals("PrometheusRule"))
        .forEach(
            m ->
                m.body()
                    .path("spec")
                    .path("groups")
                    .forEach(g -> g.path("rules").forEach(rules::add)));
    return rules;
  }

  @Test
  void alertsCoverLatencyErrorsColdStartsAndRegressions() {
    Set<String> alerts = new TreeSet<>();
    rules().forEach(rule -> alerts.add(rule.path("alert").asText()));
    assertThat(alerts)
        .containsExactlyInAnyOrder(
            "DsmOrchestrateP95High", "DsmErrorRateHigh", "DsmColdStartRateHigh", "DsmRegression");
  }

  @Test
  void everyMetricAnAlertReadsIsADocumentedSeries() throws IOException {
    String documented =
        Files.readString(DeployFiles.projectRoot().resolve("docs").resolve("OBSERVABILITY.md"));
    for (JsonNode rule : rules()) {
      String expr = rule.path("expr").asText();
      Matcher metric = METRIC.matcher(expr);
      List<String> names = new ArrayList<>();
      while (metric.find()) {
        names.add(metric.group(1));
      }
      assertThat(names).as(rule.path("alert").asText()).isNotEmpty();
      for (String name : names) {
        String series = name.replaceAll("_(bucket|count|sum|max)$", "");
        assertThat(documented)
            .as(rule.path("alert") + " reads " + name)
            .contains("`" + series + "`");
      }
    }
  }
}
