package org.dsm.orchestrator.functions.iam;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.interceptor.SdkInternalExecutionAttribute;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;

/**
 * Records every AWS SDK v2 call made while a recording runs, as IAM actions. Registered for every
 * client in the test JVM through the SDK's global interceptor list
 * (src/test/resources/software/amazon/awssdk/global/handlers/execution.interceptors), so the
 * application's own clients are recorded unchanged. Outside {@link #record} it does nothing.
 *
 * <p>The action is {@code <signing name>:<Operation>}: for the services this application calls, the
 * SigV4 signing name is the IAM service prefix (dynamodb, scheduler, secretsmanager), so a new
 * service needs nothing here. Resources are resolved per service in {@link #RESOURCES}; a service
 * without an entry is checked by action only.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {
  /**
   * The resources a request touches, as ARN resource parts, per IAM service prefix. DynamoDB: the
   * table (TableName, or each table of a batch's RequestItems) and, for an index query, the index.
   * Secrets Manager: the secret its SecretId names by ARN ({@code secret:<name>-<suffix>}).
   * Scheduler: the schedule a request names ({@code schedule/<group>/<name>}); ListSchedules names
   * none (IAM allows it on {@code *} only).
   */
  static final Map<String, Function<SdkRequest, Set<String>>> RESOURCES =
      Map.of(
          "dynamodb", AwsCallRecorder::dynamoDbResources,
          "secretsmanager", AwsCallRecorder::secretsManagerResources,
          "scheduler", AwsCallRecorder::schedulerResources);

  private static final List<AwsCall> CALLS = new ArrayList<>();
  private static volatile boolean recording;

  /** Public no-argument constructor: the SDK instantiates the class from the global list. */
  public AwsCallRecorder() {}

  /** Runs {@code action} and returns the calls it made, in order (set-up before it is excluded). */
  public static synchronized List<AwsCall> record(ThrowingRunnable action) throws Exception {
    synchronized (CALLS) {
      CALLS.clear();
    }
    recording = true;
    try {
      action.run();
    } finally {
      recording = false;
    }
    synchronized (CALLS) {
      return List.copyOf(CALLS);
    }
  }

  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    if (!recording) {
      return;
    }
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    String service = signingName(attributes);
    Set<String> resources =
        RESOURCES.getOrDefault(service, request -> Set.of()).apply(context.request());
    synchronized (CALLS) {
      CALLS.add(new AwsCall(service + ":" + operation, resources));
    }
  }

  /** The SigV4 signing name of the call's selected auth scheme (the IAM service prefix). */
  static String signingName(ExecutionAttributes attributes) {
    var scheme = attributes.getAttribute(SdkInternalExecutionAttribute.SELECTED_AUTH_SCHEME);
    String name =
        scheme == null
            ? null
            : scheme.authSchemeOption().signerProperty(AwsV4FamilyHttpSigner.SERVICE_SIGNING_NAME);
    if (name == null) {
      throw new IllegalStateException(
          "no SigV4 signing name for "
              + attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
              + "."
              + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
    return name;
  }

  @SuppressWarnings("unchecked")
  private static Set<String> dynamoDbResources(SdkRequest request) {
    Set<String> tables = new LinkedHashSet<>();
    request.getValueForField("TableName", String.class).ifPresent(tables::add);
    request
        .getValueForField("RequestItems", Map.class)
        .ifPresent(items -> tables.addAll(((Map<String, ?>) items).keySet()));
    String index = request.getValueForField("IndexName", String.class).orElse(null);
    Set<String> resources = new LinkedHashSet<>();
    for (String table : tables) {
      resources.add("table/" + table + (index == null ? "" : "/index/" + index));
    }
    return resources;
  }

  private static Set<String> schedulerResources(SdkRequest request) {
    return request
        .getValueForField("Name", String.class)
        .map(
            name ->
                Set.of(
                    "schedule/"
                        + request.getValueForField("GroupName", String.class).orElse("default")
                        + "/"
                        + name))
        .orElse(Set.of());
  }

  private static Set<String> secretsManagerResources(SdkRequest request) {
    String id = request.getValueForField("SecretId", String.class).orElse(null);
    if (id == null) {
      return Set.of();
    }
    String[] arn = id.split(":", 7);
    if (arn.length != 7 || !arn[0].equals("arn") || !arn[5].equals("secret")) {
      // a name instead of an ARN: IAM still judges the secret's ARN, which the call does not show
      throw new IllegalStateException("SecretId is not a secret ARN: " + id);
    }
    return Set.of("secret:" + arn[6]);
  }
}
