package org.dsm.orchestrator.functions.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The history page over real HTTP, after real orchestrations. */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DashboardHttpTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @LocalServerPort int port;

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesOneSelfContainedPageWithTheRecordedOrchestrations() throws Exception {
    for (int i = 0; i < 3; i++) {
      send("POST", "/orchestrate/project/IDLE-001", "{\"options\":{\"dry_run\":true}}");
    }

    HttpResponse<String> page =
        send("GET", "/orchestrate/intelligence/performance/dashboard/IDLE-001?window=15m", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(page.headers().firstValue("content-security-policy").orElse(""))
        .startsWith("default-src 'none'");
    assertThat(page.body()).startsWith("<!DOCTYPE html>").doesNotContainIgnoringCase("<script");
    assertThat(DashboardPageTest.points(page.body(), "total_orchestration:p95")).isPositive();
    // at least these 3 (the context, and its in-memory store, may be shared with other test
    // classes)
    java.util.regex.Matcher total =
        java.util.regex.Pattern.compile("<b id=\"invocations-total\">(\\d+)</b>")
            .matcher(page.body());
    assertThat(total.find()).isTrue();
    assertThat(Integer.parseInt(total.group(1))).isGreaterThanOrEqualTo(3);
  }

  @Test
  void errorsStayJson() throws Exception {
    HttpResponse<String> bad =
        send("GET", "/orchestrate/intelligence/performance/dashboard/TEST-001?window=1y", null);
    HttpResponse<String> wrongMethod =
        send("POST", "/orchestrate/intelligence/performance/dashboard/TEST-001", "{}");

    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"detail\"").contains("window must be");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.headers().firstValue("allow")).contains("GET, HEAD");
  }
}
