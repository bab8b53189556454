package org.dsm.orchestrator.functions.iam;

import java.util.Set;

/**
 * One AWS API call the application made, as IAM sees it: the action ({@code <service>:<Operation>},
 * e.g. {@code dynamodb:PutItem}) and the resources it touched as the resource part of their ARNs
 * (e.g. {@code table/metrics}, {@code table/metrics/index/gsi1}); empty when the service's
 * resources are not resolved (the action alone is then checked).
 */
public record AwsCall(String action, Set<String> resources) {
  public AwsCall {
    resources = Set.copyOf(resources);
  }

  public String service() {
    return action.substring(0, action.indexOf(':'));
  }
}
