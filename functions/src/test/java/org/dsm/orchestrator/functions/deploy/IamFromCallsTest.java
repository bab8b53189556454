package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.decision.ScheduleNames;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.fixtures.FakeDsmServer;
import org.dsm.orchestrator.functions.cases.ApiCase;
import org.dsm.orchestrator.functions.iam.AwsCall;
import org.dsm.orchestrator.functions.iam.AwsCallRecorder;
import org.dsm.orchestrator.functions.iam.PolicyCheck;
import org.dsm.orchestrator.functions.secrets.LocalSecretsManager;
import org.dsm.orchestrator.functions.support.LambdaRun;
import org.dsm.orchestrator.schedules.aws.FakeSchedulerServer;
import org.dsm.orchestrator.store.dynamodb.DynamoDbConnection;
import org.dsm.orchestrator.store.dynamodb.DynamoDbMetricsStore;
import org.dsm.orchestrator.store.jdbc.TestPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The IAM statements of each function in template.yaml, derived from the calls the function really
 * makes: each function's Lambda handler is driven through its paths (the case table,
 * Idempotency-Key first calls, replays, conflicts and a 5xx that releases its key, the scheduled
 * benchmark, the report with stored history) against dynalite with METRICS_STORE=dynamodb, exactly
 * as on AWS (no METRICS_DYNAMODB_ENDPOINT, so no emulator-only table creation; the SDK is pointed
 * at dynalite by its own endpoint setting). Every AWS SDK call is recorded by {@link
 * AwsCallRecorder}; the test's own set-up (CreateTable) happens before recording. The check fails
 * when a function is missing a grant for a call it made, or is granted an action (on a resource) it
 * never used.
 *
 * <p>The same for the JDBC store with its password in Secrets Manager: each function is started
 * with METRICS_STORE=jdbc and METRICS_JDBC_PASSWORD_SECRET_ARN against a local Secrets Manager
 * endpoint ({@link LocalSecretsManager}, the service's JSON protocol), and the template, deployed
 * with that ARN as MetricsJdbcPasswordSecretArn, must grant exactly the GetSecretValue calls it
 * made on that secret; deployed without it, no Secrets Manager grant at all (the DynamoDB runs).
 *
 * <p>And with Scheduler=aws (DsmDataSource=http against {@link FakeDsmServer}, the EventBridge
 * Scheduler SDK against {@link FakeSchedulerServer}): both functions, the scheduled benchmark's dry
 * runs included, must be granted every Scheduler call they make. performanceMetrics exactly (it
 * only reads); orchestrate's unused Scheduler grants are not reported here, since these paths do
 * not replace or list schedules — SchedulerGrantsTest holds the adapter's full set. Its deletes
 * come from the daily-scrum run of a sprint closed at the sprint service, which removes its own
 * schedule.
 */
@EnabledIfEnvironmentVariable(
    named = "DYNALITE_ENDPOINT",
    matches = ".+",
    disabledReason = "DYNALITE_ENDPOINT is not set (scripts/test.sh starts dynalite and sets it)")
class IamFromCallsTest {
  /**
   * Services the application calls through the AWS SDK (IAM prefixes); other grants are not ours.
   */
  static final Set<String> SDK_SERVICES = Set.of("dynamodb", "secretsmanager", "scheduler");

  private static final String SCHEDULE_GROUP = "iam-daily-scrums";

  private static final String TABLE = "iam-" + UUID.randomUUID();
  private static final String SECRET_NAME =
      "dsm-jdbc-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String SECRET_ARN =
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + SECRET_NAME;
  private static final Map<String, String> AWS = new HashMap<>();
  private static LocalSecretsManager secretsManager;
  private static FakeSchedulerServer scheduler;

  @BeforeAll
  static void createTable() throws Exception {
    secretsManager = new LocalSecretsManager();
    scheduler = FakeSchedulerServer.start(SCHEDULE_GROUP);
    AWS.put("aws.endpointUrlDynamoDb", System.getenv().getOrDefault("DYNALITE_ENDPOINT", ""));
    AWS.put("aws.endpointUrlSecretsManager", secretsManager.endpoint().toString());
    AWS.put("aws.endpointUrlScheduler", scheduler.endpoint().toString());
    AWS.put("aws.accessKeyId", LocalSecretsManager.ACCESS_KEY);
    AWS.put("aws.secretAccessKey", "local");
    AWS.forEach(System::setProperty);
    try (var client =
        DynamoDbConnection.client("us-east-1", URI.create(System.getenv("DYNALITE_ENDPOINT")))) {
      new DynamoDbMetricsStore(client, TABLE, Duration.ofDays(1)).createTableIfMissing();
    }
  }

  @AfterAll
  static void clear() {
    AWS.keySet().forEach(System::clearProperty);
    secretsManager.close();
    scheduler.close();
  }

  private static Map<String, String> settings(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(extra);
    settings.put("METRICS_STORE", "dynamodb");
    settings.put("METRICS_TABLE", TABLE);
    settings.put("BENCHMARK_ITERATIONS", "2");
    return settings;
  }

  /** DsmDataSource=http against the fake DSM services, Scheduler=aws against the fake Scheduler. */
  private static Map<String, String> awsScheduler(FakeDsmServer dsm) {
    // the template's default read timeout: a sprint write's worst case (10 s write + 5.25 s
    // read-back + 3 reads) then fits the 29 s a 30 s Context leaves; with 10 s reads (45.25 s) the
    // orchestration would rightly start no write
    Map<String, String> settings = new HashMap<>(dsm.environment(Duration.ofSeconds(2)));
    settings.put("DSM_DATA_SOURCE", "http");
    settings.put("DSM_SCHEDULER", "aws");
    settings.put("DSM_SCHEDULE_GROUP", SCHEDULE_GROUP);
    settings.put(
        "DSM_SCHEDULE_TARGET_ARN",
        "arn:aws:lambda:us-east-1:123456789012:function:iam-orchestrate:live");
    settings.put("DSM_SCHEDULE_ROLE_ARN", "arn:aws:iam::123456789012:role/iam-daily-scrum");
    settings.put("aws.region", FakeSchedulerServer.REGION);
    return settings;
  }

  @Test
  void orchestrateIsGrantedExactlyWhatItCalls() throws Exception {
    LambdaRun embedded = new LambdaRun("orchestrate", settings(Map.of()));
    LambdaRun dsmDown = new LambdaRun("orchestrate", settings(deadDsm()));
    FakeDsmServer dsm = FakeDsmServer.start();
    LambdaRun scheduled = new LambdaRun("orchestrate", settings(awsScheduler(dsm)));
    List<AwsCall> calls =
        AwsCallRecorder.record(
            () -> {
              for (ApiCase row : rows("orchestrate")) {
                embedded.invoke(row.eventBytes(), "iam-" + UUID.randomUUID());
              }
              String key = "iam-key-" + UUID.randomUUID();
              byte[] first = withKey("orchestrate-dry-run.json", key, null);
              assertThat(embedded.invoke(first, "iam-first-" + key).status()).isEqualTo(200);
              var replay = embedded.invoke(first, "iam-replay-" + key);
              assertThat(replay.response().path("headers").path("Idempotent-Replayed").asText())
                  .isEqualTo("true");
              byte[] conflict =
                  withKey(
                      "orchestrate-dry-run.json",
                      key,
                      "{\"options\":{\"dry_run\":true,\"assign_tasks\":false}}");
              assertThat(embedded.invoke(conflict, "iam-conflict-" + key).status()).isEqualTo(422);
              // a 5xx is not remembered: its key is released for the retry
              String released = "iam-released-" + UUID.randomUUID();
              assertThat(
                      dsmDown
                          .invoke(withKey("orchestrate-dry-run.json", released, null), released)
                          .status())
                  .isEqualTo(503);
              // Scheduler=aws: the first run starts a sprint and creates its schedule, a dry run of
              // the running sprint reads it
              String sprintId = null;
              for (String event :
                  List.of("orchestrate-happy-path.json", "orchestrate-dry-run.json")) {
                var run =
                    scheduled.invoke(
                        Files.readAllBytes(ApiCase.EVENTS.resolve(event)),
                        "iam-scheduled-" + UUID.randomUUID());
                assertThat(run.status()).as("%s: %s", event, run.response()).isEqualTo(200);
                sprintId = sprintId == null ? run.body().path("sprint_id").asText() : sprintId;
              }
              // the sprint closed at the sprint service: its schedule's next run deletes it
              dsm.data().closeSprint(ProjectId.of(EmbeddedDataset.TEST), sprintId);
              var schedule =
                  scheduler.schedule(
                      SCHEDULE_GROUP, ScheduleNames.dailyScrum(EmbeddedDataset.TEST, sprintId));
              byte[] delivery =
                  schedule
                      .path("Target")
                      .path("Input")
                      .asText()
                      .replace("<aws.scheduler.scheduled-time>", "2026-12-08T14:00:00Z")
                      .replace("<aws.scheduler.execution-id>", UUID.randomUUID().toString())
                      .replace("<aws.scheduler.schedule-arn>", schedule.path("Arn").asText())
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8);
              var over = scheduled.invoke(delivery, "iam-sprint-over-" + UUID.randomUUID());
              assertThat(over.status()).as("%s", over.response()).isEqualTo(409);
            });
    dsm.close();
    assertThat(calls)
        .extracting(AwsCall::action)
        .contains("scheduler:GetSchedule", "scheduler:CreateSchedule", "scheduler:DeleteSchedule");
    assertGrantsMatch("orchestrate", calls, SDK_SERVICES, Map.of(), Set.of("scheduler"));
  }

  @Test
  void performanceMetricsIsGrantedExactlyWhatItCalls() throws Exception {
    LambdaRun metrics = new LambdaRun("performanceMetrics", settings(Map.of()));
    // the DSM services down: the breaker reads the fleet's circuit mark (GetItem) and, once its
    // window of 2 calls failed, shares its own (conditional PutItem)
    Map<String, String> down = new HashMap<>(deadDsm());
    down.put("DSM_BREAKER_WINDOW", "2");
    down.put("DSM_BREAKER_WAIT_MS", "100"); // its marks expire before the other runs read them
    LambdaRun metricsDsmDown = new LambdaRun("performanceMetrics", settings(down));
    FakeDsmServer dsm = FakeDsmServer.start();
    LambdaRun scheduled = new LambdaRun("performanceMetrics", settings(awsScheduler(dsm)));
    // set-up: a running sprint with its schedule, which the benchmark's dry runs then look up,
    // and a dry run of it: two orchestrations in the project's stored history
    LambdaRun orchestrate = new LambdaRun("orchestrate", settings(awsScheduler(dsm)));
    var started =
        orchestrate.invoke(
            Files.readAllBytes(ApiCase.EVENTS.resolve("orchestrate-happy-path.json")),
            "iam-setup-" + UUID.randomUUID());
    assertThat(started.body().path("decisions").path("cronjob_created").asBoolean()).isTrue();
    assertThat(
            orchestrate
                .invoke(
                    Files.readAllBytes(ApiCase.EVENTS.resolve("orchestrate-dry-run.json")),
                    "iam-setup-dry-" + UUID.randomUUID())
                .status())
        .isEqualTo(200);
    List<AwsCall> calls =
        AwsCallRecorder.record(
            () -> {
              for (ApiCase row : rows("performanceMetrics")) {
                metrics.invoke(row.eventBytes(), "iam-" + UUID.randomUUID());
              }
              var benchmark =
                  metrics.invoke(
                      Files.readAllBytes(ApiCase.EVENTS.resolve("scheduled-benchmark.json")),
                      "iam-schedule-" + UUID.randomUUID());
              assertThat(benchmark.status()).isEqualTo(200);
              // the report again: its stored history reads the set-up's orchestrations (the
              // benchmark's dry runs are recorded under a function of their own)
              var report =
                  metrics.invoke(
                      Files.readAllBytes(ApiCase.EVENTS.resolve("metrics-happy-path.json")),
                      "iam-report-" + UUID.randomUUID());
              assertThat(report.status()).isEqualTo(200);
              assertThat(report.body().path("history").path("invocations").asInt())
                  .isGreaterThanOrEqualTo(2);
              assertThat(report.body().path("history").path("benchmark_invocations").asInt())
                  .as("the benchmark's runs, shown apart")
                  .isPositive();
              metricsDsmDown.invoke(
                  Files.readAllBytes(ApiCase.EVENTS.resolve("scheduled-benchmark.json")),
                  "iam-schedule-down-" + UUID.randomUUID());
              metricsDsmDown.invoke(
                  Files.readAllBytes(ApiCase.EVENTS.resolve("metrics-happy-path.json")),
                  "iam-report-down-" + UUID.randomUUID());
              // Scheduler=aws: the benchmark's dry runs read the sprint's schedule
              var scheduledBenchmark =
                  scheduled.invoke(
                      Files.readAllBytes(ApiCase.EVENTS.resolve("scheduled-benchmark.json")),
                      "iam-schedule-aws-" + UUID.randomUUID());
              assertThat(scheduledBenchmark.status()).isEqualTo(200);
              assertThat(scheduledBenchmark.body().path("errors").asInt())
                  .as("benchmark errors: %s", scheduledBenchmark.body())
                  .isZero();
            });
    dsm.close();
    assertThat(calls)
        .as("the circuit marks of a DSM that is down")
        .contains(
            new AwsCall("dynamodb:GetItem", Set.of("table/" + TABLE)),
            new AwsCall("dynamodb:PutItem", Set.of("table/" + TABLE)));
    assertThat(calls).extracting(AwsCall::action).contains("scheduler:GetSchedule");
    assertGrantsMatch("performanceMetrics", calls, SDK_SERVICES, Map.of());
  }

  @Test
  void onTheJdbcStoreOrchestrateIsGrantedExactlyTheSecretItReads() throws Exception {
    assertJdbcSecretGrantsMatch("orchestrate", "orchestrate-dry-run.json");
  }

  @Test
  void onTheJdbcStorePerformanceMetricsIsGrantedExactlyTheSecretItReads() throws Exception {
    assertJdbcSecretGrantsMatch("performanceMetrics", "metrics-happy-path.json");
  }

  /**
   * Starts {@code function} on the JDBC store with its credentials in the secret (start-up is when
   * the pool first reads them), serves one request, and checks the Secrets Manager grants of a
   * deployment with MetricsStore=jdbc and that secret's ARN against the calls made.
   */
  private static void assertJdbcSecretGrantsMatch(String function, String event) throws Exception {
    TestPostgres.Database database = TestPostgres.get();
    secretsManager.put(
        SECRET_ARN,
        DeployFiles.JSON.writeValueAsString(
            Map.of("username", database.user(), "password", database.password())));
    Map<String, String> settings =
        Map.of(
            "METRICS_STORE", "jdbc",
            "METRICS_JDBC_URL", database.url(),
            "METRICS_JDBC_USER", "not-this-one",
            "METRICS_JDBC_PASSWORD_SECRET_ARN", SECRET_ARN,
            "AWS_REGION", "eu-west-1");
    List<AwsCall> calls =
        AwsCallRecorder.record(
            () -> {
              LambdaRun run = new LambdaRun(function, settings);
              var outcome =
                  run.invoke(
                      Files.readAllBytes(ApiCase.EVENTS.resolve(event)),
                      "iam-jdbc-" + UUID.randomUUID());
              assertThat(outcome.status()).isEqualTo(200);
            });
    assertThat(calls)
        .as("%s on the JDBC store calls no AWS service but Secrets Manager", function)
        .allSatisfy(call -> assertThat(call.action()).startsWith("secretsmanager:"))
        .contains(new AwsCall("secretsmanager:GetSecretValue", Set.of("secret:" + SECRET_NAME)));
    assertThat(globalVariableRef("METRICS_JDBC_PASSWORD_SECRET_ARN"))
        .isEqualTo("MetricsJdbcPasswordSecretArn");
    assertGrantsMatch(
        function,
        calls,
        Set.of("secretsmanager"),
        Map.of("MetricsStore", "jdbc", "MetricsJdbcPasswordSecretArn", SECRET_ARN));
  }

  /** The checker itself: a missing and a superfluous grant are both reported. */
  @Test
  void theCheckReportsMissingAndUnusedGrants() {
    var grants =
        List.of(
            new PolicyCheck.Grant("dynamodb:PutItem", "table/t"),
            new PolicyCheck.Grant("dynamodb:Query", "table/t/index/*"));
    var calls =
        List.of(
            new AwsCall("dynamodb:PutItem", Set.of("table/t")),
            new AwsCall("dynamodb:GetItem", Set.of("table/t")),
            new AwsCall("dynamodb:PutItem", Set.of("table/other")));
    assertThat(PolicyCheck.problems(grants, calls))
        .containsExactlyInAnyOrder(
            "called but not granted: dynamodb:GetItem on table/t",
            "called but not granted: dynamodb:PutItem on table/other",
            "granted but never called: dynamodb:Query on table/t/index/*");
  }

  /**
   * The template's grants to {@code function} for {@code services}, deployed with {@code
   * parameters} (the rest at their defaults), against the calls it made.
   */
  /** The conditions a grant depends on follow the deployment's parameters. */
  @Test
  void aConditionalGrantCountsOnlyWhenItsConditionHolds() {
    JsonNode template = DeployFiles.templateJson();
    assertThat(PolicyCheck.conditions(template, Map.of()).test("HasJdbcSecret")).isFalse();
    assertThat(
            PolicyCheck.conditions(template, Map.of("MetricsJdbcPasswordSecretArn", SECRET_ARN))
                .test("HasJdbcSecret"))
        .isTrue();
    assertThat(
            PolicyCheck.grants(
                functionResource("orchestrate"),
                Set.of("secretsmanager"),
                physicalResources(),
                PolicyCheck.conditions(template, Map.of())))
        .isEmpty();
  }

  private static void assertGrantsMatch(
      String function, List<AwsCall> calls, Set<String> services, Map<String, String> parameters) {
    assertGrantsMatch(function, calls, services, parameters, Set.of());
  }

  /** As above; grants of {@code mayBeUnused} services need not have been called here. */
  private static void assertGrantsMatch(
      String function,
      List<AwsCall> calls,
      Set<String> services,
      Map<String, String> parameters,
      Set<String> mayBeUnused) {
    assertThat(calls).as("%s made no AWS call at all", function).isNotEmpty();
    JsonNode resource = functionResource(function);
    List<PolicyCheck.Grant> grants =
        PolicyCheck.grants(
            resource,
            services,
            physicalResources(),
            PolicyCheck.conditions(DeployFiles.templateJson(), parameters));
    Set<String> called = new TreeSet<>();
    calls.forEach(call -> called.add(call.action() + " " + call.resources()));
    assertThat(PolicyCheck.problems(grants, calls))
        .filteredOn(
            problem ->
                mayBeUnused.stream()
                    .noneMatch(s -> problem.startsWith("granted but never called: " + s + ":")))
        .as("template.yaml statements of %s against the calls it made: %s", function, called)
        .isEmpty();
  }

  /**
   * Template logical id → the ARN resource part of what the test ran against (the metrics table is
   * passed to both functions as METRICS_TABLE: !Ref MetricsTable, the secret's ARN as
   * METRICS_JDBC_PASSWORD_SECRET_ARN: !Ref MetricsJdbcPasswordSecretArn; both checked).
   */
  static Map<String, String> physicalResources() {
    return Map.of(
        "MetricsTable",
        "table/" + TABLE,
        "MetricsJdbcPasswordSecretArn",
        "secret:" + SECRET_NAME,
        "DailyScrumScheduleGroup",
        SCHEDULE_GROUP);
  }

  private static JsonNode functionResource(String function) {
    List<JsonNode> found = new ArrayList<>();
    DeployFiles.templateJson()
        .path("Resources")
        .forEach(
            resource -> {
              if (resource.path("Type").asText().equals("AWS::Serverless::Function")
                  && resource
                      .path("Properties")
                      .path("Environment")
                      .path("Variables")
                      .path("SPRING_CLOUD_FUNCTION_DEFINITION")
                      .asText()
                      .equals(function)) {
                found.add(resource);
              }
            });
    assertThat(found).as("template.yaml functions running %s", function).hasSize(1);
    assertThat(globalVariableRef("METRICS_TABLE")).isEqualTo("MetricsTable");
    assertThat(globalVariableRef("DSM_SCHEDULE_GROUP")).isEqualTo("DailyScrumScheduleGroup");
    return found.get(0);
  }

  private static List<ApiCase> rows(String function) {
    return ApiCase.all().stream().filter(row -> row.function().equals(function)).toList();
  }

  private static byte[] withKey(String file, String key, String body) throws Exception {
    JsonNode event = DeployFiles.JSON.readTree(Files.readAllBytes(ApiCase.EVENTS.resolve(file)));
    ((ObjectNode) event.path("headers")).put("idempotency-key", key);
    if (body != null) {
      ((ObjectNode) event).put("body", body);
    }
    return DeployFiles.JSON.writeValueAsBytes(event);
  }

  /** DSM services at a port nothing listens on: every call fails at once (503). */
  private static Map<String, String> deadDsm() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + port;
    return Map.of(
        "DSM_DATA_SOURCE", "http",
        "PROJECT_SERVICE_URL", url,
        "BACKLOG_SERVICE_URL", url,
        "SPRINT_SERVICE_URL", url,
        "CHRONICLE_SERVICE_URL", url,
        "DSM_HTTP_TIMEOUT_MS", "500");
  }

  /** What the template's Globals set an environment variable to: the resource it references. */
  private static String globalVariableRef(String name) {
    return DeployFiles.templateJson()
        .path("Globals")
        .path("Function")
        .path("Environment")
        .path("Variables")
        .path(name)
        .path("Ref")
        .asText();
  }
}
