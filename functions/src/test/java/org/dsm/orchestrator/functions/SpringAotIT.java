package org.dsm.orchestrator.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.port.IdempotencyStore;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.functions.events.RedisDecisionRecords;
import org.dsm.orchestrator.functions.http.HttpApiController;
import org.dsm.orchestrator.functions.http.JwtSecurity;
import org.dsm.orchestrator.functions.observability.MetricsScrapeController;
import org.dsm.orchestrator.store.jdbc.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP start with the build's Spring AOT code ({@link SpringAot}): after {@code process-aot}
 * (prepare-package), so a failsafe test. The generated context serves the API and the scrape, and
 * every choice the deployment makes through its environment still follows the environment of the
 * start, not the build's: the metrics store, the Redis stream, and the JWT check (which the
 * generated context lacks, so with AUTH_JWT_ISSUER set main starts without AOT and a forced AOT
 * start fails). The last test starts the packaged jar as the image does.
 */
class SpringAotIT {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void aotOff() {
    System.clearProperty(AotDetector.AOT_ENABLED);
  }

  private static ConfigurableApplicationContext aot(Map<String, Object> environment) {
    System.setProperty(AotDetector.AOT_ENABLED, "true");
    SpringApplication application = FunctionsApplication.http(new String[0]);
    Map<String, Object> properties = new HashMap<>(environment);
    properties.put("server.port", "0");
    application.setDefaultProperties(properties);
    return application.run();
  }

  @Test
  void theGeneratedContextServesTheApiWithTheStoreAndStreamOfTheEnvironment() throws Exception {
    assertThat(SpringAot.generated()).as("process-aot ran").isTrue();
    TestPostgres.Database database = TestPostgres.get();
    Instant before = Instant.now().minusSeconds(1);
    try (ConfigurableApplicationContext app =
        aot(
            Map.of(
                "METRICS_STORE", "jdbc",
                "METRICS_JDBC_URL", database.url(),
                "METRICS_JDBC_USER", database.user(),
                "METRICS_JDBC_PASSWORD", database.password(),
                "REDIS_HOST", "127.0.0.1"))) {
      assertThat(AotDetector.useGeneratedArtifacts()).isTrue();
      // the web-only beans are there, the JWT check is not
      assertThat(app.getBeanNamesForType(HttpApiController.class)).hasSize(1);
      assertThat(app.getBeanNamesForType(MetricsScrapeController.class)).hasSize(1);
      assertThat(app.getBeanNamesForType(JwtSecurity.class)).isEmpty();
      // chosen by this start's environment, not frozen at build
      assertThat(app.getBean(MetricsStore.class).name()).isEqualTo("jdbc");
      assertThat(app.getBean(IdempotencyStore.class).getClass().getSimpleName())
          .isEqualTo("JdbcIdempotencyStore");
      assertThat(app.getBeanProvider(RedisDecisionRecords.class).getIfAvailable()).isNotNull();

      int port = ((WebServerApplicationContext) app).getWebServer().getPort();
      HttpResponse<String> answer = dryRun(port);
      assertThat(answer.statusCode()).isEqualTo(200);
      JsonNode body = Json.mapper().readTree(answer.body());
      assertThat(body.path("project_id").asText()).isEqualTo("TEST-001");
      assertThat(body.path("performance_metrics").path("total_orchestration").path("total_calls"))
          .isNotNull();
      assertThat(body.path("invocation").path("cold_start").asBoolean()).isTrue();
      assertThat(get(port, "/metrics").statusCode()).isEqualTo(200);

      app.getBean(MetricsRecorder.class).flush();
      var page =
          app.getBean(MetricsStore.class)
              .query(
                  new MetricsStore.MetricsQuery(
                      "orchestrate", "TEST-001", before, Instant.now().plusSeconds(1), 50, null));
      assertThat(page.records())
          .anySatisfy(
              r ->
                  assertThat(r.invocationId())
                      .isEqualTo(body.path("invocation").path("invocation_id").asText()));
    }
  }

  @Test
  void withoutTheVariablesTheSameGeneratedContextTakesTheDefaults() {
    try (ConfigurableApplicationContext app = aot(Map.of())) {
      assertThat(app.getBean(MetricsStore.class).name()).isEqualTo("memory");
      assertThat(app.getBeanProvider(RedisDecisionRecords.class).getIfAvailable()).isNull();
    }
  }

  @Test
  void aForcedAotStartWithTheJwtCheckConfiguredFails() {
    assertThatThrownBy(
            () ->
                aot(
                    Map.of(
                        "AUTH_JWT_ISSUER", "https://issuer.test.example",
                        "AUTH_JWT_AUDIENCE", "dsm-orchestrator")))
        .hasStackTraceContaining("Start without -Dspring.aot.enabled=true");
  }

  @Test
  void mainUsesTheGeneratedCodeOnlyWhereItFits() {
    assertThat(SpringAot.misfit(name -> null)).isNull();
    assertThat(SpringAot.misfit(name -> name.equals("AUTH_JWT_ISSUER") ? " " : null)).isNull();
    assertThat(SpringAot.misfit(name -> name.equals("AUTH_JWT_ISSUER") ? "https://issuer" : null))
        .contains("AUTH_JWT_ISSUER");
    assertThat(SpringAot.enableIfItFits(new String[] {"--AUTH_JWT_ISSUER=https://issuer"}))
        .isFalse();
    assertThat(SpringAot.enableIfItFits(new String[0])).isTrue();
  }

  /** The packaged jar as the image starts it (java -jar, no flag): the AOT-processed context. */
  @Test
  void thePackagedJarStartsFromTheGeneratedCode() throws Exception {
    Path jar = Path.of(System.getProperty("ric.jar"));
    Path log = Files.createTempFile("spring-aot-start", ".log");
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dserver.port=" + port);
    command.add("-jar");
    command.add(jar.toString());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.redirectOutput(log.toFile());
    builder.environment().remove("AUTH_JWT_ISSUER");
    Process process = builder.start();
    try {
      int status = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (status != 200 && System.nanoTime() < deadline && process.isAlive()) {
        try {
          status = get(port, "/health").statusCode();
        } catch (IOException e) {
          Thread.sleep(100);
        }
      }
      assertThat(status).as(Files.readString(log)).isEqualTo(200);
      assertThat(dryRun(port).statusCode()).isEqualTo(200);
      assertThat(Files.readString(log)).contains("Starting AOT-processed FunctionsApplication");
    } finally {
      process.destroy();
      process.waitFor(20, TimeUnit.SECONDS);
      Files.deleteIfExists(log);
    }
  }

  private static HttpResponse<String> dryRun(int port) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/orchestrate/project/TEST-001"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"options\":{\"dry_run\":true}}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
