package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.functions.deploy.DeployFiles.Manifest;
import org.junit.jupiter.api.Test;

/**
 * Who may call the deployed routes, checked offline. template.yaml: both HTTP API routes require
 * IAM (SigV4) with the default parameters, a JWT authorizer when an issuer and audience are given,
 * and are open only when AllowUnauthenticated=true says so; the functions learn the same mode
 * (API_AUTHORIZER). The conditions are evaluated here for each parameter set, the way
 * CloudFormation resolves them. k8s-knative/: both Services are cluster-local.
 */
class AccessControlDeployTest {
  private static final JsonNode NO_VALUE = TextNode.valueOf("<AWS::NoValue>");
  private final JsonNode template = DeployFiles.templateJson();

  @Test
  void aCleanDeployRequiresIamOnEveryRoute() {
    Resolved stack = resolve(Map.of());

    assertThat(stack.routes()).hasSize(DeployContract.ROUTES.size());
    stack
        .routes()
        .forEach(
            (key, route) -> {
              assertThat(route.path("AuthorizationType").asText()).as(key).isEqualTo("AWS_IAM");
              assertThat(route.path("AuthorizerId")).as(key).isEqualTo(NO_VALUE);
            });
    assertThat(stack.condition("UseJwt")).isFalse();
    assertThat(stack.apiAuthorizer()).isEqualTo("iam");
    assertThat(template.path("Parameters").path("AllowUnauthenticated").path("Default").asText())
        .isEqualTo("false");
  }

  @Test
  void anIssuerAndAudienceSwitchEveryRouteToTheJwtAuthorizer() {
    Resolved stack =
        resolve(
            Map.of(
                "JwtIssuer", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example",
                "JwtAudience", "client-a,client-b"));

    stack
        .routes()
        .forEach(
            (key, route) -> {
              assertThat(route.path("AuthorizationType").asText()).as(key).isEqualTo("JWT");
              assertThat(route.path("AuthorizerId").path("Ref").asText())
                  .as(key)
                  .isEqualTo("JwtAuthorizer");
            });
    JsonNode authorizer = template.path("Resources").path("JwtAuthorizer");
    assertThat(authorizer.path("Condition").asText()).isEqualTo("UseJwt");
    assertThat(stack.condition("UseJwt")).isTrue();
    JsonNode properties = authorizer.path("Properties");
    assertThat(properties.path("AuthorizerType").asText()).isEqualTo("JWT");
    assertThat(properties.path("IdentitySource").toString())
        .contains("$request.header.Authorization");
    assertThat(properties.path("JwtConfiguration").path("Issuer").path("Ref").asText())
        .isEqualTo("JwtIssuer");
    assertThat(properties.path("JwtConfiguration").path("Audience").toString())
        .contains("JwtAudience");
    assertThat(stack.apiAuthorizer()).isEqualTo("jwt");
    // an explicit "open" does not weaken a configured JWT authorizer
    assertThat(
            resolve(
                    Map.of(
                        "JwtIssuer",
                        "https://issuer.example.com",
                        "JwtAudience",
                        "api",
                        "AllowUnauthenticated",
                        "true"))
                .routes()
                .values())
        .allSatisfy(route -> assertThat(route.path("AuthorizationType").asText()).isEqualTo("JWT"));
  }

  @Test
  void onlyTheExplicitParameterOpensTheRoutes() {
    Resolved open = resolve(Map.of("AllowUnauthenticated", "true"));

    open.routes()
        .forEach(
            (key, route) ->
                assertThat(route.path("AuthorizationType").asText()).as(key).isEqualTo("NONE"));
    assertThat(open.apiAuthorizer()).isEqualTo("none");
  }

  @Test
  void anIssuerWithoutAnAudienceIsRejectedByTheTemplatesRule() {
    JsonNode assertion =
        template
            .path("Rules")
            .path("JwtIssuerAndAudienceTogether")
            .path("Assertions")
            .get(0)
            .path("Assert");
    assertThat(resolve(Map.of()).value(assertion).asBoolean()).isTrue();
    assertThat(resolve(Map.of("JwtIssuer", "https://i", "JwtAudience", "a")).value(assertion))
        .isEqualTo(TextNode.valueOf("true"));
    assertThat(resolve(Map.of("JwtIssuer", "https://i")).value(assertion).asText())
        .isEqualTo("false");
    assertThat(resolve(Map.of("JwtAudience", "a")).value(assertion).asText()).isEqualTo("false");
  }

  @Test
  void bothKnativeServicesAreClusterLocal() {
    List<Manifest> services =
        DeployFiles.knativeManifests().stream().filter(m -> m.kind().equals("Service")).toList();
    assertThat(services).hasSize(DeployContract.FUNCTIONS.size());
    for (Manifest service : services) {
      assertThat(
              service
                  .body()
                  .path("metadata")
                  .path("labels")
                  .path("networking.knative.dev/visibility")
                  .asText())
          .as(service.toString())
          .isEqualTo("cluster-local");
    }
  }

