package org.dsm.orchestrator.functions.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * A scrape of the running app after real calls: the text exposition format (0.0.4) checked line by
 * line against its grammar, the metric names of docs/OBSERVABILITY.md present with their types, and
 * the component histogram counting exactly the timings the API reported.
 */
// its own application context (the property only makes the cached context distinct): the counts
// below start at zero whichever test class shared the default context before
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "test.context=prometheus-scrape")
class PrometheusScrapeTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  // metric name, optional {labels}, value; the grammar of the 0.0.4 text format
  private static final Pattern SAMPLE =
      Pattern.compile(
          "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*)\\})?"
              + " (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)( -?[0-9]+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
  private static final Pattern TYPE =
      Pattern.compile(
          "# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  private HttpResponse<String> send(String method, String path, String body, String accept)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  record Sample(String name, Map<String, String> labels, double value) {}

  /** Parses the whole exposition; any line outside the grammar fails the test. */
  private static Map<String, String> parse(String text, List<Sample> samples) {
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("# HELP ")) {
        continue;
      }
      Matcher type = TYPE.matcher(line);
      if (type.matches()) {
        assertThat(types.put(type.group(1), type.group(2))).as("one TYPE per family").isNull();
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      assertThat(sample.matches()).as("not a valid sample line: %s", line).isTrue();
      Map<String, String> labels = new HashMap<>();
      if (sample.group(3) != null) {
        Matcher label = LABEL.matcher(sample.group(3));
        while (label.find()) {
          labels.put(label.group(1), label.group(2));
        }
      }
      samples.add(
          new Sample(
              sample.group(1),
              labels,
              Double.parseDouble(sample.group(4).replace("+Inf", "Infinity"))));
    }
    return types;
  }

  @Test
  void scrapeCarriesTheMonitorsTimingsAndTheInvocationCountersInTheTextFormat() throws Exception {
    // the context (and its registry) may be shared with other test classes: compare with a first
    // scrape
    List<Sample> before = new ArrayList<>();
    parse(send("GET", "/metrics", null, null).body(), before);
    for (int i = 0; i < 3; i++) {
      assertThat(
              send(
                      "POST",
                      "/orchestrate/project/TEST-001",
                      "{\"options\":{\"dry_run\":true}}",
                      null)
                  .statusCode())
          .isEqualTo(200);
    }
    assertThat(send("POST", "/orchestrate/project/NOPE-1", "{}", null).statusCode()).isEqualTo(404);
    assertThat(
            send(
                    "GET",
                    "/orchestrate/intelligence/performance/metrics/TEST-001?window=1h",
                    null,
                    null)
                .statusCode())
        .isEqualTo(200);

    HttpResponse<String> scrape = send("GET", "/metrics", null, null);

    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("content-type").orElse("").replace(" ", ""))
        .startsWith("text/plain;version=0.0.4");
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = parse(scrape.body(), samples);

    assertThat(types)
        .containsEntry("dsm_component_duration_seconds", "histogram")
        .containsEntry("dsm_invocations_total", "counter")
        .containsEntry("dsm_errors_total", "counter")
        .containsEntry("dsm_regressions", "gauge");
    // the histogram of total_orchestration counts the 3 successful orchestrations the monitor timed
    // (the failed one, a 404, is counted under outcome="failure")
    List<Sample> buckets =
        samples.stream()
            .filter(s -> s.name().equals("dsm_component_duration_seconds_bucket"))
            .filter(s -> "total_orchestration".equals(s.labels().get("component")))
            .filter(s -> "success".equals(s.labels().get("outcome")))
            .toList();
    assertThat(buckets).isNotEmpty();
    double previous = 0;
    for (Sample bucket : buckets) { // cumulative and ordered by le, ending at +Inf
      assertThat(bucket.value()).isGreaterThanOrEqualTo(previous);
      previous = bucket.value();
    }
    assertThat(buckets.get(buckets.size() - 1).labels()).containsEntry("le", "+Inf");
    assertThat(previous - inf(before)).isEqualTo(3.0);
    assertThat(
            value(samples, "dsm_component_duration_seconds_count", "total_orchestration", "success")
                - value(
                    before,
                    "dsm_component_duration_seconds_count",
                    "total_orchestration",
                    "success"))
        .isEqualTo(3.0);
    assertThat(
            value(samples, "dsm_component_duration_seconds_count", "total_orchestration", "failure")
                - value(
                    before,
                    "dsm_component_duration_seconds_count",
                    "total_orchestration",
                    "failure"))
        .isEqualTo(1.0);
    // the platform's total, from the records: 3 orchestrations and the report succeeded, the 404
    // not
    assertThat(
            value(samples, "dsm_component_duration_seconds_count", "request_to_response", "success")
                - value(
                    before,
                    "dsm_component_duration_seconds_count",
                    "request_to_response",
                    "success"))
        .isEqualTo(4.0);
    assertThat(
            value(samples, "dsm_component_duration_seconds_count", "request_to_response", "failure")
                - value(
                    before,
                    "dsm_component_duration_seconds_count",
                    "request_to_response",
                    "failure"))
        .isEqualTo(1.0);
    assertThat(
            sum(samples, "dsm_invocations_total", "status", "200")
                - sum(before, "dsm_invocations_total", "status", "200"))
        .isEqualTo(3.0);
    assertThat(
            sum(samples, "dsm_errors_total", "error_type", "ProjectNotFoundException")
                - sum(before, "dsm_errors_total", "error_type", "ProjectNotFoundException"))
        .isEqualTo(1.0);
    assertThat(samples)
        .filteredOn(s -> s.name().equals("dsm_regressions"))
        .extracting(s -> s.labels().get("source"))
        .containsExactlyInAnyOrder("report", "benchmark");
    assertThat(samples)
        .allSatisfy(s -> assertThat(s.labels()).containsEntry("application", "dsm-orchestrator"));
  }

  @Test
  void openMetricsIsServedWhenAskedFor() throws Exception {
    HttpResponse<String> scrape =
        send("GET", "/metrics", null, "application/openmetrics-text; version=1.0.0");

    assertThat(scrape.headers().firstValue("content-type").orElse(""))
        .startsWith("application/openmetrics-text");
    assertThat(scrape.body()).endsWith("# EOF\n");
  }

  @Test
  void otherMethodsOnTheScrapePathGetTheApisJson404() throws Exception {
    HttpResponse<String> post = send("POST", "/metrics", "{}", null);

    assertThat(post.statusCode()).isEqualTo(404);
    assertThat(post.body()).contains("\"detail\"");
  }

  /** The +Inf bucket of total_orchestration's successes (0 before the first). */
  private static double inf(List<Sample> samples) {
    return samples.stream()
        .filter(s -> s.name().equals("dsm_component_duration_seconds_bucket"))
        .filter(s -> "total_orchestration".equals(s.labels().get("component")))
        .filter(s -> "success".equals(s.labels().get("outcome")))
        .filter(s -> "+Inf".equals(s.labels().get("le")))
        .mapToDouble(Sample::value)
        .sum();
  }

  /** Sum over the orchestrate function's series of {@code name} with {@code label=value}. */
  private static double sum(List<Sample> samples, String name, String label, String value) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> "orchestrate".equals(s.labels().get("function")))
        .filter(s -> value.equals(s.labels().get(label)))
        .mapToDouble(Sample::value)
        .sum();
  }

  private static double value(List<Sample> samples, String name, String component, String outcome) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> component.equals(s.labels().get("component")))
        .filter(s -> outcome.equals(s.labels().get("outcome")))
        .mapToDouble(Sample::value)
        .sum();
  }
}
