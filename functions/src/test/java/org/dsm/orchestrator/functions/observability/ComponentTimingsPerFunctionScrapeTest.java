package org.dsm.orchestrator.functions.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * One process serving both functions (no SPRING_CLOUD_FUNCTION_DEFINITION: the instance's label is
 * {@code all}, as with scripts/run-local.sh) takes an orchestration, a report and a scheduled
 * benchmark of 3 dry runs, all of which time {@code full_pattern_analysis}: the scrape of GET
 * /metrics keeps one series per invocation's function, each counting that function's analyses only.
 * The pattern cache is off, so every orchestration analyses afresh and the counts are exact.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "test.context=timings-per-function",
      "METRICS_STORE=memory",
      "BENCHMARK_ITERATIONS=3",
      "intelligence.pattern_cache_max_entries=0"
    })
class ComponentTimingsPerFunctionScrapeTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Pattern COUNT =
      Pattern.compile(
          "dsm_component_duration_seconds_count\\{([^}]*)\\} ([0-9.eE+]+)", Pattern.MULTILINE);
  private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");

  @LocalServerPort int port;

  @Test
  void eachFunctionsAnalysesAreASeriesOfTheirOwn() throws Exception {
    assertThat(send(post("/orchestrate/project/TEST-001", "{\"options\":{\"dry_run\":true}}")))
        .isEqualTo(200);
    assertThat(send(get("/orchestrate/intelligence/performance/metrics/TEST-001?window=1h")))
        .isEqualTo(200);
    assertThat(send(pingSourceEvent())).isEqualTo(200);

    String scrape = scrape();
    Map<String, Double> analyses = successCountsByFunction(scrape, "full_pattern_analysis");
    Map<String, Double> totals = successCountsByFunction(scrape, "total_orchestration");

    assertThat(analyses)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("orchestrate", 1.0, "performanceMetrics", 1.0, "orchestrateBenchmark", 3.0));
    assertThat(totals)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("orchestrate", 1.0, "orchestrateBenchmark", 3.0));
    // only the buffered recorder's batch writes (each holds records of any function; the writer
    // may not have run yet) may keep the instance's label
    assertThat(COUNT.matcher(scrape).results().map(m -> labels(m.group(1))))
        .filteredOn(labels -> "all".equals(labels.get("function")))
        .extracting(labels -> labels.get("component"))
        .isSubsetOf("metrics_store_write");
  }

  /** The successes' _count of {@code component}, per function label. */
  private static Map<String, Double> successCountsByFunction(String scrape, String component) {
    Map<String, Double> counts = new TreeMap<>();
    Matcher line = COUNT.matcher(scrape);
    while (line.find()) {
      Map<String, String> labels = labels(line.group(1));
      if (component.equals(labels.get("component")) && "success".equals(labels.get("outcome"))) {
        counts.merge(labels.get("function"), Double.parseDouble(line.group(2)), Double::sum);
      }
    }
    return counts;
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new TreeMap<>();
    LABEL.matcher(text).results().forEach(m -> labels.put(m.group(1), m.group(2)));
    return labels;
  }

  private String scrape() throws Exception {
    HttpResponse<String> response =
        CLIENT.send(get("/metrics").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private int send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response =
        CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isLessThan(300);
    return response.statusCode();
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
  }

  private HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /** What Knative's PingSource POSTs (binary mode): the scheduled benchmark. */
  private HttpRequest.Builder pingSourceEvent() {
    return post("/", "{}")
        .header("Ce-Specversion", "1.0")
        .header("Ce-Type", "dev.knative.sources.ping")
        .header("Ce-Source", "/apis/v1/namespaces/dsm/pingsources/benchmark")
        .header("Ce-Id", "timings-per-function-1");
  }
}
