package org.dsm.orchestrator.functions.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.api.ApiRequest;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.functions.config.Platform;
import org.dsm.orchestrator.functions.config.SecretsManagerCredentials;
import org.dsm.orchestrator.functions.config.StoreConnection;
import org.dsm.orchestrator.functions.lambda.CredentialsRefreshHook;
import org.dsm.orchestrator.functions.support.TestPostgres;
import org.dsm.orchestrator.store.jdbc.RotatingCredentialsPool;
import org.dsm.orchestrator.store.jdbc.RotatingCredentialsPool.Credentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The JDBC password from Secrets Manager: the real AWS SDK client against a local endpoint speaking
 * GetSecretValue (LocalSecretsManager), and the app wired with METRICS_JDBC_PASSWORD_SECRET_ARN
 * against the machine's PostgreSQL, read again after a SnapStart restore.
 */
class SecretsManagerCredentialsTest {
  private static final String ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dsm-jdbc-AbCdEf";
  private LocalSecretsManager endpoint;

  @BeforeEach
  void start() throws Exception {
    endpoint = new LocalSecretsManager();
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private SecretsManagerCredentials credentials(String accessKey, String arn) {
    return new SecretsManagerCredentials(
        SecretsManagerClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.EU_WEST_1)
            .endpointOverride(endpoint.endpoint())
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(accessKey, "test-secret-key")))
            .build(),
        arn);
  }

  @Test
  void aPlainSecretIsThePassword() {
    endpoint.put(ARN, "s3cr3t-p4ss");
    try (SecretsManagerCredentials credentials = credentials(LocalSecretsManager.ACCESS_KEY, ARN)) {
      assertThat(credentials.get()).isEqualTo(new Credentials(null, "s3cr3t-p4ss"));
      assertThat(endpoint.reads()).containsExactly(ARN);
    }
  }

  @Test
  void anRdsStyleJsonSecretGivesUserAndPasswordAndEachCallReadsAgain() {
    endpoint.put(ARN, "{\"engine\":\"postgres\",\"username\":\"app_a\",\"password\":\"pa\"}");
    try (SecretsManagerCredentials credentials = credentials(LocalSecretsManager.ACCESS_KEY, ARN)) {
      assertThat(credentials.get()).isEqualTo(new Credentials("app_a", "pa"));
      endpoint.put(ARN, "{\"username\":\"app_b\",\"password\":\"pb\"}"); // rotated
      assertThat(credentials.get()).isEqualTo(new Credentials("app_b", "pb"));
      assertThat(endpoint.reads()).hasSize(2);
    }
  }

  @Test
  void failuresNameTheSecretAndTheCauseButNeverAValue() {
    endpoint.put(ARN, "{\"username\":\"app\",\"passwd\":\"do-not-print\"}");
    try (SecretsManagerCredentials unknown =
            credentials(LocalSecretsManager.ACCESS_KEY, ARN + "-missing");
        SecretsManagerCredentials denied = credentials("someone-else", ARN);
        SecretsManagerCredentials noPassword = credentials(LocalSecretsManager.ACCESS_KEY, ARN)) {
      assertThatThrownBy(unknown::get)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(ARN + "-missing")
          .hasMessageContaining("can't find the specified secret");
      assertThatThrownBy(denied::get).hasMessageContaining("not signed for secretsmanager");
      assertThatThrownBy(noPassword::get)
          .hasMessageContaining("without a \"password\"")
          .hasMessageNotContaining("do-not-print");
    }
  }

  @Test
  void theAppReadsItsJdbcCredentialsFromTheSecretAndAgainAfterARestore() throws Exception {
    String url = TestPostgres.URL;
    endpoint.put(ARN, "{\"username\":\"postgres\",\"password\":\"from-the-secret\"}");
    Map<String, String> sdk =
        Map.of(
            "aws.endpointUrlSecretsManager",
            endpoint.endpoint().toString(),
            "aws.accessKeyId",
            LocalSecretsManager.ACCESS_KEY,
            "aws.secretAccessKey",
            "test-secret-key");
    sdk.forEach(System::setProperty);
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(FunctionsApplication.class)
            .web(WebApplicationType.NONE)
            .properties(
                Map.of(
                    "METRICS_STORE", "jdbc",
                    "METRICS_JDBC_URL", url,
                    "METRICS_JDBC_USER", "not-this-one",
                    "METRICS_JDBC_PASSWORD_SECRET_ARN", ARN,
                    "AWS_REGION", "eu-west-1"))
            .run()) {
      // the store's data source reopens after a SnapStart drain; the pool inside rotates
      RotatingCredentialsPool pool =
          app.getBean(StoreConnection.class).jdbc().unwrap(RotatingCredentialsPool.class);
      assertThat(pool.getUsername()).isEqualTo("postgres");
      assertThat(endpoint.reads()).containsExactly(ARN);

      String id = "secret-" + UUID.randomUUID();
      ApiResponse response =
          app.getBean(OrchestratorApi.class)
              .handle(
                  new ApiRequest(
                      "POST",
                      "/orchestrate/project/TEST-001",
                      Map.of(),
                      Map.of("content-type", "application/json"),
                      "{\"options\": {\"dry_run\": true}}".getBytes(),
                      false),
                  Platform.context(Platform.LAMBDA, "http", id));
      app.getBean(MetricsRecorder.class).flush();
      assertThat(response.status()).isEqualTo(200);
      assertThat(
              app.getBean(MetricsStore.class)
                  .query(
                      new MetricsStore.MetricsQuery(
                          "orchestrate",
                          "TEST-001",
                          Instant.now().minus(Duration.ofMinutes(5)),
                          Instant.now().plusSeconds(5),
                          500,
                          null))
                  .records())
          .anySatisfy(r -> assertThat(r.invocationId()).isEqualTo(id));

      app.getBean(CredentialsRefreshHook.class).afterRestore(null);

      assertThat(endpoint.reads()).containsExactly(ARN, ARN);
    } finally {
      sdk.keySet().forEach(System::clearProperty);
    }
  }

  @Test
  void aPasswordAndASecretTogetherStopTheStart() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(FunctionsApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties(
                        Map.of(
                            "METRICS_STORE", "jdbc",
                            "METRICS_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                            "METRICS_JDBC_PASSWORD", "literal",
                            "METRICS_JDBC_PASSWORD_SECRET_ARN", ARN))
                    .run()
                    .close())
        .hasStackTraceContaining("not both");
  }
}
