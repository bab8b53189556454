package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dsm.orchestrator.functions.config.EnvironmentVariables;
import org.dsm.orchestrator.functions.deploy.DeployFiles.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The deployment files against the code: env variables, function names, routes, events, table keys,
 * IAM.
 */
class DeploymentConsistencyTest {
  private static final String FUNCTION_TYPE = "AWS::Serverless::Function";
  private static final String DEFINITION = EnvironmentVariables.FUNCTION_DEFINITION;

  /** The daily-scrum scheduler's settings that only one platform's scheduler reads. */
  private static final Set<String> KUBERNETES_ONLY =
      Set.of("DSM_SCHEDULE_NAMESPACE", "DSM_SCHEDULE_TARGET_URL", "DSM_SCHEDULE_JOB_IMAGE");

  /**
   * The PostgreSQL timeouts: their defaults apply on Lambda, where template.yaml does not set them
   * (yet); the ConfigMap does.
   */
  private static final Set<String> DEFAULTS_ON_LAMBDA =
      Set.of(
          "METRICS_JDBC_STATEMENT_TIMEOUT_MS",
          "METRICS_JDBC_LOCK_TIMEOUT_MS",
          "METRICS_JDBC_SOCKET_TIMEOUT_MS");

  private static final Set<String> AWS_ONLY =
      Set.of("DSM_SCHEDULE_GROUP", "DSM_SCHEDULE_TARGET_ARN", "DSM_SCHEDULE_ROLE_ARN");

  private final JsonNode template = DeployFiles.templateJson();
  private final List<Manifest> manifests = DeployFiles.knativeManifests();

  /**
   * ScheduleTimeZone is refused at deploy time unless it looks like an IANA name: every zone id the
   * JDK knows passes the pattern (the app then checks it with ZoneId.of at start), typos and
   * offsets written as text do not.
   */
  @Test
  void theScheduleTimeZoneParameterTakesOnlyIanaNames() {
    JsonNode parameter = template.path("Parameters").path("ScheduleTimeZone");
    assertThat(parameter.path("Default").asText()).isEqualTo("UTC");
    Pattern allowed = Pattern.compile(parameter.path("AllowedPattern").asText());
    assertThat(ZoneId.getAvailableZoneIds())
        .hasSizeGreaterThan(400)
        .allSatisfy(zone -> assertThat(allowed.matcher(zone).matches()).as(zone).isTrue());
    for (String bad :
        List.of(
            "", " UTC", "Europe/", "Europe Berlin", "/Europe/Berlin", "+02:00", "Europe/Berlin;")) {
      assertThat(allowed.matcher(bad).matches()).as("'%s'", bad).isFalse();
    }
  }

  // ---- environment variables
  // -------------------------------------------------------------------------------

  /** The names declared in EnvironmentVariables.java, read from its source text. */
  private static Set<String> codeVariables() throws IOException {
    Path source =
        DeployFiles.projectRoot()
            .resolve(
                "functions/src/main/java/org/dsm/orchestrator/functions/config/EnvironmentVariables.java");
    Matcher constant =
        Pattern.compile("static final String \\w+\\s*=\\s*\"([^\"]+)\"")
            .matcher(Files.readString(source));
    Set<String> names = new TreeSet<>();
    while (constant.find()) {
      names.add(constant.group(1));
    }
    return names;
  }

  @Test
  void theParsedConstantsAreExactlyTheListTheCodeUses() throws IOException {
    assertThat(codeVariables()).containsExactlyInAnyOrderElementsOf(EnvironmentVariables.ALL);
  }

  private Map<String, Set<String>> templateVariablesByFunction() {
    Set<String> global =
        names(template.path("Globals").path("Function").path("Environment").path("Variables"));
    Map<String, Set<String>> byFunction = new HashMap<>();
    functions()
        .forEach(
            (logicalId, resource) -> {
              Set<String> names = new TreeSet<>(global);
              names.addAll(
                  names(resource.path("Properties").path("Environment").path("Variables")));
              byFunction.put(logicalId, names);
            });
    return byFunction;
  }

