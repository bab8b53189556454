package org.dsm.orchestrator.functions.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the IAM statements a function is granted in template.yaml with the AWS calls it was
 * recorded making: every call must be granted (action and resource), and every grant must have been
 * used by some call. Resources are compared as the resource part of their ARNs; the template's
 * logical ids are resolved through {@code physical} (logical id → the ARN resource part of the
 * resource the test ran against, e.g. {@code MetricsTable → table/iam-test-…}, or a parameter
 * holding an ARN → that ARN's resource part; a resource only named by {@code ${Id}} inside an ARN
 * built with Fn::Sub → its Ref value, e.g. {@code DailyScrumScheduleGroup → dsm-daily-scrums}). A
 * conditional statement ({@code !If [condition, statement, !Ref AWS::NoValue]}) is granted only
 * when its condition holds for the parameters of the run.
 */
public final class PolicyCheck {
  private static final Pattern SUB_REFERENCE =
      Pattern.compile("\\$\\{(AWS::[A-Za-z]+|[A-Za-z0-9]+)(\\.Arn)?}");

  private PolicyCheck() {}

  /** One action on one resource pattern ({@code *} matches any run of characters). */
  public record Grant(String action, String resource) {
    /** Whether this grant allows the action on the resource (null: a call without resources). */
    boolean allows(String calledAction, String calledResource) {
      return action.equals(calledAction)
          && (calledResource == null
              || Pattern.compile(("\\Q" + resource + "\\E").replace("*", "\\E.*\\Q"))
                  .matcher(calledResource)
                  .matches());
    }
  }

  /**
   * The grants of one function resource's inline statements, for actions of the given services
   * (grants of other services are out of this check's reach); {@code condition} tells whether a
   * template condition holds (see {@link #conditions}).
   */
  public static List<Grant> grants(
      JsonNode functionResource,
      Set<String> services,
      Map<String, String> physical,
      Predicate<String> condition) {
    List<Grant> grants = new ArrayList<>();
    for (JsonNode policy : functionResource.path("Properties").path("Policies")) {
      for (JsonNode entry : policy.path("Statement")) {
        JsonNode statement = entry;
        if (entry.has("Fn::If")) {
          JsonNode branches = entry.get("Fn::If");
          statement = branches.path(condition.test(branches.path(0).asText()) ? 1 : 2);
        }
        if (!statement.path("Effect").asText().equals("Allow")) {
          continue;
        }
        for (String action : values(statement.path("Action"))) {
          if (!services.contains(action.substring(0, action.indexOf(':')))) {
            continue;
          }
          for (JsonNode resource : nodes(statement.path("Resource"))) {
            grants.add(new Grant(action, resolve(resource, physical)));
          }
        }
      }
    }
    return grants;
  }

  /** What is wrong with {@code grants} for these calls; empty when they match exactly. */
  public static List<String> problems(List<Grant> grants, Collection<AwsCall> calls) {
    Set<String> problems = new TreeSet<>();
    List<String[]> used = new ArrayList<>(); // each call's (action, resource) pairs
    for (AwsCall call : calls) {
      for (String resource : call.resources().isEmpty() ? nullResource() : call.resources()) {
        used.add(new String[] {call.action(), resource});
        if (grants.stream().noneMatch(grant -> grant.allows(call.action(), resource))) {
          problems.add(
              "called but not granted: "
                  + call.action()
                  + (resource == null ? "" : " on " + resource));
        }
      }
    }
    for (Grant grant : grants) {
      if (used.stream().noneMatch(pair -> grant.allows(pair[0], pair[1]))) {
        problems.add("granted but never called: " + grant.action() + " on " + grant.resource());
      }
    }
    return List.copyOf(problems);
  }

  private static List<String> nullResource() {
    List<String> none = new ArrayList<>();
    none.add(null);
    return none;
  }

