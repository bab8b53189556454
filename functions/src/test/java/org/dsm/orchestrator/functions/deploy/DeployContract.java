package org.dsm.orchestrator.functions.deploy;

import java.util.Map;
import java.util.Set;
import org.dsm.orchestrator.store.dynamodb.DynamoDbMetricsStore;

/**
 * What the deployment files must agree with, written down once. The DynamoDB key design comes from
 * the store's public constants. The function bean names and the HTTP routes mirror names owned by
 * the functions module (its bean definitions and API router); once that module is merged they are
 * meant to point at its constants, so that a rename there breaks these tests.
 */
final class DeployContract {
  private DeployContract() {}

  static final String ORCHESTRATE = "orchestrate";
  static final String PERFORMANCE_METRICS = "performanceMetrics";
  static final Set<String> FUNCTIONS = Set.of(ORCHESTRATE, PERFORMANCE_METRICS);

  /** "METHOD path" as API Gateway writes a route key → the function that serves it. */
  static final Map<String, String> ROUTES =
      Map.of(
          "POST /orchestrate/project/{project_id}", ORCHESTRATE,
          "GET /orchestrate/intelligence/performance/metrics/{project_id}", PERFORMANCE_METRICS,
          "GET /orchestrate/intelligence/performance/dashboard/{project_id}", PERFORMANCE_METRICS,
          // the app answers HEAD wherever GET; an HTTP API route matches one method only
          "HEAD /orchestrate/intelligence/performance/metrics/{project_id}", PERFORMANCE_METRICS,
          "HEAD /orchestrate/intelligence/performance/dashboard/{project_id}", PERFORMANCE_METRICS);

  static final String HANDLER =
      "org.dsm.orchestrator.functions.lambda.LambdaHandler::handleRequest";

  // DynamoDB metrics table key design: the store's own constants, so a rename there breaks these
  // tests
  static final String PK = DynamoDbMetricsStore.PK;
  static final String SK = DynamoDbMetricsStore.SK;
  static final String GSI1 = DynamoDbMetricsStore.GSI1;
  static final String GSI1_PK = DynamoDbMetricsStore.GSI1_PK;
  static final String GSI1_SK = DynamoDbMetricsStore.GSI1_SK;
  static final String GSI2 = DynamoDbMetricsStore.GSI2;
  static final String GSI2_PK = DynamoDbMetricsStore.GSI2_PK;
  static final String GSI2_SK = DynamoDbMetricsStore.GSI2_SK;
  static final String ATTR_TTL = DynamoDbMetricsStore.ATTR_TTL;

  /** Read by the JVM, not by our code, and legitimately set by deployment files. */
  static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");

  /** Variables the platform sets itself (Knative: PORT; Lambda: AWS_REGION, reserved there). */
  static final Set<String> PLATFORM_PROVIDED = Set.of("PORT", "AWS_REGION");

  /**
   * Only for running against a local DynamoDB (dynalite/DynamoDB Local); no deployment file sets
   * it.
   */
  static final Set<String> LOCAL_ONLY = Set.of("METRICS_DYNAMODB_ENDPOINT");

  /** Read only on Lambda: which authorizer API Gateway runs in front of the functions. */
  static final Set<String> LAMBDA_ONLY =
      Set.of("API_AUTHORIZER", "METRICS_JDBC_PASSWORD_SECRET_ARN");

  /** Read only over HTTP (Knative): the app's own JWT check. */
  static final Set<String> KNATIVE_ONLY =
      Set.of(
          "AUTH_JWT_ISSUER",
          "AUTH_JWT_JWKS_URI",
          "AUTH_JWT_AUDIENCE",
          "AUTH_JWT_SCOPE",
          // a Kubernetes Secret on Knative; on Lambda only the secret's ARN travels
          "METRICS_JDBC_PASSWORD",
          // Lambda's Context gives the time left; a pod cannot read its Service's timeoutSeconds
          "REQUEST_TIMEOUT_SECONDS");
}