  private Set<String> knativeVariables(Manifest service) {
    Set<String> names = new TreeSet<>();
    for (JsonNode container :
        service.body().path("spec").path("template").path("spec").path("containers")) {
      container.path("env").forEach(env -> names.add(env.path("name").asText()));
      for (JsonNode source : container.path("envFrom")) {
        String configMap = source.path("configMapRef").path("name").asText();
        names.addAll(names(configMap(configMap).body().path("data")));
      }
    }
    return names;
  }

  @Test
  void everyVariableTheTemplateSetsIsReadByTheCode() throws IOException {
    Set<String> known = union(codeVariables(), DeployContract.JVM_VARIABLES);
    templateVariablesByFunction()
        .forEach(
            (function, names) ->
                assertThat(names).as("variables set on " + function).isSubsetOf(known));
  }

  @Test
  void everyVariableTheKnativeServicesSetIsReadByTheCode() throws IOException {
    Set<String> known = union(codeVariables(), DeployContract.JVM_VARIABLES);
    for (Manifest service : services()) {
      assertThat(knativeVariables(service)).as("variables set on " + service).isSubsetOf(known);
    }
  }

  @Test
  void everyVariableTheCodeReadsIsWiredOnBothPlatforms() throws IOException {
    Set<String> template = new TreeSet<>();
    templateVariablesByFunction().values().forEach(template::addAll);
    Set<String> notOnLambda = new TreeSet<>(codeVariables());
    notOnLambda.removeAll(template);
    // PORT: no HTTP server on Lambda; AWS_REGION: reserved, Lambda sets it; the DynamoDB endpoint:
    // local runs only; the metrics export: web mode only (Lambda has EMF); the Kubernetes
    // scheduler's
    notOnLambda.removeAll(KUBERNETES_ONLY);
    notOnLambda.removeAll(DEFAULTS_ON_LAMBDA);
    notOnLambda.removeAll(DeployContract.KNATIVE_ONLY);
    assertThat(notOnLambda)
        .containsExactlyInAnyOrder(
            "PORT",
            "AWS_REGION",
            "METRICS_DYNAMODB_ENDPOINT",
            "METRICS_EXPORT",
            "OTLP_METRICS_URL",
            "OTLP_STEP");

    for (Manifest service : services()) {
      Set<String> missing = new TreeSet<>(codeVariables());
      missing.removeAll(knativeVariables(service));
      missing.removeAll(AWS_ONLY);
      // Knative sets PORT itself (from containerPort); the DynamoDB endpoint is for local runs only
      missing.removeAll(DeployContract.LAMBDA_ONLY);
      assertThat(missing)
          .as(service.toString())
          .containsExactlyInAnyOrder("PORT", "METRICS_DYNAMODB_ENDPOINT");
    }
  }

  @Test
  void theDeployGuideDocumentsEveryVariableInItsTable() throws IOException {
    String guide = Files.readString(DeployFiles.projectRoot().resolve("docs/DEPLOY.md"));
    Matcher row = Pattern.compile("(?m)^\\|\\s*`([A-Z][A-Z0-9_]+)`\\s*\\|").matcher(guide);
    Set<String> documented = new TreeSet<>();
    while (row.find()) {
      documented.add(row.group(1));
    }
    assertThat(documented).containsAll(codeVariables());
    assertThat(documented).isSubsetOf(union(codeVariables(), DeployContract.JVM_VARIABLES));
  }

  // ---- functions and routes
  // ----------------------------------------------------------------------------------

