package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.SpecVersion;
import java.util.ArrayList;
import java.util.List;
import org.dsm.orchestrator.functions.deploy.DeployFiles.Manifest;
import org.junit.jupiter.api.Test;

class KnativeManifestSchemaTest {
  private static final JsonNode SERVICE_SCHEMA =
      SchemaValidation.strictKubernetesSchema(
          DeployFiles.crdSchema("knative-serving-service-crd.yaml"));
  private static final JsonNode PING_SOURCE_SCHEMA =
      SchemaValidation.strictKubernetesSchema(
          DeployFiles.crdSchema("knative-eventing-pingsource-crd.yaml"));

  private static List<String> problems(Manifest manifest) {
    JsonNode schema =
        switch (manifest.kind()) {
          case "Service" -> SERVICE_SCHEMA;
          case "PingSource" -> PING_SOURCE_SCHEMA;
          default -> throw new IllegalArgumentException("no CRD schema for " + manifest);
        };
    // OpenAPI v3 schemas are JSON Schema draft-4 style (nullable, x-kubernetes-* are ignored
    // extensions)
    return SchemaValidation.validate(schema, SpecVersion.VersionFlag.V4, manifest.body()).stream()
        .map(message -> manifest + ": " + message)
        .toList();
  }

  @Test
  void everyServiceAndPingSourceIsValidAgainstItsCrdSchema() {
    List<Manifest> checked =
        DeployFiles.knativeManifests().stream()
            .filter(
                manifest ->
                    manifest.kind().equals("Service") || manifest.kind().equals("PingSource"))
            .toList();
    assertThat(checked).extracting(Manifest::kind).contains("Service", "PingSource");
    List<String> problems = new ArrayList<>();
    checked.forEach(manifest -> problems.addAll(problems(manifest)));
    assertThat(problems).isEmpty();
  }

  @Test
  void everyManifestHasTheApiVersionOfItsKind() {
    for (Manifest manifest : DeployFiles.knativeManifests()) {
      String expected =
          switch (manifest.kind()) {
            case "Service" -> "serving.knative.dev/v1";
            case "PingSource" -> "sources.knative.dev/v1";
            case "ConfigMap", "Secret", "ServiceAccount" -> "v1";
            case "Role", "RoleBinding" -> "rbac.authorization.k8s.io/v1";
            case "PrometheusRule" -> "monitoring.coreos.com/v1";
            default -> "unexpected kind " + manifest.kind();
          };
      assertThat(manifest.body().path("apiVersion").asText())
          .as(manifest.toString())
          .isEqualTo(expected);
      assertThat(manifest.name()).as(manifest + " metadata.name").isNotBlank();
    }
  }

  @Test
  void theStrictSchemaCatchesAMisspelledField() {
    Manifest service =
        DeployFiles.knativeManifests().stream()
            .filter(manifest -> manifest.kind().equals("Service"))
            .findFirst()
            .orElseThrow();
    ObjectNode broken = service.body().deepCopy();
    ((ObjectNode) broken.path("spec").path("template").path("spec")).put("containerConcurency", 5);
    assertThat(problems(new Manifest(service.file(), broken)))
        .anyMatch(p -> p.contains("containerConcurency"));
  }

  @Test
  void theSchemaCatchesAWrongType() {
    Manifest ping =
        DeployFiles.knativeManifests().stream()
            .filter(manifest -> manifest.kind().equals("PingSource"))
            .findFirst()
            .orElseThrow();
    ObjectNode broken = ping.body().deepCopy();
    ((ObjectNode) broken.path("spec")).put("schedule", 5);
    assertThat(problems(new Manifest(ping.file(), broken))).isNotEmpty();
  }
}
