package org.dsm.orchestrator.functions.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Many invocations at once in one instance (Knative containerConcurrency > 1): slow requests
 * (pattern analysis on, metrics reports) interleaved with fast ones (pattern analysis off). Each
 * response's {@code invocation} block must describe that invocation alone: its own id, its own
 * function, and only the components it ran.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConcurrentIsolationTest {
  private static final Set<String> PATTERN_COMPONENTS =
      Set.of(
          "chronicle_fetch",
          "full_pattern_analysis",
          "similarity_analysis",
          "velocity_analysis",
          "success_pattern_detection",
          "pattern_cache_lookup",
          "data_quality_check");
  private static final List<String> PROJECTS =
      List.of("TEST-001", "STEADY-001", "CLOSE-001", "IDLE-001");
  private static final int CLIENTS = 24;
  private static final int REQUESTS_PER_CLIENT = 30;

  @LocalServerPort int port;

  @Test
  void eachInvocationBlockBelongsToItsOwnRequest() throws Exception {
    LoopbackClient client = new LoopbackClient(port);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    List<Future<List<Sent>>> futures = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int clientNo = c;
      Callable<List<Sent>> task =
          () -> {
            start.await();
            List<Sent> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
              String id = "iso-" + clientNo + "-" + i;
              String project = PROJECTS.get((clientNo + i) % PROJECTS.size());
              Kind kind = Kind.values()[(clientNo + i) % Kind.values().length];
              HttpResponse<String> response =
                  switch (kind) {
                    case PATTERNS_ON ->
                        client.orchestrate(project, LoopbackClient.DRY_RUN_PATTERNS_ON, id);
                    case PATTERNS_OFF ->
                        client.orchestrate(project, LoopbackClient.DRY_RUN_PATTERNS_OFF, id);
                    case METRICS -> client.metrics(project, id);
                  };
              sent.add(new Sent(id, project, kind, response.statusCode(), response.body()));
            }
            return sent;
          };
      futures.add(pool.submit(task));
    }
    start.countDown();
    List<Sent> all = new ArrayList<>();
    for (Future<List<Sent>> future : futures) {
      try {
        all.addAll(future.get());
      } catch (java.util.concurrent.ExecutionException e) {
        ThreadDumps.print("request failed: " + e.getCause());
        throw e;
      }
    }
    pool.shutdown();

    Set<String> ids = new HashSet<>();
    for (Sent sent : all) {
      assertThat(sent.status()).as(sent.id()).isEqualTo(200);
      JsonNode body = Json.mapper().readTree(sent.body());
      JsonNode invocation = body.path("invocation");
      assertThat(invocation.path("invocation_id").asText())
          .as("id of %s", sent.id())
          .isEqualTo(sent.id());
      assertThat(ids.add(invocation.path("invocation_id").asText()))
          .as("unique %s", sent.id())
          .isTrue();
      assertThat(body.path("project_id").asText()).as(sent.id()).isEqualTo(sent.project());
      Set<String> components = new HashSet<>();
      invocation.path("components").forEach(c -> components.add(c.path("operation").asText()));
      switch (sent.kind()) {
        case PATTERNS_OFF -> {
          assertThat(invocation.path("function").asText()).isEqualTo("orchestrate");
          assertThat(components)
              .as("components of pattern-off %s", sent.id())
              .doesNotContainAnyElementsOf(PATTERN_COMPONENTS)
              .contains("project_state_fetch", "rule_decision");
        }
        case PATTERNS_ON -> {
          assertThat(invocation.path("function").asText()).isEqualTo("orchestrate");
          assertThat(components)
              .as("components of pattern-on %s", sent.id())
              .contains("project_state_fetch", "rule_decision")
              .containsAnyOf("full_pattern_analysis", "pattern_cache_lookup");
          assertThat(
                  invocation.path("components").findValues("operation").stream()
                      .filter(op -> op.asText().equals("full_pattern_analysis"))
                      .count())
              .as("at most one analysis in %s", sent.id())
              .isLessThanOrEqualTo(1);
        }
        case METRICS -> {
          assertThat(invocation.path("function").asText()).isNotEqualTo("orchestrate");
          assertThat(components)
              .as("components of metrics %s", sent.id())
              .doesNotContain("rule_decision", "actions")
              .contains("performance_report");
        }
      }
      assertThat(components).as("no actions in a dry run %s", sent.id()).doesNotContain("actions");
    }
    assertThat(all).hasSize(CLIENTS * REQUESTS_PER_CLIENT);
  }

  enum Kind {
    PATTERNS_ON,
    PATTERNS_OFF,
    METRICS
  }

  record Sent(String id, String project, Kind kind, int status, String body) {}
}
