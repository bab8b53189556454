package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** Locates and loads the deployment files and the published schemas they are validated against. */
final class DeployFiles {
  static final ObjectMapper JSON = new ObjectMapper();

  private DeployFiles() {}

  /** The project root: the parent of the functions module's Maven basedir. */
  static Path projectRoot() {
    Path moduleDir =
        Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    Path root =
        Files.exists(moduleDir.resolve("template.yaml")) ? moduleDir : moduleDir.getParent();
    if (root == null || !Files.exists(root.resolve("template.yaml"))) {
      fail("template.yaml not found next to the functions module (looked in " + root + ")");
    }
    return root;
  }

  /**
   * The published schemas, vendored in the functions module's test resources (see the README
   * there); a missing file is a failure, never a skip.
   */
  static Path schemasDir() {
    Path dir =
        projectRoot().resolve("functions/src/test/resources/schemas").toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      fail("Schema folder " + dir + " is missing: the deployment files cannot be validated.");
    }
    return dir;
  }

  static Path schema(String fileName) {
    Path file = schemasDir().resolve(fileName);
    if (!Files.isRegularFile(file)) {
      fail("Schema " + file + " is missing");
    }
    return file;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> template() {
    try (Reader reader = Files.newBufferedReader(projectRoot().resolve("template.yaml"))) {
      return (Map<String, Object>) CloudFormationYaml.load(reader);
    } catch (IOException e) {
      throw new AssertionError("cannot read template.yaml", e);
    }
  }

  static JsonNode templateJson() {
    return JSON.valueToTree(template());
  }

  /** Every YAML document of every file in k8s-knative/ (and its sub-folders), in file order. */
  static List<Manifest> knativeManifests() {
    Path dir = projectRoot().resolve("k8s-knative");
    if (!Files.isDirectory(dir)) {
      fail("k8s-knative/ is missing at " + dir);
    }
    List<Manifest> manifests = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(DeployFiles::isYaml).sorted().toList()) {
        try (Reader reader = Files.newBufferedReader(file)) {
          for (Object document : new Yaml(new LoaderOptions()).loadAll(reader)) {
            if (document != null) {
              manifests.add(
                  new Manifest(dir.relativize(file).toString(), JSON.valueToTree(document)));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new AssertionError("cannot read k8s-knative/", e);
    }
    return manifests;
  }

  /** The openAPIV3Schema of a CRD's served version (the first served one if several). */
  static JsonNode crdSchema(String fileName) {
    try (Reader reader = Files.newBufferedReader(schema(fileName))) {
      JsonNode crd = JSON.valueToTree(new Yaml(new LoaderOptions()).load(reader));
      for (JsonNode version : crd.path("spec").path("versions")) {
        if (version.path("served").asBoolean(false)) {
          return version.path("schema").path("openAPIV3Schema");
        }
      }
      throw new AssertionError(fileName + " has no served version with an openAPIV3Schema");
    } catch (IOException e) {
      throw new AssertionError("cannot read " + fileName, e);
    }
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  record Manifest(String file, JsonNode body) {
    String kind() {
      return body.path("kind").asText();
    }

    String name() {
      return body.path("metadata").path("name").asText();
    }

    @Override
    public String toString() {
      return file + ":" + kind() + "/" + name();
    }
  }
}
