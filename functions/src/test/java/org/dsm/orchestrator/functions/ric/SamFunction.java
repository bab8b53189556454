package org.dsm.orchestrator.functions.ric;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.functions.deploy.CloudFormationYaml;

/**
 * One function of template.yaml as Lambda would run it: runtime, handler, memory, timeout and
 * environment (Globals merged with the function's own). A {@code !Ref} to a parameter takes the
 * parameter's default; a {@code !Ref} to a resource becomes the resource's logical id (the harness
 * overrides what must point somewhere real, such as the metrics store).
 */
public record SamFunction(
    String logicalId,
    String runtime,
    String handler,
    int memoryMb,
    int timeoutSeconds,
    boolean snapStart,
    Map<String, String> environment) {

  public static final String ORCHESTRATE = "OrchestrateFunction";
  public static final String PERFORMANCE_METRICS = "PerformanceMetricsFunction";

  /** Reads the function from the template.yaml at the project root. */
  @SuppressWarnings("unchecked")
  public static SamFunction fromTemplate(Path template, String logicalId) {
    Map<String, Object> root;
    try (Reader reader = Files.newBufferedReader(template)) {
      root = (Map<String, Object>) CloudFormationYaml.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // as docs/DEPLOY.md tells sam local to run it (routes open, so no caller identity is demanded
    // of the events; the in-memory store); every other parameter keeps its default
    Map<String, Object> parameters = new LinkedHashMap<>(map(root.get("Parameters")));
    samLocalOverrides(template.resolveSibling("docs").resolve("DEPLOY.md"))
        .forEach((name, value) -> parameters.put(name, Map.of("Default", value)));
    parameters.put(CONDITIONS, map(root.get("Conditions")));
    Map<String, Object> globals = map(map(root.get("Globals")).get("Function"));
    Map<String, Object> resource = map(map(root.get("Resources")).get(logicalId));
    if (resource.isEmpty()) {
      throw new IllegalArgumentException(logicalId + " is not a resource of " + template);
    }
    Map<String, Object> properties = new LinkedHashMap<>(globals);
    Map<String, Object> own = map(resource.get("Properties"));
    properties.putAll(own);
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> scope : new Map[] {globals, own}) {
      map(map(scope.get("Environment")).get("Variables"))
          .forEach((name, value) -> env.put(name, resolve(value, parameters)));
    }
    return new SamFunction(
        logicalId,
        resolve(properties.get("Runtime"), parameters),
        resolve(properties.get("Handler"), parameters),
        Integer.parseInt(resolve(properties.getOrDefault("MemorySize", 128), parameters)),
        Integer.parseInt(resolve(properties.getOrDefault("Timeout", 3), parameters)),
        map(properties.get("SnapStart")).get("ApplyOn") != null,
        Map.copyOf(env));
  }

  /**
   * The {@code --parameter-overrides} of the {@code sam local} commands a document gives; every
   * such command must give the same ones (and at least one command must be there).
   */
  public static Map<String, String> samLocalOverrides(Path document) {
    List<String> commands;
    try {
      commands =
          Files.readAllLines(document).stream()
              .filter(line -> line.startsWith("sam local "))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (commands.isEmpty()) {
      throw new IllegalStateException(document + " gives no sam local command");
    }
    Map<String, String> first = null;
    for (String command : commands) {
      Map<String, String> overrides = new LinkedHashMap<>();
      int at = command.indexOf("--parameter-overrides ");
      if (at >= 0) {
        for (String token : command.substring(at).split("\\s+")) {
          int eq = token.indexOf('=');
          if (token.startsWith("#")) {
            break;
          }
          if (eq > 0) {
            overrides.put(token.substring(0, eq), token.substring(eq + 1));
          }
        }
      }
      if (first != null && !first.equals(overrides)) {
        throw new IllegalStateException(
            document + ": the sam local commands give different overrides: " + commands);
      }
      first = overrides;
    }
    return first;
  }

  /** The value of SPRING_CLOUD_FUNCTION_DEFINITION for this function. */
  public String springFunction() {
    return environment.get("SPRING_CLOUD_FUNCTION_DEFINITION");
  }

  /** The Java major version of the runtime, e.g. 21 for {@code java21}. */
  public int javaVersion() {
    return Integer.parseInt(runtime.replaceAll("\\D", ""));
  }

  /** Key under which the template's Conditions travel with the parameters. */
  private static final String CONDITIONS = "\0conditions";

  @SuppressWarnings("unchecked")
  private static String resolve(Object value, Map<String, Object> parameters) {
    if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::If") instanceof List<?> branch) {
      return resolve(
          condition(String.valueOf(branch.get(0)), parameters) ? branch.get(1) : branch.get(2),
          parameters);
    }
    if (value instanceof Map<?, ?> intrinsic && intrinsic.containsKey("Ref")) {
      String name = String.valueOf(intrinsic.get("Ref"));
      Object parameter = parameters.get(name);
      return parameter == null
          ? name
          : String.valueOf(((Map<String, Object>) parameter).getOrDefault("Default", ""));
    }
    if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::Sub") instanceof String text) {
      return sub(text, parameters);
    }
    if (value instanceof Map<?, ?> intrinsic
        && intrinsic.get("Fn::GetAtt") instanceof List<?> ref) {
      // a resource attribute exists only in a deployed stack: a recognisable stand-in
      return "arn:aws:local:us-east-1:123456789012:"
          + String.join(".", ref.stream().map(String::valueOf).toList());
    }
    if (value instanceof Map<?, ?> other) {
      throw new IllegalArgumentException("unsupported intrinsic in an environment value: " + other);
    }
    return value == null ? null : String.valueOf(value);
  }

  /** A named condition of the template, evaluated on the parameters' values. */
  @SuppressWarnings("unchecked")
  private static boolean condition(String name, Map<String, Object> parameters) {
    Object expression = ((Map<String, Object>) parameters.get(CONDITIONS)).get(name);
    if (expression == null) {
      throw new IllegalArgumentException("no condition " + name + " in the template");
    }
    return truth(expression, parameters);
  }

  @SuppressWarnings("unchecked")
  private static boolean truth(Object expression, Map<String, Object> parameters) {
    Map<String, Object> fn = (Map<String, Object>) expression;
    if (fn.get("Condition") != null) {
      return condition(String.valueOf(fn.get("Condition")), parameters);
    }
    if (fn.get("Fn::Not") instanceof List<?> args) {
      return !truth(args.get(0), parameters);
    }
    if (fn.get("Fn::And") instanceof List<?> args) {
      return args.stream().allMatch(a -> truth(a, parameters));
    }
    if (fn.get("Fn::Or") instanceof List<?> args) {
      return args.stream().anyMatch(a -> truth(a, parameters));
    }
    if (fn.get("Fn::Equals") instanceof List<?> args) {
      return value(args.get(0), parameters).equals(value(args.get(1), parameters));
    }
    throw new IllegalArgumentException("unsupported condition: " + expression);
  }

  /** A condition operand: a literal, a parameter, or Fn::Join over a list parameter. */
  private static String value(Object operand, Map<String, Object> parameters) {
    if (operand instanceof Map<?, ?> fn && fn.get("Fn::Join") instanceof List<?> join) {
      return join.get(1) instanceof List<?> parts
          ? String.join(
              String.valueOf(join.get(0)), parts.stream().map(p -> value(p, parameters)).toList())
          : value(join.get(1), parameters);
    }
    String resolved = resolve(operand, parameters);
    return resolved == null ? "" : resolved;
  }

  /** Fn::Sub with the pseudo parameters of a local stack and the parameters' defaults. */
  @SuppressWarnings("unchecked")
  private static String sub(String text, Map<String, Object> parameters) {
    Map<String, String> pseudo =
        Map.of(
            "AWS::Partition", "aws",
            "AWS::Region", "us-east-1",
            "AWS::AccountId", "123456789012",
            "AWS::StackName", "ric-harness",
            "AWS::URLSuffix", "amazonaws.com");
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([^}]+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      Object parameter = parameters.get(name);
      String replacement =
          pseudo.containsKey(name)
              ? pseudo.get(name)
              : parameter != null
                  ? String.valueOf(((Map<String, Object>) parameter).getOrDefault("Default", ""))
                  : name;
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
