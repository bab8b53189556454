package org.dsm.orchestrator.functions.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What the HTTP app exposes and logs: only the two endpoints and /health answer; every other path,
 * method and malformed request (including those Tomcat rejects before any servlet) is a JSON 4xx
 * with {@code detail}; request bodies and secrets in headers never reach the log at the default
 * (INFO) level.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class EdgeExposureHttpTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @Test
  void commonPathsAreJson404() throws Exception {
    for (String path :
        List.of(
            "/",
            "/actuator",
            "/actuator/env",
            "/actuator/health",
            "/actuator/heapdump",
            "/error",
            "/functionRouter",
            "/orchestrate",
            "/performanceMetrics",
            "/env",
            "/health/",
            "/health/x",
            "/orchestrate/project",
            "/orchestrate/project/",
            "/orchestrate/intelligence/performance/metrics/",
            "/swagger-ui.html",
            "/v3/api-docs",
            "/.env",
            "/WEB-INF/web.xml",
            "/favicon.ico")) {
      HttpResponse<String> response = send("GET", path, null);
      assertThat(response.statusCode()).as(path).isIn(400, 404, 405);
      JsonNode body = ResponseInvariants.check(response.statusCode(), response.body(), path);
      assertThat(body.path("detail").asText()).as(path).isNotBlank();
    }
    assertThat(send("GET", "/health", null).statusCode()).isEqualTo(200);
  }

  @Test
  void otherMethodsAreAnsweredByOurRouting() throws Exception {
    for (String method : List.of("OPTIONS", "PUT", "DELETE", "PATCH", "TRACE")) {
      HttpResponse<String> response = send(method, "/orchestrate/project/TEST-001", null);
      assertThat(response.statusCode()).as(method).isEqualTo(405);
      ResponseInvariants.check(response.statusCode(), response.body(), method);
      // TRACE too: Tomcat lets it through to http/OtherMethods, which routes it like the rest
      assertThat(response.headers().firstValue("Allow")).as(method).hasValue("POST");
    }
  }

  /**
   * Tomcat refuses these before any servlet runs; the answer must still be our JSON, not its HTML
   * page.
   */
  @Test
  void requestsTomcatRejectsAreJson() throws Exception {
    for (String path :
        List.of(
            "/orchestrate/project/..%2F",
            "/orchestrate/project/%2e%2e%2fhealth",
            "/orchestrate/project/TEST%5C001",
            "/orchestrate/project/%00",
            "/orchestrate/project/TEST-001%00",
            "/orchestrate/project/../../etc/passwd",
            "/orchestrate/project/%C0%AE%C0%AE")) {
      HttpResponse<String> response = send("POST", path, "{}");
      assertThat(response.statusCode()).as(path).isIn(400, 404);
      ResponseInvariants.check(response.statusCode(), response.body(), path);
    }
    String raw =
        rawRequest("GET /orchestrate/project/a b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 400");
    assertThat(raw).doesNotContain("Tomcat", "<html");
    assertThat(raw.substring(raw.indexOf("\r\n\r\n") + 4)).contains("\"detail\"");
  }

  @Test
  void bodiesAndSecretsAreNotLogged(CapturedOutput output) throws Exception {
    String marker = "BODY-MARKER-5f1c";
    String secret = "SECRET-TOKEN-9a7e";
    List<String> ids = new ArrayList<>();
    for (String body :
        List.of(
            "{\"options\":{\"schedule\":\"" + marker + "\"}}",
            "{\"" + marker + "\":1}",
            "{\"options\":{\"dry_run\":true}} " + marker,
            marker,
            "{\"options\":{\"dry_run\":true}}")) {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + port + "/orchestrate/project/TEST-001"))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + secret)
                  .header("Idempotency-Key", "key-" + secret + "-" + body.length())
                  .header("X-Request-Id", "exposure-" + ids.size())
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(body).isIn(200, 400);
      assertThat(response.body()).doesNotContain(secret);
      ids.add("exposure-" + ids.size());
    }
    // a background thread writes the console over HTTP: judge the log once every request's own
    // line is in it
    for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        !ids.stream().allMatch(output.getAll()::contains) && System.nanoTime() < deadline; ) {
      Thread.sleep(20);
    }
    assertThat(output.getAll()).contains(ids);
    assertThat(output.getAll()).doesNotContain(marker).doesNotContain(secret);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String rawRequest(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