  @Test
  void eachFunctionIsDeployedOnceOnEachPlatformUnderItsBeanName() {
    List<String> lambdas =
        functions().values().stream()
            .map(
                resource ->
                    resource
                        .path("Properties")
                        .path("Environment")
                        .path("Variables")
                        .path(DEFINITION)
                        .asText())
            .toList();
    assertThat(lambdas).containsExactlyInAnyOrderElementsOf(DeployContract.FUNCTIONS);
    assertThat(services())
        .extracting(this::functionOf)
        .containsExactlyInAnyOrderElementsOf(DeployContract.FUNCTIONS);
    assertThat(configMap("dsm-orchestrator-config").body().path("data").has(DEFINITION))
        .as("the shared ConfigMap must not pick the function")
        .isFalse();
  }

  @Test
  void theHandlerIsOurFunctionInvokerSubclassInTheShadedJar() throws Exception {
    JsonNode globals = template.path("Globals").path("Function");
    assertThat(globals.path("Handler").asText()).isEqualTo(DeployContract.HANDLER);
    String[] handler = DeployContract.HANDLER.split("::");
    Class<?> handlerClass = Class.forName(handler[0]);
    handlerClass.getMethod(handler[1], InputStream.class, OutputStream.class, Context.class);
    assertThat(org.springframework.cloud.function.adapter.aws.FunctionInvoker.class)
        .isAssignableFrom(handlerClass);

    String pom = Files.readString(DeployFiles.projectRoot().resolve("functions/pom.xml"));
    String artifactId = firstGroup(pom, "</parent>\\s*<artifactId>([^<]+)</artifactId>");
    String version = firstGroup(pom, "<parent>[\\s\\S]*?<version>([^<]+)</version>");
    String classifier = firstGroup(pom, "<shadedClassifierName>([^<]+)</shadedClassifierName>");
    assertThat(globals.path("CodeUri").asText())
        .isEqualTo("functions/target/" + artifactId + "-" + version + "-" + classifier + ".jar");
  }

  @Test
  void everyHttpRouteMapsToTheFunctionThatServesIt() {
    Map<String, String> deployed = new HashMap<>();
    Map<String, String> aliasToFunction = new HashMap<>();
    functions()
        .forEach(
            (logicalId, resource) ->
                aliasToFunction.put(
                    logicalId + ".Alias",
                    resource
                        .path("Properties")
                        .path("Environment")
                        .path("Variables")
                        .path(DEFINITION)
                        .asText()));
    resources("AWS::ApiGatewayV2::Route")
        .forEach(
            (logicalId, route) -> {
              JsonNode properties = route.path("Properties");
              String routeKey = properties.path("RouteKey").asText();
              assertThat(properties.path("ApiId").path("Ref").asText())
                  .as(routeKey)
                  .isEqualTo("OrchestratorHttpApi");
              String target = properties.path("Target").path("Fn::Sub").asText();
              assertThat(target).as(routeKey).startsWith("integrations/${").endsWith("}");
              JsonNode integration =
                  template
                      .path("Resources")
                      .path(target.substring("integrations/${".length(), target.length() - 1));
              assertThat(integration.path("Type").asText())
                  .as(routeKey)
                  .isEqualTo("AWS::ApiGatewayV2::Integration");
              JsonNode integrationProperties = integration.path("Properties");
              assertThat(integrationProperties.path("IntegrationType").asText())
                  .as(routeKey)
                  .isEqualTo("AWS_PROXY");
              assertThat(integrationProperties.path("PayloadFormatVersion").asText())
                  .as(routeKey)
                  .isEqualTo("2.0");
              // the published alias (SnapStart), never $LATEST
              String alias = integrationProperties.path("IntegrationUri").path("Ref").asText();
              assertThat(aliasToFunction).as(routeKey).containsKey(alias);
              deployed.put(routeKey, aliasToFunction.get(alias));
              assertThat(invokePermissionFor(alias, routeKey)).as(routeKey).isTrue();
            });
    assertThat(deployed).containsExactlyInAnyOrderEntriesOf(DeployContract.ROUTES);
  }

