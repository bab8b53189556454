package org.dsm.orchestrator.functions.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** JSON-Schema validation of deployment files, returning readable messages (empty = valid). */
final class SchemaValidation {
  private SchemaValidation() {}

  static List<String> validate(
      JsonNode schema, SpecVersion.VersionFlag version, JsonNode document) {
    JsonSchema compiled = JsonSchemaFactory.getInstance(version).getSchema(schema);
    Set<ValidationMessage> messages = compiled.validate(document);
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  /**
   * A Kubernetes structural schema made strict, the way {@code kubectl apply} (strict field
   * validation) treats it: an object schema that lists its properties and does not preserve unknown
   * fields rejects other fields. Without this every typo in a manifest would pass, since JSON
   * Schema allows extra properties by default.
   */
  static JsonNode strictKubernetesSchema(JsonNode schema) {
    ObjectNode copy = schema.deepCopy();
    // Kubernetes accepts these three on every object even when a CRD's root schema does not list
    // them
    ObjectNode properties =
        copy.has("properties") ? (ObjectNode) copy.get("properties") : copy.putObject("properties");
    if (!properties.has("apiVersion")) {
      properties.putObject("apiVersion").put("type", "string");
    }
    if (!properties.has("kind")) {
      properties.putObject("kind").put("type", "string");
    }
    if (!properties.has("metadata")) {
      properties.putObject("metadata").put("type", "object");
    }
    tighten(copy);
    return copy;
  }

  private static void tighten(JsonNode node) {
    if (node instanceof ObjectNode object) {
      boolean listsProperties = object.has("properties");
      boolean preservesUnknown =
          object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
      if (listsProperties && !preservesUnknown && !object.has("additionalProperties")) {
        object.put("additionalProperties", false);
      }
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        tighten(fields.next().getValue());
      }
    } else if (node != null && node.isArray()) {
      node.forEach(SchemaValidation::tighten);
    }
  }
}
