package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamTemplateSchemaTest {

  private static JsonNode samSchema() throws IOException {
    return DeployFiles.JSON.readTree(Files.readString(DeployFiles.schema("sam.schema.json")));
  }

  @Test
  void templateIsValidAgainstThePublishedSamSchema() throws IOException {
    assertThat(
            SchemaValidation.validate(
                samSchema(), SpecVersion.VersionFlag.V4, DeployFiles.templateJson()))
        .as("template.yaml against the published SAM schema (sam.schema.json)")
        .isEmpty();
  }

  @Test
  void everyServerlessResourceIsValidAgainstTheDefinitionOfItsType() throws IOException {
    // the whole-template check reports an anyOf over all resource kinds; this one names the real
    // problem
    JsonNode schema = samSchema();
    JsonNode resources = DeployFiles.templateJson().path("Resources");
    List<String> problems = new ArrayList<>();
    resources
        .fields()
        .forEachRemaining(
            resource -> {
              String type = resource.getValue().path("Type").asText();
              if (type.startsWith("AWS::Serverless::")) {
                ObjectNode typed = DeployFiles.JSON.createObjectNode();
                typed.put("$ref", "#/definitions/" + definitionOf(schema, type));
                typed.set("definitions", schema.path("definitions"));
                SchemaValidation.validate(typed, SpecVersion.VersionFlag.V4, resource.getValue())
                    .forEach(message -> problems.add(resource.getKey() + ": " + message));
              }
            });
    assertThat(problems).isEmpty();
  }

  private static String definitionOf(JsonNode schema, String type) {
    Iterator<Map.Entry<String, JsonNode>> definitions = schema.path("definitions").fields();
    while (definitions.hasNext()) {
      Map.Entry<String, JsonNode> definition = definitions.next();
      for (JsonNode allowed : definition.getValue().path("properties").path("Type").path("enum")) {
        if (allowed.asText().equals(type) && definition.getKey().endsWith("__Resource")) {
          return definition.getKey();
        }
      }
    }
    throw new AssertionError("sam.schema.json has no definition for " + type);
  }

  @Test
  void theSchemaCatchesABrokenFunction() throws IOException {
    // guards the test above against a schema/loader combination that accepts anything
    ObjectNode broken = (ObjectNode) DeployFiles.templateJson();
    ObjectNode properties =
        (ObjectNode) broken.path("Resources").path("OrchestrateFunction").path("Properties");
    properties.put("MemorySize", "a lot");
    properties.put("SnapStartt", "typo");
    assertThat(SchemaValidation.validate(samSchema(), SpecVersion.VersionFlag.V4, broken))
        .isNotEmpty();
  }

  @Test
  void intrinsicTagsBecomeTheirLongForm() {
    JsonNode template = DeployFiles.templateJson();
    JsonNode env = template.path("Globals").path("Function").path("Environment").path("Variables");
    assertThat(env.path("METRICS_TABLE").path("Ref").asText()).isEqualTo("MetricsTable");
    JsonNode policy =
        template.path("Resources").path("OrchestrateFunction").path("Properties").path("Policies");
    assertThat(policy.findValue("Resource").path("Fn::GetAtt").toString())
        .isEqualTo("[\"MetricsTable\",\"Arn\"]");
  }
}
