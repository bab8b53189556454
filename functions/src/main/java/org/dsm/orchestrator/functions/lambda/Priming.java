package org.dsm.orchestrator.functions.lambda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.node.ObjectNode;

/**
 * The warm-up pass before a SnapStart snapshot: synthetic API Gateway HTTP API events sent through
 * the real entry point ({@link LambdaHandler}: its direct route or FunctionInvoker, the envelope,
 * the API edge, the use cases, JSON), so what the first request after a restore runs is loaded,
 * linked and compiled. Every call is a dry run or a request the edge rejects; the handler marks
 * them as priming, so they write no record and no EMF line, and the caller resets the instance's
 * stats afterwards. Behind an authorizer (API_AUTHORIZER iam or jwt) each event carries a synthetic
 * caller of that kind ({@link #IAM_PRINCIPAL}, {@link #JWT_SUBJECT}) in {@code
 * requestContext.authorizer}, as API Gateway would; without it every call would be the 401 refusal
 * and the use cases would stay cold. Being priming, its calls are never recorded, and none carries
 * an Idempotency-Key, so the caller reaches no store.
 *
 * <p>With embedded data it sends dry-run orchestrations (plain and base64 body), performance
 * reports and rejected requests. With HTTP data it must not call the DSM services, so it only sends
 * requests the edge rejects before any use case runs. Only the routes of the function this instance
 * serves are primed (both when it serves both).
 */
public final class Priming {
  /** Calls per pass: enough for C1 to compile the request path. */
  public static final int CALLS = 120;

  /** Where the calls go; answers the response's HTTP status. */
  @FunctionalInterface
  public interface Entry {
    int invoke(Call call, String requestId) throws IOException;
  }

  /**
   * The synthetic caller's IAM principal: with an authorizer configured, an event without a caller
   * is refused (401) before any use case runs, so priming would only rehearse the refusal.
   */
  public static final String IAM_PRINCIPAL =
      "arn:aws:sts::000000000000:assumed-role/dsm-priming/priming";

  /** The synthetic caller's JWT subject. */
  public static final String JWT_SUBJECT = "dsm-priming";

  /**
   * One synthetic request; {@code authorizer} (an {@link ApiAuthorizer} mode) picks the caller
   * block API Gateway's authorizer of that kind would add.
   */
  public record Call(
      String method, String path, String query, String body, boolean base64, String authorizer) {
    /** The API Gateway HTTP API (payload 2.0) event of this request. */
    public byte[] event() {
      return Priming.event(this);
    }

    public Map<String, String> queryParameters() {
      Map<String, String> parameters = new TreeMap<>();
      if (!query.isEmpty()) {
        for (String pair : query.split("&")) {
          String[] kv = pair.split("=", 2);
          parameters.put(kv[0], kv.length > 1 ? kv[1] : "");
        }
      }
      return parameters;
    }

    public byte[] bodyBytes() {
      if (body == null) {
        return new byte[0];
      }
      String sent =
          base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body;
      return sent.getBytes(StandardCharsets.UTF_8);
    }
  }

  private final ProjectId project;
  private final boolean embeddedData;
  private final String function;
  private final String authorizer;
  private int runs;

  /**
   * @param function the function this instance serves (SPRING_CLOUD_FUNCTION_DEFINITION), or null
   *     for both
   * @param authorizer the API_AUTHORIZER mode ({@link ApiAuthorizer}): the kind of caller the
   *     events carry
   */
  public Priming(ProjectId project, boolean embeddedData, String function, String authorizer) {
    this.project = project;
    this.embeddedData = embeddedData;
    this.function = function;
    this.authorizer = authorizer;
  }

  /** Runs one pass through {@code entry}; a failing call is counted, not thrown. */
  public Result run(Entry entry) {
    long started = System.nanoTime();
    List<Call> events = calls();
    Map<Integer, Integer> statuses = new TreeMap<>();
    int pass = ++runs;
    for (int i = 0; i < CALLS; i++) {
      int status;
      try {
        status = entry.invoke(events.get(i % events.size()), "priming-" + pass + "-" + i);
      } catch (IOException | RuntimeException e) {
        status = -1;
      }
      statuses.merge(status, 1, Integer::sum);
    }
    return new Result(CALLS, Map.copyOf(statuses), (System.nanoTime() - started) / 1e6);
  }

