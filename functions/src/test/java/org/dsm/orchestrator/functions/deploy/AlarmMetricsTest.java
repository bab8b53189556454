package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.cases.ApiCase;
import org.dsm.orchestrator.functions.lambda.LambdaHandler;
import org.dsm.orchestrator.functions.support.LambdaRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every CloudWatch alarm in template.yaml watches a metric the app really emits: the whole case
 * table (and the scheduled benchmark) runs through the Lambda handler with {@code
 * METRICS_EMF=true}, the EMF lines it prints are captured, and each alarm's namespace, metric name
 * and dimensions (names and values) must match a metric of one of those lines. A misspelt metric or
 * a dimension the lines do not carry would leave an alarm silent forever.
 */
class AlarmMetricsTest {
  /** One metric an EMF line defines: namespace, name and one of its dimension sets with values. */
  record EmittedMetric(String namespace, String name, Map<String, String> dimensions) {}

  private static final Set<EmittedMetric> EMITTED = new HashSet<>();

  /** The EMF lines themselves, for the checks on which invocations carry a metric. */
  private static final List<JsonNode> LINES = new ArrayList<>();

  /** Lambda's own metrics: what no EMF line can report (init crash, timeout, OOM, throttle). */
  static final String LAMBDA_NAMESPACE = "AWS/Lambda";

