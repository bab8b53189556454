package org.dsm.orchestrator.functions.cases;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Every row of api-cases.yaml over real HTTP against a server of the row's function alone
 * (SPRING_CLOUD_FUNCTION_DEFINITION set, as each Knative service runs): a function answers only its
 * own routes, the same as on Lambda, and the other function's routes with a 404 naming it.
 */
class ApiCasesPerFunctionHttpTest {
  private static final Map<String, ConfigurableApplicationContext> SERVERS = new HashMap<>();

  @BeforeAll
  static void start() {
    for (String function : List.of("orchestrate", "performanceMetrics")) {
      SpringApplication app =
          new SpringApplicationBuilder(FunctionsApplication.class)
              .web(WebApplicationType.SERVLET)
              .build();
      SERVERS.put(
          function,
          app.run(
              "--server.port=0",
              "--server.address=127.0.0.1",
              "--spring.cloud.function.definition=" + function));
    }
  }

  @AfterAll
  static void stop() {
    SERVERS.values().forEach(ConfigurableApplicationContext::close);
  }

  /** Rows with a deadline run in {@link ApiCasesDeadlineHttpTest}. */
  static List<ApiCase> cases() {
    return ApiCase.all().stream().filter(row -> row.remainingMs() == null).toList();
  }

  /**
   * A path Tomcat refuses itself (a {@code %00} in the id) on the other function's route is
   * answered as any request on that route: the 404 naming the function that serves it, as on
   * Lambda, not the id's 400.
   */
  @Test
  void aRefusedPathOnTheOtherFunctionsRouteIsItsNotServedHere() throws Exception {
    int port =
        ((WebServerApplicationContext) SERVERS.get("performanceMetrics")).getWebServer().getPort();
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    java.util.function.Function<String, java.net.http.HttpResponse<String>> post =
        path -> {
          try {
            return client.send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + path))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    var valid = post.apply("/orchestrate/project/TEST-001");
    var refused = post.apply("/orchestrate/project/TEST%00");

    org.assertj.core.api.Assertions.assertThat(valid.statusCode()).isEqualTo(404);
    org.assertj.core.api.Assertions.assertThat(refused.statusCode()).isEqualTo(404);
    org.assertj.core.api.Assertions.assertThat(refused.body()).isEqualTo(valid.body());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersLikeTheTable(ApiCase row) throws Exception {
    int port = ((WebServerApplicationContext) SERVERS.get(row.function())).getWebServer().getPort();
    ApiCasesHttpTest.send(row, "http://127.0.0.1:" + port);
  }
}
