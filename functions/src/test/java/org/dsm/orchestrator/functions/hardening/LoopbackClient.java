package org.dsm.orchestrator.functions.hardening;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The three requests the concurrency and load tests mix, sent to an app on loopback. */
final class LoopbackClient {
  static final String DRY_RUN_PATTERNS_ON =
      "{\"options\":{\"dry_run\":true,\"enable_pattern_recognition\":true}}";
  static final String DRY_RUN_PATTERNS_OFF =
      "{\"options\":{\"dry_run\":true,\"enable_pattern_recognition\":false}}";

  private final HttpClient client;
  private final String base;

  LoopbackClient(int port) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.base = "http://127.0.0.1:" + port;
  }

  HttpResponse<String> orchestrate(String project, String body, String requestId) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + "/orchestrate/project/" + project))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("X-Request-Id", requestId)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> metrics(String project, String requestId) throws Exception {
    return client.send(
        HttpRequest.newBuilder(
                URI.create(
                    base
                        + "/orchestrate/intelligence/performance/metrics/"
                        + project
                        + "?window=1h"))
            .timeout(Duration.ofSeconds(20))
            .header("X-Request-Id", requestId)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
