package org.dsm.orchestrator.functions.deploy;

import java.util.Map;
import java.util.Set;

/**
 * What the deployment files must agree with, written down once. Each constant mirrors a name owned by the code:
 * the function bean names (the functions module's bean definitions), the HTTP routes (its API router) and the
 * DynamoDB key design (the DynamoDB store's public constants). Once those modules are merged the constants here are
 * meant to be replaced by references to theirs, so that a rename there breaks these tests.
 */
final class DeployContract {
  private DeployContract() {}

  static final String ORCHESTRATE = "orchestrate";
  static final String PERFORMANCE_METRICS = "performanceMetrics";
  static final Set<String> FUNCTIONS = Set.of(ORCHESTRATE, PERFORMANCE_METRICS);

  /** "METHOD path" as API Gateway writes a route key → the function that serves it. */
  static final Map<String, String> ROUTES = Map.of(
      "POST /orchestrate/project/{project_id}", ORCHESTRATE,
      "GET /orchestrate/intelligence/performance/metrics/{project_id}", PERFORMANCE_METRICS);

  static final String HANDLER = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest";

  // DynamoDB metrics table key design
  static final String PK = "pk";
  static final String SK = "sk";
  static final String GSI1 = "gsi1";
  static final String GSI1_PK = "gsi1pk";
  static final String GSI1_SK = "gsi1sk";
  static final String GSI2 = "gsi2";
  static final String GSI2_PK = "gsi2pk";
  static final String GSI2_SK = "gsi2sk";
  static final String ATTR_TTL = "expiresAt";

  /** Read by the JVM, not by our code, and legitimately set by deployment files. */
  static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
  /** Variables the platform sets itself (Knative: PORT; Lambda: AWS_REGION, reserved there). */
  static final Set<String> PLATFORM_PROVIDED = Set.of("PORT", "AWS_REGION");
  /** Only for running against a local DynamoDB (dynalite/DynamoDB Local); no deployment file sets it. */
  static final Set<String> LOCAL_ONLY = Set.of("METRICS_DYNAMODB_ENDPOINT");
}
