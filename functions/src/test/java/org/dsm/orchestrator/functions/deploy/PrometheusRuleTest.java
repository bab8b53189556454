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
 * Prometheus endpoint documents (docs/OBSERVABILITY.md) and really serves (the app takes an
 * orchestration, a rejected request and a report, then every series an alert selects, labels
 * included, must be in its scrape): a renamed metric or label fails here instead of leaving an
 * alert that never fires.
 */
@org.springframework.boot.test.context.SpringBootTest(
    classes = org.dsm.orchestrator.functions.FunctionsApplication.class,
    webEnvironment =
        org.springframework.boot.test.context.SpringBootTest.WebEnvironment.RANDOM_PORT)
class PrometheusRuleTest {
  @org.springframework.boot.test.web.server.LocalServerPort int port;

  private static final Pattern METRIC = Pattern.compile("\\b(dsm_[a-z_]+)\\b");
  // a metric with its optional {label="value",...} selector (the rules use equality matchers only)
  private static final Pattern SELECTOR = Pattern.compile("\\b(dsm_[a-z_]+)(?:\\{([^}]*)\\})?");
  private static final Pattern LABEL_MATCHER = Pattern.compile("[a-z_]+=\"[^\"]*\"");

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

  private String send(String method, String path, String body) throws Exception {
    java.net.http.HttpRequest.Builder request =
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(body));
    return java.net.http.HttpClient.newHttpClient()
        .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void everySeriesAnAlertSelectsIsInTheScrape() throws Exception {
    // the cold-start counter appears with the first cold invocation; earlier test classes in this
    // JVM may have taken it
    org.dsm.orchestrator.functions.config.Platform.markNextInvocationCold();
    send("POST", "/orchestrate/project/TEST-001", "{\"options\":{\"dry_run\":true}}");
    send("POST", "/orchestrate/project/TEST-001", "{\"action\":\"nope\"}"); // a 400: an error
    send("GET", "/orchestrate/intelligence/performance/metrics/TEST-001?window=1h", null);
    // each served series with its labels, to check the alerts' label selectors and not only names
    List<Series> served = new ArrayList<>();
    for (String line : send("GET", "/metrics", null).split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        served.add(new Series(line.split("[{ ]", 2)[0], labels(line)));
      }
    }
    for (JsonNode rule : rules()) {
      Matcher selector = SELECTOR.matcher(rule.path("expr").asText());
      while (selector.find()) {
        String name = selector.group(1);
        Set<String> matchers = selector.group(2) == null ? Set.of() : labels(selector.group(2));
        // a server with one process for both functions (no SPRING_CLOUD_FUNCTION_DEFINITION): a
        // selector of one function's series must still match, as on that function's own pod
        assertThat(served)
            .as(rule.path("alert") + " selects " + selector.group())
            .anyMatch(
                series -> series.name().equals(name) && series.labels().containsAll(matchers));
      }
    }
  }

  record Series(String name, Set<String> labels) {}

  /** The {@code label="value"} pairs in {@code text}. */
  private static Set<String> labels(String text) {
    Set<String> labels = new TreeSet<>();
    Matcher label = LABEL_MATCHER.matcher(text);
    while (label.find()) {
      labels.add(label.group());
    }
    return labels;
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
