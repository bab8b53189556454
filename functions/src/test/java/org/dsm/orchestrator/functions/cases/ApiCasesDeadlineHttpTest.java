package org.dsm.orchestrator.functions.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The rows of api-cases.yaml with a deadline ({@code remaining_ms}) over real HTTP, each against a
 * server of its own started with REQUEST_TIMEOUT_SECONDS set to it, as Knative's {@code
 * timeoutSeconds} is passed on: the same status and body as on Lambda with a Context that has that
 * much time left.
 */
class ApiCasesDeadlineHttpTest {
  private ConfigurableApplicationContext server;

  static List<ApiCase> cases() {
    return ApiCase.all().stream().filter(row -> row.remainingMs() != null).toList();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void answersLikeTheTable(ApiCase row) throws Exception {
    assertThat(row.remainingMs() % 1000).as("whole seconds over HTTP").isZero();
    SpringApplication app =
        new SpringApplicationBuilder(FunctionsApplication.class)
            .web(WebApplicationType.SERVLET)
            .build();
    server =
        app.run(
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--spring.cloud.function.definition=" + row.function(),
            "--REQUEST_TIMEOUT_SECONDS=" + row.remainingMs() / 1000);
    int port = ((WebServerApplicationContext) server).getWebServer().getPort();
    ApiCasesHttpTest.send(row, "http://127.0.0.1:" + port);
  }
}