  /** API Gateway may invoke the alias, only for this route's method and path. */
  private boolean invokePermissionFor(String alias, String routeKey) {
    String[] parts = routeKey.split(" ", 2);
    String pathPrefix = parts[1].substring(0, parts[1].indexOf('{'));
    return resources("AWS::Lambda::Permission").values().stream()
        .map(permission -> permission.path("Properties"))
        .anyMatch(
            p ->
                p.path("FunctionName").path("Ref").asText().equals(alias)
                    && p.path("Principal").asText().equals("apigateway.amazonaws.com")
                    && p.path("Action").asText().equals("lambda:InvokeFunction")
                    && p.path("SourceArn")
                        .path("Fn::Sub")
                        .asText()
                        .endsWith("${OrchestratorHttpApi}/*/" + parts[0] + pathPrefix + "*"));
  }

  private Map<String, JsonNode> resources(String type) {
    Map<String, JsonNode> found = new HashMap<>();
    template
        .path("Resources")
        .fields()
        .forEachRemaining(
            resource -> {
              if (resource.getValue().path("Type").asText().equals(type)) {
                found.put(resource.getKey(), resource.getValue());
              }
            });
    return found;
  }

  @Test
  void theScheduledBenchmarkReachesPerformanceMetricsOnBothPlatforms() {
    List<String> scheduled = new ArrayList<>();
    functions()
        .forEach(
            (logicalId, resource) ->
                resource
                    .path("Properties")
                    .path("Events")
                    .forEach(
                        event -> {
                          if (event.path("Type").asText().equals("Schedule")) {
                            scheduled.add(
                                resource
                                    .path("Properties")
                                    .path("Environment")
                                    .path("Variables")
                                    .path(DEFINITION)
                                    .asText());
                            assertThat(
                                    event.path("Properties").path("Schedule").path("Ref").asText())
                                .isEqualTo("BenchmarkSchedule");
                          }
                        }));
    assertThat(scheduled).containsExactly(DeployContract.PERFORMANCE_METRICS);

    List<Manifest> pings = manifests.stream().filter(m -> m.kind().equals("PingSource")).toList();
    assertThat(pings).hasSize(1);
    JsonNode sink = pings.get(0).body().path("spec").path("sink").path("ref");
    assertThat(sink.path("kind").asText()).isEqualTo("Service");
    Manifest target =
        services().stream()
            .filter(s -> s.name().equals(sink.path("name").asText()))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "PingSource sink " + sink + " names no Service in k8s-knative/"));
    assertThat(functionOf(target)).isEqualTo(DeployContract.PERFORMANCE_METRICS);
  }

  /**
   * Every sample event in events/ (project root, or functions/events) must reach a function that
   * accepts it: API Gateway events by their route, scheduled events by the Schedule trigger,
   * CloudEvents by the PingSource. An empty or absent folder has nothing to check.
   */
  @Test
  void everySampleEventMapsToADeployedFunction() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path file : sampleEvents()) {
      String problem = problemWith(DeployFiles.JSON.readTree(Files.readString(file)));
      if (problem != null) {
        problems.add(DeployFiles.projectRoot().relativize(file) + ": " + problem);
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theEventCheckRejectsAnUnroutedEvent() throws IOException {
    JsonNode wrongRoute =
        DeployFiles.JSON.readTree(
            "{\"version\":\"2.0\",\"routeKey\":\"DELETE /orchestrate/project/{project_id}\","
                + "\"rawPath\":\"/orchestrate/project/TEST-001\",\"requestContext\":{\"http\":{\"method\":\"DELETE\"}}}");
    assertThat(problemWith(wrongRoute)).contains("DELETE");
    JsonNode rightRoute =
        DeployFiles.JSON.readTree(
            "{\"version\":\"2.0\",\"routeKey\":\"POST /orchestrate/project/{project_id}\","
                + "\"rawPath\":\"/orchestrate/project/TEST-001\",\"requestContext\":{\"http\":{\"method\":\"POST\"}}}");
    assertThat(problemWith(rightRoute)).isNull();
    assertThat(problemWith(DeployFiles.JSON.readTree("{\"project_id\":\"TEST-001\"}"))).isNotNull();
  }

  private static List<Path> sampleEvents() throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path dir :
        List.of(
            DeployFiles.projectRoot().resolve("events"),
            DeployFiles.projectRoot().resolve("functions/events"))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> list = Files.walk(dir)) {
          list.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
      }
    }
    return files;
  }

  /** Why this event would reach no function that accepts it, or null when it does. */
  private String problemWith(JsonNode event) {
    if (event.has("routeKey") || event.has("httpMethod")) {
      String method =
          event.has("routeKey")
              ? event.path("requestContext").path("http").path("method").asText()
              : event.path("httpMethod").asText();
      String path =
          event.has("rawPath") ? event.path("rawPath").asText() : event.path("path").asText();
      if (event.has("routeKey")
          && !DeployContract.ROUTES.containsKey(event.path("routeKey").asText())) {
        return "routeKey '" + event.path("routeKey").asText() + "' is no route of template.yaml";
      }
      for (String route : DeployContract.ROUTES.keySet()) {
        String[] parts = route.split(" ", 2);
        if (parts[0].equals(method) && pathPattern(parts[1]).matcher(path).matches()) {
          return null;
        }
      }
      return method
          + " "
          + path
          + " matches no route of template.yaml "
          + DeployContract.ROUTES.keySet();
    }
    if ("aws.events".equals(event.path("source").asText())
        || "Scheduled Event".equals(event.path("detail-type").asText())) {
      return null; // checked by theScheduledBenchmarkReachesPerformanceMetricsOnBothPlatforms
    }
    if (event.has("specversion") && event.has("type")) {
      return null; // a CloudEvent: the PingSource's shape, delivered to performanceMetrics
    }
    return "neither an API Gateway, an EventBridge scheduled nor a CloudEvent event";
  }

  private static Pattern pathPattern(String template) {
    return Pattern.compile(Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
  }

  // ---- DynamoDB table and IAM
  // --------------------------------------------------------------------------------

  @Test
  void theMetricsTableHasTheStoresKeyDesign() {
    JsonNode table = template.path("Resources").path("MetricsTable");
    assertThat(table.path("Type").asText()).isEqualTo("AWS::DynamoDB::Table");
    JsonNode properties = table.path("Properties");
    assertThat(properties.path("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
    assertThat(keys(properties.path("KeySchema")))
        .containsExactly(DeployContract.PK + " HASH", DeployContract.SK + " RANGE");

    Map<String, List<String>> indexes = new HashMap<>();
    properties
        .path("GlobalSecondaryIndexes")
        .forEach(
            index -> indexes.put(index.path("IndexName").asText(), keys(index.path("KeySchema"))));
    assertThat(indexes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                DeployContract.GSI1,
                    List.of(DeployContract.GSI1_PK + " HASH", DeployContract.GSI1_SK + " RANGE"),
                DeployContract.GSI2,
                    List.of(DeployContract.GSI2_PK + " HASH", DeployContract.GSI2_SK + " RANGE")));

    Map<String, String> attributes = new HashMap<>();
    properties
        .path("AttributeDefinitions")
        .forEach(
            attribute ->
                attributes.put(
                    attribute.path("AttributeName").asText(),
                    attribute.path("AttributeType").asText()));
    assertThat(attributes)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                DeployContract.PK,
                "S",
                DeployContract.SK,
                "S",
                DeployContract.GSI1_PK,
                "S",
                DeployContract.GSI1_SK,
                "S",
                DeployContract.GSI2_PK,
                "S",
                DeployContract.GSI2_SK,
                "S"));

    assertThat(properties.path("TimeToLiveSpecification").path("AttributeName").asText())
        .isEqualTo(DeployContract.ATTR_TTL);
    assertThat(properties.path("TimeToLiveSpecification").path("Enabled").asBoolean()).isTrue();
  }

  /**
   * Which actions each function is granted is derived from the calls it makes ({@link
   * IamFromCallsTest}); here only the form: inline statements, never a wildcard resource.
   */
  @Test
  void eachFunctionHasOnlyInlineStatementsOnNamedResources() {
    functions()
        .forEach(
            (logicalId, resource) -> {
              for (JsonNode policy : resource.path("Properties").path("Policies")) {
                if (policy.has("Fn::If")) { // the VPC's network-interface rights, only with a VPC
                  JsonNode branches = policy.path("Fn::If");
                  assertThat(branches.path(0).asText()).as(logicalId).isEqualTo("HasVpc");
                  assertThat(branches.path(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
                  for (JsonNode statement : branches.path(1).path("Statement")) {
                    assertThat(statement.path("Sid").asText()).isEqualTo("VpcNetworkInterfaces");
                    statement
                        .path("Action")
                        .forEach(action -> assertThat(action.asText()).startsWith("ec2:"));
                  }
                  continue;
                }
                assertThat(policy.has("Statement"))
                    .as(logicalId + ": only inline statements, no broad managed policies")
                    .isTrue();
                for (JsonNode statement : policy.path("Statement")) {
                  if (!statement.path("Action").toString().contains("dynamodb:")) {
                    // the daily-scrum scheduler's grants (SchedulerGrantsTest) and the conditional
                    // secret grant (AccessControlDeployTest)
                    continue;
                  }
                  assertThat(statement.path("Resource").toString())
                      .as(logicalId)
                      .doesNotContain("\"*\"");
                  assertThat(statement.path("Action").toString()).as(logicalId).doesNotContain("*");
                }
              }
            });
  }

  // ---- Knative service hygiene
  // ------------------------------------------------------------------------------

  /**
   * The manifests name no namespace (they go wherever they are applied), so the ConfigMap must not
   * name one for our own Service either: an empty target URL lets the code derive
   * http://orchestrate.<pod namespace>.svc.cluster.local/, where the Jobs then really find it.
   */
  @Test
  void theScheduleSettingsNameNoNamespaceOfTheirOwn() {
    JsonNode data = configMap("dsm-orchestrator-config").body().path("data");
    for (String name :
        List.of(
            EnvironmentVariables.SCHEDULE_NAMESPACE, EnvironmentVariables.SCHEDULE_TARGET_URL)) {
      assertThat(data.has(name)).as(name).isTrue();
      assertThat(data.path(name).asText()).as(name + " (empty = the pod's namespace)").isEmpty();
    }
    for (Manifest manifest : manifests) {
      assertThat(manifest.body().path("metadata").has("namespace"))
          .as(manifest.toString())
          .isFalse();
    }
  }

  @Test
  void eachKnativeServiceTellsThePodItsRequestTimeout() {
    for (Manifest service : services()) {
      JsonNode pod = service.body().path("spec").path("template").path("spec");
      String timeout =
          pod.path("containers").get(0).path("env").findParents("name").stream()
              .filter(env -> env.path("name").asText().equals("REQUEST_TIMEOUT_SECONDS"))
              .map(env -> env.path("value").asText())
              .findFirst()
              .orElseThrow(() -> new AssertionError(service + ": no REQUEST_TIMEOUT_SECONDS"));
      assertThat(pod.path("timeoutSeconds").isIntegralNumber()).as(service.toString()).isTrue();
      assertThat(timeout).as(service.toString()).isEqualTo(pod.path("timeoutSeconds").asText());
    }
  }

  @Test
  void knativeServicesProbeTheServingPortAndRunLockedDown() {
    for (Manifest service : services()) {
      JsonNode pod = service.body().path("spec").path("template").path("spec");
      JsonNode container = pod.path("containers").get(0);
      int port = container.path("ports").get(0).path("containerPort").asInt();
      assertThat(port).as(service.toString()).isEqualTo(8080);
      for (String probe : List.of("readinessProbe", "livenessProbe")) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.path("path").asText()).as(service + " " + probe).isEqualTo("/health");
        // Knative only allows probing the serving port: none given, or the containerPort itself
        assertThat(get.path("port").asInt(port)).as(service + " " + probe).isEqualTo(port);
      }
      JsonNode security = container.path("securityContext");
      assertThat(security.path("runAsNonRoot").asBoolean()).as(service.toString()).isTrue();
      // Pod Security "restricted"; a numeric uid so the kubelet can verify runAsNonRoot whatever
      // the image's USER says
      assertThat(security.path("runAsUser").isIntegralNumber()).as(service.toString()).isTrue();
      assertThat(security.path("runAsUser").asLong()).as(service.toString()).isPositive();
      assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
      assertThat(security.path("allowPrivilegeEscalation").asBoolean())
          .as(service.toString())
          .isFalse();
      assertThat(security.path("capabilities").path("drop").toString())
          .as(service.toString())
          .isEqualTo("[\"ALL\"]");
      assertThat(security.path("seccompProfile").path("type").asText())
          .as(service.toString())
          .isEqualTo("RuntimeDefault");
      assertThat(security.path("readOnlyRootFilesystem").asBoolean())
          .as(service.toString())
          .isTrue();
      String tmpVolume =
          container.path("volumeMounts").findParents("mountPath").stream()
              .filter(mount -> mount.path("mountPath").asText().equals("/tmp"))
              .map(mount -> mount.path("name").asText())
              .findFirst()
              .orElseThrow(() -> new AssertionError(service + ": no writable /tmp"));
      assertThat(
              pod.path("volumes").findParents("name").stream()
                  .anyMatch(v -> v.path("name").asText().equals(tmpVolume) && v.has("emptyDir")))
          .as(service.toString())
          .isTrue();
      assertThat(pod.path("containerConcurrency").asInt()).as(service.toString()).isPositive();
      JsonNode annotations =
          service.body().path("spec").path("template").path("metadata").path("annotations");
      assertThat(annotations.path("autoscaling.knative.dev/max-scale").asText())
          .as(service.toString())
          .isNotBlank();
      assertThat(container.path("resources").path("limits").path("memory").asText())
          .as(service.toString())
          .isNotBlank();
    }
  }

  // ---- helpers
  // ------------------------------------------------------------------------------------------------

  private Map<String, JsonNode> functions() {
    Map<String, JsonNode> functions = new HashMap<>();
    template
        .path("Resources")
        .fields()
        .forEachRemaining(
            resource -> {
              if (resource.getValue().path("Type").asText().equals(FUNCTION_TYPE)) {
                functions.put(resource.getKey(), resource.getValue());
              }
            });
    return functions;
  }

  private List<Manifest> services() {
    return manifests.stream().filter(m -> m.kind().equals("Service")).toList();
  }

  private Manifest configMap(String name) {
    return manifests.stream()
        .filter(m -> m.kind().equals("ConfigMap") && m.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("ConfigMap " + name + " is not in k8s-knative/"));
  }

  private String functionOf(Manifest service) {
    for (JsonNode env :
        service
            .body()
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("env")) {
      if (env.path("name").asText().equals(DEFINITION)) {
        return env.path("value").asText();
      }
    }
    throw new AssertionError(service + " does not set " + DEFINITION);
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> keys(JsonNode keySchema) {
    List<String> keys = new ArrayList<>();
    keySchema.forEach(
        key -> keys.add(key.path("AttributeName").asText() + " " + key.path("KeyType").asText()));
    return keys;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> union = new TreeSet<>(a);
    union.addAll(b);
    return union;
  }

  private static String firstGroup(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertThat(matcher.find()).as("pattern " + regex).isTrue();
    return matcher.group(1);
  }
}
