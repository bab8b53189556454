package org.dsm.orchestrator.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security on the classpath changes nothing unless the JWT check is configured: the web app
 * (as scripts/run-local.sh starts it) has no security filter and answers without a token, and the
 * Lambda (non-web) context never gets one, even with AUTH_JWT_ISSUER set (API Gateway authenticates
 * there).
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityOffByDefaultTest {
  @Autowired ApplicationContext context;
  @LocalServerPort int port;

  @Test
  void unconfiguredTheWebAppHasNoSecurityFilterAndAnswersWithoutAToken() throws Exception {
    assertThat(context.getBeansOfType(SecurityFilterChain.class)).isEmpty();
    assertThat(context.containsBean("springSecurityFilterChain")).isFalse();

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/orchestrate/project/TEST-001"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"options\":{\"dry_run\":true}}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void theLambdaContextNeverGetsTheJwtCheck() {
    try (ConfigurableApplicationContext lambda =
        new SpringApplicationBuilder(FunctionsApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                Map.of(
                    "AUTH_JWT_ISSUER", "https://issuer.test.example",
                    "AUTH_JWT_AUDIENCE", "dsm-orchestrator"))
            .run()) {
      assertThat(lambda.getBeansOfType(SecurityFilterChain.class)).isEmpty();
      assertThat(lambda.containsBean("springSecurityFilterChain")).isFalse();
    }
  }
}
