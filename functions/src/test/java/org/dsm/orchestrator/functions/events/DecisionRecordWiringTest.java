package org.dsm.orchestrator.functions.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.api.ApiRequest;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.functions.config.Platform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;
import tools.jackson.databind.JsonNode;

/**
 * With the http data source, an orchestration that acts leaves its decision record in Chronicle
 * and, when REDIS_HOST is set, on the Redis stream; without REDIS_HOST there is no stream adapter;
 * a stream that cannot be written is a warning on a 200.
 */
class DecisionRecordWiringTest {
  private static FakeDsmServer dsm;

  @BeforeAll
  static void start() {
    dsm = FakeDsmServer.start();
  }

  @AfterAll
  static void stop() {
    dsm.close();
  }

  @BeforeEach
  void reset() {
    dsm.healAll().resetNotes().resetCounters();
    dsm.data().reset();
  }

  private static ConfigurableApplicationContext app(Map<String, String> extra) {
    Map<String, Object> properties = new HashMap<>(dsm.environment(Duration.ofSeconds(5)));
    properties.put("DSM_DATA_SOURCE", "http");
    properties.putAll(extra);
    return new SpringApplicationBuilder(FunctionsApplication.class)
        .web(WebApplicationType.NONE)
        .properties(properties)
        .run();
  }

  /** The local Redis's stream {@code stream}, with {@code extra} variables. */
  private static Map<String, String> onStream(String stream, Map<String, String> extra) {
    Map<String, String> variables = new HashMap<>(extra);
    variables.put("REDIS_HOST", RedisDecisionRecordsTest.HOST);
    variables.put("REDIS_PORT", String.valueOf(RedisDecisionRecordsTest.PORT));
    variables.put("REDIS_STREAM_NAME", stream);
    return variables;
  }

  private static JsonNode orchestrate(ConfigurableApplicationContext app, boolean dryRun)
      throws IOException {
    ApiResponse response =
        app.getBean(OrchestratorApi.class)
            .handle(
                new ApiRequest(
                    "POST",
                    "/orchestrate/project/TEST-001",
                    Map.of(),
                    Map.of("content-type", "application/json"),
                    ("{\"options\": {\"dry_run\": " + dryRun + "}}")
                        .getBytes(StandardCharsets.UTF_8),
                    false),
                Platform.context(Platform.LOCAL, "http", "wiring-" + UUID.randomUUID()));
    assertThat(response.status()).isEqualTo(200);
    return Json.mapper().readTree(response.body());
  }

  @Test
  @EnabledIf(
      value = "org.dsm.orchestrator.functions.events.RedisDecisionRecordsTest#redisRunning",
      disabledReason = "no Redis on 127.0.0.1:6379")
  void anOrchestrationThatActsIsOnTheStreamAndInChronicleADryRunIsOnNeither() throws IOException {
    String stream = RedisDecisionRecordsTest.testStream();
    try (var app = app(onStream(stream, Map.of()))) {
      orchestrate(app, true);
      assertThat(RedisDecisionRecordsTest.entries(stream)).isEmpty();
      assertThat(dsm.dailyScrumReports()).isEmpty();

      JsonNode acted = orchestrate(app, false);

      String invocation = acted.path("invocation").path("invocation_id").asText();
      List<StreamEntry> entries = RedisDecisionRecordsTest.entries(stream);
      assertThat(entries).hasSize(1);
      JsonNode data = Json.mapper().readTree(entries.get(0).getFields().get("data"));
      assertThat(data.path("orchestration_decision_details").path("invocation_id").asText())
          .isEqualTo(invocation);
      assertThat(data.path("orchestration_decision_details").path("actions_taken"))
          .isEqualTo(acted.path("actions_taken"));
      assertThat(dsm.dailyScrumReports()).hasSize(1);
      assertThat(dsm.dailyScrumReports().get(0).path("orchestration_decision_details"))
          .isEqualTo(data.path("orchestration_decision_details"));
      assertThat(acted.path("decisions").path("warnings").toString()).doesNotContain("record");
    } finally {
      RedisDecisionRecordsTest.delete(stream);
    }
  }

  /**
   * REDIS_STREAM_MAX_LENGTH reaches the stream's writer: a stream of 250 entries (three of Redis's
   * 100-entry nodes) is trimmed by the next orchestration's XADD to what MAXLEN ~ 1 keeps, the last
   * node only; with the default (10,000) it would grow to 251.
   */
  @Test
  @EnabledIf(
      value = "org.dsm.orchestrator.functions.events.RedisDecisionRecordsTest#redisRunning",
      disabledReason = "no Redis on 127.0.0.1:6379")
  void theConfiguredMaximumLengthTrimsTheStream() throws IOException {
    String stream = RedisDecisionRecordsTest.testStream();
    try (RedisClient redis =
        RedisClient.create(RedisDecisionRecordsTest.HOST, RedisDecisionRecordsTest.PORT)) {
      for (int i = 0; i < 250; i++) {
        redis.xadd(stream, StreamEntryID.NEW_ENTRY, Map.of("data", "{}"));
      }
    }
    try (var app = app(onStream(stream, Map.of("REDIS_STREAM_MAX_LENGTH", "1")))) {
      orchestrate(app, false);

      List<StreamEntry> entries = RedisDecisionRecordsTest.entries(stream);
      assertThat(entries).hasSizeBetween(1, 100);
      assertThat(entries.get(entries.size() - 1).getFields().get("data")).contains("TEST-001");
    } finally {
      RedisDecisionRecordsTest.delete(stream);
    }
  }

  @Test
  void withoutRedisHostThereIsNoStreamAndChronicleStillGetsTheRecord() throws IOException {
    try (var app = app(Map.of("REDIS_HOST", ""))) {
      assertThat(app.getBeanProvider(RedisDecisionRecords.class).getIfAvailable()).isNull();
      orchestrate(app, false);
      assertThat(dsm.dailyScrumReports()).hasSize(1);
    }
  }

  @Test
  void aStreamThatCannotBeWrittenIsAWarningNextToTheActions() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (var app =
        app(Map.of("REDIS_HOST", "127.0.0.1", "REDIS_PORT", String.valueOf(closedPort)))) {
      JsonNode acted = orchestrate(app, false);

      assertThat(acted.path("actions_taken").toString()).contains("Created new sprint");
      assertThat(acted.path("decisions").path("warnings").toString())
          .contains("The decision record was not written to redis-stream orchestration_events");
      assertThat(dsm.dailyScrumReports()).hasSize(1);
    }
  }
}