  @BeforeAll
  static void runTheCaseTableWithEmf() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    System.setOut(tee);
    System.setProperty("METRICS_EMF", "true");
    System.setProperty("MAIN_CLASS", FunctionsApplication.class.getName());
    try {
      Map<String, LambdaHandler> handlers = new LinkedHashMap<>();
      for (String function : List.of("orchestrate", "performanceMetrics")) {
        handlers.put(function, new LambdaHandler(function));
      }
      List<byte[]> events = new ArrayList<>();
      for (ApiCase row : ApiCase.all()) {
        invoke(handlers.get(row.function()), row.eventBytes());
      }
      events.add(Files.readAllBytes(ApiCase.EVENTS.resolve("scheduled-benchmark.json")));
      for (byte[] event : events) {
        invoke(handlers.get("performanceMetrics"), event);
      }
    } finally {
      System.setOut(original);
      System.clearProperty("METRICS_EMF");
      System.clearProperty("MAIN_CLASS");
    }
    for (String line : captured.toString(StandardCharsets.UTF_8).lines().toList()) {
      if (line.startsWith("{\"_aws\"")) {
        JsonNode emf = DeployFiles.JSON.readTree(line);
        LINES.add(emf);
        collect(emf);
      }
    }
  }

  private static int invocations;

  /**
   * With a Context, as Lambda always calls: its request id makes the record the invocation's own,
   * held back and printed with the handler's total ({@code Duration.request_to_response}) once the
   * response is serialised, as on Lambda; without one neither happens.
   */
  private static void invoke(LambdaHandler handler, byte[] event) throws Exception {
    handler.handleRequest(
        new ByteArrayInputStream(event),
        new ByteArrayOutputStream(),
        LambdaRun.context("alarm-metrics-" + ++invocations));
  }

  private static void collect(JsonNode line) {
    for (JsonNode directive : line.path("_aws").path("CloudWatchMetrics")) {
      for (JsonNode metric : directive.path("Metrics")) {
        for (JsonNode dimensionSet : directive.path("Dimensions")) {
          Map<String, String> dimensions = new TreeMap<>();
          dimensionSet.forEach(
              name -> dimensions.put(name.asText(), line.path(name.asText()).asText()));
          EMITTED.add(
              new EmittedMetric(
                  directive.path("Namespace").asText(), metric.path("Name").asText(), dimensions));
        }
      }
    }
  }

  /** Every metric an alarm reads: its own, or each MetricStat of a metric-math alarm. */
  private static Map<String, List<EmittedMetric>> alarmMetrics() {
    Map<String, List<EmittedMetric>> watched = new TreeMap<>();
    DeployFiles.templateJson()
        .path("Resources")
        .fields()
        .forEachRemaining(
            resource -> {
              if (!resource.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")) {
                return;
              }
              JsonNode properties = resource.getValue().path("Properties");
              List<EmittedMetric> metrics = new ArrayList<>();
              if (properties.has("MetricName")) {
                metrics.add(metric(properties));
              }
              for (JsonNode query : properties.path("Metrics")) {
                if (query.has("MetricStat")) {
                  metrics.add(metric(query.path("MetricStat").path("Metric")));
                }
              }
              watched.put(resource.getKey(), metrics);
            });
    return watched;
  }

  private static EmittedMetric metric(JsonNode node) {
    Map<String, String> dimensions = new TreeMap<>();
    for (JsonNode dimension : node.path("Dimensions")) {
      dimensions.put(dimension.path("Name").asText(), dimension.path("Value").asText());
    }
    return new EmittedMetric(
        node.path("Namespace").asText(), node.path("MetricName").asText(), dimensions);
  }

  @Test
  void theCaseTablePrintedEmfLinesForBothFunctions() {
    Set<String> functions = new TreeSet<>();
    EMITTED.forEach(m -> functions.add(m.dimensions().getOrDefault("function", "")));
    assertThat(functions).contains("orchestrate", "performanceMetrics");
  }

  @Test
  void everyAlarmWatchesAMetricTheAppEmits() {
    Map<String, List<EmittedMetric>> alarms = alarmMetrics();
    assertThat(alarms)
        .containsKeys(
            "OrchestrateLatencyAlarm",
            "OrchestrateErrorRateAlarm",
            "ColdStartRateAlarm",
            "ReportRegressionAlarm",
            "BenchmarkRegressionAlarm");
    alarms.forEach(
        (alarm, metrics) -> {
          assertThat(metrics).as(alarm + " reads a metric").isNotEmpty();
          if (metrics.stream().allMatch(m -> m.namespace().equals(LAMBDA_NAMESPACE))) {
            return; // Lambda's own metrics: lambdaAlarmsWatchEachFunctionsLiveAliasAndGateIt
          }
          for (EmittedMetric metric : metrics) {
            assertThat(metric.dimensions()).as(alarm + " dimensions").isNotEmpty();
            assertThat(EMITTED)
                .as(
                    alarm
                        + " watches "
                        + metric
                        + "; emitted with that name: "
                        + EMITTED.stream().filter(m -> m.name().equals(metric.name())).toList())
                .contains(metric);
          }
        });
  }

  /**
   * The store's lost records are counted per process and reported on the next EMF line that process
   * prints, whichever function that line is for: a performanceMetrics instance reports the losses
   * of its reports and of the benchmark's dry runs (function {@code orchestrateBenchmark}) under
   * those functions. The alarm must read every function the lines carry it under, or those losses
   * never reach it.
   */
  @Test
  void theUnwrittenRecordsAlarmReadsEveryFunctionThatReportsThem() {
    List<EmittedMetric> reported =
        EMITTED.stream()
            .filter(m -> m.name().equals("MetricsUnwritten"))
            .filter(m -> m.dimensions().keySet().equals(Set.of("function")))
            .toList();
    assertThat(reported)
        .extracting(m -> m.dimensions().get("function"))
        .contains("orchestrate", "performanceMetrics", "orchestrateBenchmark");
    assertThat(alarmMetrics().get("MetricsUnwrittenAlarm")).containsAll(reported);
  }

  /**
   * The latency alarm compares a p95 with {@code ThresholdTotalMs}, the limit the app's own check
   * applies to the invocations that ran a use case ({@code request_to_response}). {@code Duration}
   * also counts rejected requests and replays, answered in a fraction of that time: enough of them
   * pull the p95 under the limit while every orchestration is slow. So the alarm's metric must be
   * on exactly the lines of invocations that ran the use case ({@code
   * Duration.total_orchestration}).
   */
  @Test
  void theLatencyAlarmReadsOnlyInvocationsThatRanTheUseCase() {
    List<EmittedMetric> latency = alarmMetrics().get("OrchestrateLatencyAlarm");
    assertThat(latency).hasSize(1);
    String metric = latency.get(0).name();
    List<JsonNode> orchestrate =
        LINES.stream().filter(l -> l.path("function").asText().equals("orchestrate")).toList();
    List<String> ranTheUseCase = new ArrayList<>();
    List<String> carryTheMetric = new ArrayList<>();
    for (JsonNode line : orchestrate) {
      String id = line.path("invocation_id").asText() + " " + line.path("status_code").asInt();
      if (ranAUseCase(line)) {
        ranTheUseCase.add(id);
      }
      if (line.has(metric)) {
        carryTheMetric.add(id);
      }
    }
    assertThat(ranTheUseCase).isNotEmpty().hasSizeLessThan(orchestrate.size());
    assertThat(carryTheMetric).as(metric).containsExactlyInAnyOrderElementsOf(ranTheUseCase);
  }

  /**
   * A use case's timings (beside the store write, which every record has, and the handler's total
   * under test): a rejected request or a replay has none.
   */
  private static boolean ranAUseCase(JsonNode line) {
    List<String> components = new ArrayList<>();
    line.fieldNames()
        .forEachRemaining(
            field -> {
              if (field.startsWith("Duration.")
                  && !field.equals("Duration.metrics_store_write")
                  && !field.equals("Duration.request_to_response")) {
                components.add(field);
              }
            });
    return !components.isEmpty();
  }

  @Test
  void theCheckRejectsAMetricNoLineCarries() {
    assertThat(EMITTED)
        .doesNotContain(
            new EmittedMetric("DsmOrchestrator", "Durations", Map.of("function", "orchestrate")))
        .doesNotContain(
            new EmittedMetric(
                "DsmOrchestrator", "Duration", Map.of("function", "orchestrate", "stage", "live")))
        .contains(
            new EmittedMetric("DsmOrchestrator", "Duration", Map.of("function", "orchestrate")));
  }

  /**
   * Each function's live alias has an AWS/Lambda Errors and a Throttles alarm (FunctionName = the
   * function, Resource = {@code <function>:<AutoPublishAlias>}), and every such alarm gates the
   * deployments: a version that crashes at init or restore, times out or is killed prints no EMF,
   * so only these see it.
   */
  @Test
  void lambdaAlarmsWatchEachFunctionsLiveAliasAndGateIt() {
    JsonNode template = DeployFiles.templateJson();
    String alias = template.path("Globals").path("Function").path("AutoPublishAlias").asText();
    assertThat(alias).isEqualTo("live");
    Set<String> gated = new TreeSet<>();
    template
        .path("Globals")
        .path("Function")
        .path("DeploymentPreference")
        .path("Alarms")
        .forEach(alarm -> gated.add(alarm.path("Ref").asText()));
    Map<String, Set<String>> watched = new TreeMap<>(); // function → Lambda metrics alarmed on
    template
        .path("Resources")
        .fields()
        .forEachRemaining(
            resource -> {
              JsonNode properties = resource.getValue().path("Properties");
              if (!resource.getValue().path("Type").asText().equals("AWS::CloudWatch::Alarm")
                  || !properties.path("Namespace").asText().equals(LAMBDA_NAMESPACE)) {
                return;
              }
              Map<String, JsonNode> dimensions = new TreeMap<>();
              properties
                  .path("Dimensions")
                  .forEach(d -> dimensions.put(d.path("Name").asText(), d.path("Value")));
              assertThat(dimensions)
                  .as(resource.getKey())
                  .containsOnlyKeys("FunctionName", "Resource");
              String function = dimensions.get("FunctionName").path("Ref").asText();
              assertThat(template.path("Resources").path(function).path("Type").asText())
                  .as(resource.getKey() + " FunctionName")
                  .isEqualTo("AWS::Serverless::Function");
              assertThat(dimensions.get("Resource").path("Fn::Sub").asText())
                  .as(resource.getKey() + " Resource: the function's alias")
                  .isEqualTo("${" + function + "}:" + alias);
              assertThat(properties.path("Statistic").asText()).isEqualTo("Sum");
              assertThat(gated).as("DeploymentPreference.Alarms").contains(resource.getKey());
              watched
                  .computeIfAbsent(function, f -> new TreeSet<>())
                  .add(properties.path("MetricName").asText());
            });
    assertThat(watched)
        .containsOnlyKeys("OrchestrateFunction", "PerformanceMetricsFunction")
        .allSatisfy(
            (function, metrics) -> assertThat(metrics).containsExactly("Errors", "Throttles"));
  }

  @Test
  void deploymentsRollBackOnTheAlarmsAndTheFunctionsJoinAVpcOnlyWhenGiven() {
    JsonNode template = DeployFiles.templateJson();
    JsonNode globals = template.path("Globals").path("Function");
    JsonNode rollback = globals.path("DeploymentPreference");
    assertThat(rollback.path("Type").path("Ref").asText()).isEqualTo("DeploymentType");
    Set<String> gated = new TreeSet<>();
    rollback.path("Alarms").forEach(alarm -> gated.add(alarm.path("Ref").asText()));
    assertThat(gated)
        .contains("OrchestrateLatencyAlarm", "OrchestrateErrorRateAlarm", "ColdStartRateAlarm");
    assertThat(alarmMetrics().keySet()).containsAll(gated);

    JsonNode vpc = globals.path("VpcConfig").path("Fn::If");
    assertThat(vpc.path(0).asText()).isEqualTo("HasVpc");
    assertThat(vpc.path(1).path("SubnetIds").path("Ref").asText()).isEqualTo("VpcSubnetIds");
    assertThat(vpc.path(1).path("SecurityGroupIds").path("Ref").asText())
        .isEqualTo("VpcSecurityGroupIds");
    assertThat(vpc.path(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
    assertThat(template.path("Parameters").path("VpcSubnetIds").path("Default").asText()).isEmpty();

    template
        .path("Resources")
        .fields()
        .forEachRemaining(
            resource -> {
              if (resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                JsonNode cap =
                    resource.getValue().path("Properties").path("ReservedConcurrentExecutions");
                assertThat(cap.path("Fn::If").path(1).path("Ref").asText())
                    .as(resource.getKey())
                    .endsWith("ReservedConcurrency");
              }
            });
    JsonNode throttle =
        template
            .path("Resources")
            .path("OrchestratorHttpApiStage")
            .path("Properties")
            .path("DefaultRouteSettings");
    assertThat(throttle.path("ThrottlingRateLimit").path("Ref").asText())
        .isEqualTo("ApiThrottleRateLimit");
    assertThat(throttle.path("ThrottlingBurstLimit").path("Ref").asText())
        .isEqualTo("ApiThrottleBurstLimit");
  }
}