  @Test
  void theJdbcPasswordIsNeverConfigurationAndOnlyItsOneSecretIsReadable() {
    JsonNode variables = template.path("Globals").path("Function").path("Environment");
    assertThat(variables.path("Variables").has("METRICS_JDBC_PASSWORD")).isFalse();
    assertThat(
            variables
                .path("Variables")
                .path("METRICS_JDBC_PASSWORD_SECRET_ARN")
                .path("Ref")
                .asText())
        .isEqualTo("MetricsJdbcPasswordSecretArn");
    // no parameter defaults to a dynamic reference: it would be resolved into plain configuration
    assertThat(template.path("Parameters").toString()).doesNotContain("{{resolve:");

    for (String function : List.of("OrchestrateFunction", "PerformanceMetricsFunction")) {
      List<JsonNode> grants = new ArrayList<>();
      for (JsonNode policy :
          template.path("Resources").path(function).path("Properties").path("Policies")) {
        policy
            .path("Statement")
            .forEach(
                statement -> {
                  if (statement.toString().contains("secretsmanager")) {
                    grants.add(statement);
                  }
                });
      }
      assertThat(grants).as(function).hasSize(1);
      JsonNode conditional = grants.get(0).path("Fn::If");
      assertThat(conditional.get(0).asText()).as(function).isEqualTo("HasJdbcSecret");
      JsonNode grant = conditional.get(1);
      assertThat(grant.path("Action").toString()).isEqualTo("[\"secretsmanager:GetSecretValue\"]");
      assertThat(grant.path("Resource").path("Ref").asText())
          .isEqualTo("MetricsJdbcPasswordSecretArn");
      assertThat(conditional.get(2).path("Ref").asText()).isEqualTo("AWS::NoValue");
    }
    assertThat(resolve(Map.of()).condition("HasJdbcSecret")).isFalse();
    assertThat(
            resolve(
                    Map.of(
                        "MetricsJdbcPasswordSecretArn",
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:dsm-jdbc-AbCdEf"))
                .condition("HasJdbcSecret"))
        .isTrue();
  }

  // ---- a small evaluator of the template's conditions and Fn::If, for one set of parameters

  private Resolved resolve(Map<String, String> overrides) {
    Map<String, String> parameters = new HashMap<>();
    template
        .path("Parameters")
        .fields()
        .forEachRemaining(p -> parameters.put(p.getKey(), p.getValue().path("Default").asText()));
    parameters.putAll(overrides);
    return new Resolved(template, parameters);
  }

  private record Resolved(JsonNode template, Map<String, String> parameters) {
    boolean condition(String name) {
      JsonNode definition = template.path("Conditions").path(name);
      assertThat(definition.isMissingNode()).as("condition " + name).isFalse();
      return value(definition).asText().equals("true");
    }

    /** Every route resource with its properties resolved. */
    Map<String, JsonNode> routes() {
      Map<String, JsonNode> routes = new HashMap<>();
      template
          .path("Resources")
          .fields()
          .forEachRemaining(
              resource -> {
                if (resource.getValue().path("Type").asText().equals("AWS::ApiGatewayV2::Route")) {
                  JsonNode properties = value(resource.getValue().path("Properties"));
                  routes.put(properties.path("RouteKey").asText(), properties);
                }
              });
      return routes;
    }

    String apiAuthorizer() {
      return value(
              template
                  .path("Globals")
                  .path("Function")
                  .path("Environment")
                  .path("Variables")
                  .path("API_AUTHORIZER"))
          .asText();
    }

    JsonNode value(JsonNode node) {
      if (node.isObject() && node.size() == 1) {
        String function = node.fieldNames().next();
        JsonNode args = node.path(function);
        switch (function) {
          case "Ref":
            if (args.asText().equals("AWS::NoValue")) {
              return NO_VALUE;
            }
            return parameters.containsKey(args.asText())
                ? TextNode.valueOf(parameters.get(args.asText()))
                : node;
          case "Condition":
            return bool(condition(args.asText()));
          case "Fn::If":
            return condition(args.get(0).asText()) ? value(args.get(1)) : value(args.get(2));
          case "Fn::Equals":
            return bool(value(args.get(0)).equals(value(args.get(1))));
          case "Fn::Not":
            return bool(!truthy(args.get(0)));
          case "Fn::And":
            return bool(all(args, true));
          case "Fn::Or":
            return bool(!all(args, false));
          default:
            // other intrinsics (Sub, GetAtt, Split) stay as written
        }
      }
      if (node.isObject()) {
        var copy = DeployFiles.JSON.createObjectNode();
        node.fields().forEachRemaining(f -> copy.set(f.getKey(), value(f.getValue())));
        return copy;
      }
      if (node.isArray()) {
        var copy = DeployFiles.JSON.createArrayNode();
        node.forEach(element -> copy.add(value(element)));
        return copy;
      }
      return node;
    }

    private boolean all(JsonNode args, boolean expected) {
      List<Boolean> values = new ArrayList<>();
      args.forEach(arg -> values.add(truthy(arg)));
      return values.stream().allMatch(v -> v == expected);
    }

    private boolean truthy(JsonNode node) {
      return value(node).asText().equals("true");
    }

    private static JsonNode bool(boolean value) {
      return TextNode.valueOf(Boolean.toString(value));
    }
  }
}