  /** The synthetic requests of one round, in order. */
  public List<Call> calls() {
    boolean orchestrate = function == null || function.equals(LambdaFunctions.ORCHESTRATE);
    boolean metrics = function == null || function.equals(LambdaFunctions.PERFORMANCE_METRICS);
    String orchestratePath = OrchestratorApi.ORCHESTRATE_PREFIX + project.value();
    String metricsPath = OrchestratorApi.METRICS_PREFIX + project.value();
    String dryRun = "{\"action\": \"analyze_and_orchestrate\", \"options\": {\"dry_run\": true}}";
    List<Call> events = new ArrayList<>();
    if (orchestrate) {
      if (embeddedData) {
        events.add(new Call("POST", orchestratePath, "", dryRun, false, authorizer));
        events.add(new Call("POST", orchestratePath, "", dryRun, true, authorizer));
      }
      events.add(
          new Call(
              "POST",
              orchestratePath,
              "",
              "{\"options\": {\"dry_run\": \"yes\"}}",
              false,
              authorizer));
      events.add(new Call("POST", orchestratePath, "", "{not json", false, authorizer));
    }
    if (metrics) {
      if (embeddedData) {
        events.add(new Call("GET", metricsPath, "window=1h", null, false, authorizer));
      }
      events.add(new Call("GET", metricsPath, "window=forever", null, false, authorizer));
    }
    return events;
  }

  /** An API Gateway HTTP API (payload 2.0) event, as the HTTP API sends it. */
  private static byte[] event(Call call) {
    String path = call.path();
    String query = call.query();
    ObjectNode event = Json.mapper().createObjectNode();
    event.put("version", "2.0");
    event.put("routeKey", "$default");
    event.put("rawPath", path);
    event.put("rawQueryString", query);
    ObjectNode headers = event.putObject("headers");
    headers.put("accept", "application/json");
    headers.put("host", "priming.execute-api.local");
    if (call.body() != null) {
      headers.put("content-type", "application/json");
    }
    if (!query.isEmpty()) {
      ObjectNode parameters = event.putObject("queryStringParameters");
      call.queryParameters().forEach(parameters::put);
    }
    ObjectNode context = event.putObject("requestContext");
    context.put("accountId", "000000000000");
    context.put("apiId", "priming");
    context.put("domainName", "priming.execute-api.local");
    context.put("requestId", "priming");
    context.put("routeKey", "$default");
    context.put("stage", "$default");
    context.put("timeEpoch", 0L);
    ObjectNode http = context.putObject("http");
    http.put("method", call.method());
    http.put("path", path);
    http.put("protocol", "HTTP/1.1");
    http.put("sourceIp", "127.0.0.1");
    http.put("userAgent", "priming");
    caller(context, call.authorizer());
    event.put("isBase64Encoded", call.base64());
    if (call.body() != null) {
      event.put("body", new String(call.bodyBytes(), StandardCharsets.UTF_8));
    }
    try {
      return Json.mapper().writeValueAsBytes(event);
    } catch (JacksonException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The {@code requestContext.authorizer} block API Gateway adds behind an authorizer of this kind
   * (the shape {@link ApiGatewayEvents#principal} reads); none adds nothing.
   */
  private static void caller(ObjectNode context, String authorizer) {
    if (ApiAuthorizer.IAM.equals(authorizer)) {
      ObjectNode iam = context.putObject("authorizer").putObject("iam");
      iam.put("accessKey", "ASIAPRIMING");
      iam.put("accountId", "000000000000");
      iam.put("callerId", "AROAPRIMING:priming");
      iam.putNull("cognitoIdentity");
      iam.putNull("principalOrgId");
      iam.put("userArn", IAM_PRINCIPAL);
      iam.put("userId", "AROAPRIMING:priming");
    } else if (ApiAuthorizer.JWT.equals(authorizer)) {
      ObjectNode jwt = context.putObject("authorizer").putObject("jwt");
      ObjectNode claims = jwt.putObject("claims");
      claims.put("sub", JWT_SUBJECT);
      claims.put("iss", "https://priming.invalid");
      claims.put("aud", "dsm-orchestrator");
      claims.put("iat", "0");
      claims.put("exp", "0");
      jwt.putNull("scopes");
    }
  }

  /**
   * Calls made, how many answered each HTTP status (-1 = failed), and the wall time of the pass.
   */
  public record Result(int calls, Map<Integer, Integer> statuses, double durationMs) {
    public int count(int status) {
      return statuses.getOrDefault(status, 0);
    }
  }
}