  /** A statement's Resource entry as an ARN resource part (or pattern). */
  static String resolve(JsonNode resource, Map<String, String> physical) {
    if (resource.isTextual()) {
      String text = resource.asText();
      if (text.equals("*")) {
        return "*";
      }
      String[] arn = text.split(":", 6);
      if (arn.length == 6 && arn[0].equals("arn")) {
        return arn[5];
      }
      throw new AssertionError("unreadable Resource " + text);
    }
    if (resource.has("Ref")) {
      return physical(resource.get("Ref").asText(), physical);
    }
    if (resource.has("Fn::GetAtt")) {
      JsonNode getAtt = resource.get("Fn::GetAtt");
      if (getAtt.path(1).asText().equals("Arn")) {
        return physical(getAtt.path(0).asText(), physical);
      }
    }
    if (resource.has("Fn::Sub") && resource.get("Fn::Sub").isTextual()) {
      Matcher reference = SUB_REFERENCE.matcher(resource.get("Fn::Sub").asText());
      StringBuilder resolved = new StringBuilder();
      while (reference.find()) {
        // pseudo parameters only fill the ARN's partition, region and account, never compared
        String value =
            reference.group(1).startsWith("AWS::")
                ? "pseudo"
                : physical(reference.group(1), physical);
        reference.appendReplacement(resolved, Matcher.quoteReplacement(value));
      }
      reference.appendTail(resolved);
      if (resolved.indexOf("${") < 0) {
        String[] arn = resolved.toString().split(":", 6);
        return arn.length == 6 && arn[0].equals("arn") ? arn[5] : resolved.toString();
      }
    }
    throw new AssertionError("unsupported Resource form " + resource);
  }

  /**
   * The template's conditions for a deployment with these parameter values (the others at their
   * defaults), evaluated when asked: Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition, and Ref to a
   * parameter. A condition it cannot evaluate fails the check rather than guessing.
   */
  public static Predicate<String> conditions(JsonNode template, Map<String, String> parameters) {
    return name -> holds(template, parameters, condition(template, name));
  }

  private static JsonNode condition(JsonNode template, String name) {
    JsonNode condition = template.path("Conditions").path(name);
    if (condition.isMissingNode()) {
      throw new AssertionError("template.yaml has no condition " + name);
    }
    return condition;
  }

  private static boolean holds(JsonNode template, Map<String, String> parameters, JsonNode node) {
    if (node.has("Condition")) {
      return holds(template, parameters, condition(template, node.get("Condition").asText()));
    }
    if (node.has("Fn::Not")) {
      return !holds(template, parameters, node.get("Fn::Not").path(0));
    }
    if (node.has("Fn::And") || node.has("Fn::Or")) {
      boolean and = node.has("Fn::And");
      for (JsonNode operand : node.get(and ? "Fn::And" : "Fn::Or")) {
        if (holds(template, parameters, operand) != and) {
          return !and;
        }
      }
      return and;
    }
    if (node.has("Fn::Equals")) {
      JsonNode operands = node.get("Fn::Equals");
      return value(template, parameters, operands.path(0))
          .equals(value(template, parameters, operands.path(1)));
    }
    throw new AssertionError("unsupported condition " + node);
  }

  private static String value(JsonNode template, Map<String, String> parameters, JsonNode node) {
    if (node.isValueNode()) {
      return node.asText();
    }
    if (node.has("Ref")) {
      String name = node.get("Ref").asText();
      JsonNode parameter = template.path("Parameters").path(name);
      if (parameter.isMissingNode()) {
        throw new AssertionError("a condition refers to " + name + ", which is no parameter");
      }
      if (parameters.containsKey(name)) {
        return parameters.get(name);
      }
      if (!parameter.has("Default")) {
        throw new AssertionError("parameter " + name + " has no default and no value in the run");
      }
      return parameter.get("Default").asText();
    }
    throw new AssertionError("unsupported condition operand " + node);
  }

  private static String physical(String logicalId, Map<String, String> physical) {
    String value = physical.get(logicalId);
    if (value == null) {
      throw new AssertionError(
          "the template grants on " + logicalId + ", which the test ran against no resource for");
    }
    return value;
  }

  private static List<JsonNode> nodes(JsonNode node) {
    List<JsonNode> nodes = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(nodes::add);
    } else if (!node.isMissingNode()) {
      nodes.add(node);
    }
    return nodes;
  }

  private static List<String> values(JsonNode node) {
    return nodes(node).stream().map(JsonNode::asText).toList();
  }
}
