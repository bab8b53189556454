package org.dsm.orchestrator.schedules.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local HTTP server speaking the EventBridge Scheduler operations the adapter uses, in the
 * service's REST-JSON protocol: CreateSchedule (POST /schedules/{Name}), UpdateSchedule (PUT),
 * GetSchedule (GET ?groupName=), DeleteSchedule (DELETE ?groupName=&clientToken=) and ListSchedules
 * (GET /schedules?ScheduleGroup=&NamePrefix=&MaxResults=&NextToken=). It keeps the service's
 * inconvenient parts: schedules live in groups that must exist, a name is unique per group
 * (ConflictException on create), update and get of a missing schedule are ResourceNotFound, an
 * expression that is not a valid {@code cron(...)} with exactly one '?' day field (and no '/' in
 * day-of-week) is a ValidationException, and list answers in pages. Errors carry {@code
 * x-amzn-ErrorType} as the service's do.
 *
 * <p>CreateSchedule is idempotent on its {@code ClientToken}, which the SDK generates once per call
 * and sends unchanged on every retry of it: the AWS API reference (CreateSchedule, request
 * parameter ClientToken) describes it as a "unique, case-sensitive identifier you provide to ensure
 * the idempotency of the request. If you do not specify a client token, EventBridge Scheduler uses
 * a randomly generated token for the request to ensure idempotency", so a retry whose first attempt
 * was applied is answered with the first attempt's success, not ConflictException. DeleteSchedule
 * carries a token described with the same words, but what a retried delete whose first attempt was
 * applied is answered is not documented; the fake answers the inconvenient
 * ResourceNotFoundException (the schedule is gone), which the adapter must not report as "did not
 * exist".
 *
 * <p>Faults: {@link #answerLate} applies the next request of an operation and holds its answer past
 * the client's attempt timeout (the SDK then retries it); {@link #neverAnswer} holds every answer
 * of an operation without applying it; {@link #refuseNext} answers the next request of an operation
 * with an error and applies nothing.
 */
public final class FakeSchedulerServer implements AutoCloseable {
  public static final String REGION = "us-east-1";
  public static final String ACCOUNT = "123456789012";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-_.]{1,64}");
  private static final Pattern FIELD = Pattern.compile("[0-9A-Z*?,/#-]+");

  private final HttpServer server;
  private final Map<String, Map<String, ObjectNode>> groups = new ConcurrentHashMap<>();
  private final List<String> operations = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, ObjectNode> createdByToken = new ConcurrentHashMap<>();
  private final Map<String, java.time.Duration> lateAnswers = new ConcurrentHashMap<>();
  private final Map<String, java.time.Duration> unanswered = new ConcurrentHashMap<>();
  private final Map<String, Reply> refusals = new ConcurrentHashMap<>();
  private volatile int pageSize = 100;
  private volatile boolean down;

  private FakeSchedulerServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    // a held answer must not hold up the client's retry, which the real service serves meanwhile
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
  }

  public static FakeSchedulerServer start(String... groupNames) {
    FakeSchedulerServer fake = new FakeSchedulerServer();
    for (String group : groupNames) {
      fake.groups.put(group, Collections.synchronizedMap(new TreeMap<>()));
    }
    return fake;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** At most this many schedules per ListSchedules page (the service pages too). */
  public FakeSchedulerServer pageSize(int size) {
    this.pageSize = size;
    return this;
  }

  /** Every request answers 500 InternalServerException. */
  public FakeSchedulerServer down(boolean down) {
    this.down = down;
    return this;
  }

  /**
   * The next request of {@code operation} (e.g. "DeleteSchedule") is applied, then its answer is
   * held for {@code delay}: a client whose attempt timed out meanwhile retries it.
   */
  public FakeSchedulerServer answerLate(String operation, java.time.Duration delay) {
    lateAnswers.put(operation, delay);
    return this;
  }

  /** Every request of {@code operation} is held for {@code delay}, then answered 500, unapplied. */
  public FakeSchedulerServer neverAnswer(String operation, java.time.Duration delay) {
    unanswered.put(operation, delay);
    return this;
  }

  /** The next request of {@code operation} is answered with this error; nothing is applied. */
  public FakeSchedulerServer refuseNext(
      String operation, int status, String errorType, String message) {
    refusals.put(operation, error(status, errorType, message));
    return this;
  }

  /** The stored schedule (the request's fields, as the service keeps them), or null. */
  public JsonNode schedule(String group, String name) {
    Map<String, ObjectNode> schedules = groups.get(group);
    return schedules == null ? null : schedules.get(name);
  }

  /** The operations answered, in order (e.g. "CreateSchedule"). */
  public List<String> operations() {
    synchronized (operations) {
      return List.copyOf(operations);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private record Reply(int status, String errorType, JsonNode body) {}

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Reply reply;
      String operation = operation(exchange);
      Reply refusal = operation == null ? null : refusals.remove(operation);
      java.time.Duration hold = operation == null ? null : unanswered.get(operation);
      java.time.Duration late = operation == null ? null : lateAnswers.remove(operation);
      try {
        if (hold != null) {
          operations.add(operation);
          sleep(hold);
          reply = error(500, "InternalServerException", "Unexpected error");
        } else if (refusal != null) {
          operations.add(operation);
          reply = refusal;
        } else {
          reply =
              down ? error(500, "InternalServerException", "Unexpected error") : route(exchange);
        }
      } catch (IOException | RuntimeException e) {
        reply = error(400, "ValidationException", String.valueOf(e.getMessage()));
      }
      if (late != null) {
        sleep(late); // applied; the answer comes after the client gave up on this attempt
      }
      byte[] body = JSON.writeValueAsBytes(reply.body());
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
      if (reply.errorType() != null) {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", reply.errorType());
      }
      exchange.sendResponseHeaders(reply.status(), body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private static void sleep(java.time.Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The operation a request is for, as {@link #operations()} names it. */
  private static String operation(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    if (path.equals("/schedules")) {
      return method.equals("GET") ? "ListSchedules" : null;
    }
    if (!path.startsWith("/schedules/")) {
      return null;
    }
    return switch (method) {
      case "POST" -> "CreateSchedule";
      case "PUT" -> "UpdateSchedule";
      case "GET" -> "GetSchedule";
      case "DELETE" -> "DeleteSchedule";
      default -> null;
    };
  }

  private Reply route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    if (path.equals("/schedules") && method.equals("GET")) {
      return list(query);
    }
    if (!path.startsWith("/schedules/")) {
      return error(404, "UnknownOperationException", "no operation at " + method + " " + path);
    }
    String name = URLDecoder.decode(path.substring("/schedules/".length()), StandardCharsets.UTF_8);
    return switch (method) {
      case "POST" -> create(name, read(exchange));
      case "PUT" -> update(name, read(exchange));
      case "GET" -> get(name, query.getOrDefault("groupName", "default"));
      case "DELETE" -> delete(name, query.getOrDefault("groupName", "default"));
      default -> error(404, "UnknownOperationException", "no operation " + method);
    };
  }

  private Reply create(String name, ObjectNode request) {
    operations.add("CreateSchedule");
    Reply invalid = validate(name, request);
    if (invalid != null) {
      return invalid;
    }
    String group = request.path("GroupName").asText("default");
    Map<String, ObjectNode> schedules = groups.get(group);
    if (schedules == null) {
      return error(
          404, "ResourceNotFoundException", "Schedule group " + group + " does not exist.");
    }
    String token = request.path("ClientToken").asText("");
    synchronized (schedules) {
      ObjectNode first = token.isEmpty() ? null : createdByToken.get(token);
      if (first != null) {
        return ok(first); // a retry of a create that was applied: its first answer
      }
      if (schedules.containsKey(name)) {
        return error(409, "ConflictException", "Schedule " + name + " already exists.");
      }
      schedules.put(name, stored(name, group, request));
      ObjectNode answer = JSON.createObjectNode().put("ScheduleArn", arn(group, name));
      if (!token.isEmpty()) {
        createdByToken.put(token, answer);
      }
      return ok(answer);
    }
  }

  private Reply update(String name, ObjectNode request) {
    operations.add("UpdateSchedule");
    Reply invalid = validate(name, request);
    if (invalid != null) {
      return invalid;
    }
    String group = request.path("GroupName").asText("default");
    Map<String, ObjectNode> schedules = groups.get(group);
    if (schedules == null || !schedules.containsKey(name)) {
      return error(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
    }
    schedules.put(name, stored(name, group, request));
    return ok(JSON.createObjectNode().put("ScheduleArn", arn(group, name)));
  }

  private Reply get(String name, String group) {
    operations.add("GetSchedule");
    Map<String, ObjectNode> schedules = groups.get(group);
    ObjectNode found = schedules == null ? null : schedules.get(name);
    return found == null
        ? error(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.")
        : ok(found);
  }

  private Reply delete(String name, String group) {
    operations.add("DeleteSchedule");
    Map<String, ObjectNode> schedules = groups.get(group);
    if (schedules == null || schedules.remove(name) == null) {
      return error(404, "ResourceNotFoundException", "Schedule " + name + " does not exist.");
    }
    return ok(JSON.createObjectNode());
  }

  private Reply list(Map<String, String> query) {
    operations.add("ListSchedules");
    String group = query.get("ScheduleGroup");
    String prefix = query.getOrDefault("NamePrefix", "");
    int max = Math.min(pageSize, Integer.parseInt(query.getOrDefault("MaxResults", "100")));
    int from = Integer.parseInt(query.getOrDefault("NextToken", "0"));
    List<ObjectNode> matching = new ArrayList<>();
    groups.forEach(
        (name, schedules) -> {
          if (group == null || group.equals(name)) {
            synchronized (schedules) {
              schedules.values().stream()
                  .filter(s -> s.path("Name").asText().startsWith(prefix))
                  .forEach(matching::add);
            }
          }
        });
    ArrayNode page = JSON.createArrayNode();
    for (int i = from; i < Math.min(matching.size(), from + max); i++) {
      ObjectNode s = matching.get(i);
      ObjectNode summary = page.addObject();
      summary.put("Arn", s.path("Arn").asText());
      summary.put("Name", s.path("Name").asText());
      summary.put("GroupName", s.path("GroupName").asText());
      summary.put("State", s.path("State").asText());
      summary.put("CreationDate", s.path("CreationDate").asDouble());
      summary.put("LastModificationDate", s.path("LastModificationDate").asDouble());
      summary.putObject("Target").put("Arn", s.path("Target").path("Arn").asText());
    }
    ObjectNode body = JSON.createObjectNode();
    body.set("Schedules", page);
    if (from + max < matching.size()) {
      body.put("NextToken", String.valueOf(from + max));
    }
    return ok(body);
  }

  /** The checks the service makes on the fields the adapter sends. */
  private static Reply validate(String name, ObjectNode request) {
    if (!NAME.matcher(name).matches()) {
      return error(400, "ValidationException", "Invalid schedule name " + name);
    }
    if (!request.path("FlexibleTimeWindow").path("Mode").isTextual()) {
      return error(400, "ValidationException", "FlexibleTimeWindow is required");
    }
    JsonNode target = request.path("Target");
    if (!target.path("Arn").isTextual() || !target.path("RoleArn").isTextual()) {
      return error(400, "ValidationException", "Target.Arn and Target.RoleArn are required");
    }
    if (!validExpression(request.path("ScheduleExpression").asText(""))) {
      return error(
          400,
          "ValidationException",
          "Invalid Schedule Expression " + request.path("ScheduleExpression").asText());
    }
    if (request.has("ScheduleExpressionTimezone")) {
      try {
        ZoneId.of(request.path("ScheduleExpressionTimezone").asText());
      } catch (DateTimeException e) {
        return error(400, "ValidationException", "Invalid ScheduleExpressionTimezone");
      }
    }
    return null;
  }

  /**
   * {@code cron(min hour dom month dow year)}: six fields, exactly one of day-of-month and
   * day-of-week '?', day-of-week numbers 1-7 and no '/' there.
   */
  static boolean validExpression(String expression) {
    if (!expression.startsWith("cron(") || !expression.endsWith(")")) {
      return false;
    }
    String[] f = expression.substring(5, expression.length() - 1).trim().split(" ");
    if (f.length != 6) {
      return false;
    }
    for (String field : f) {
      if (!FIELD.matcher(field).matches()) {
        return false;
      }
    }
    if (f[2].equals("?") == f[4].equals("?")) {
      return false;
    }
    if (f[4].contains("/")) { // day-of-week wildcards are , - * ? L # (no increments)
      return false;
    }
    for (String number : f[4].split("[^0-9]+")) {
      if (!number.isEmpty() && (Integer.parseInt(number) < 1 || Integer.parseInt(number) > 7)) {
        return false;
      }
    }
    return !f[0].contains("?") && !f[1].contains("?") && !f[3].contains("?");
  }

  private static ObjectNode stored(String name, String group, ObjectNode request) {
    ObjectNode stored = request.deepCopy();
    stored.remove("ClientToken");
    stored.put("Name", name);
    stored.put("GroupName", group);
    stored.put("Arn", arn(group, name));
    double now = System.currentTimeMillis() / 1000.0;
    stored.put("CreationDate", now);
    stored.put("LastModificationDate", now);
    if (!stored.has("State")) {
      stored.put("State", "ENABLED");
    }
    return stored;
  }

  private static String arn(String group, String name) {
    return "arn:aws:scheduler:" + REGION + ":" + ACCOUNT + ":schedule/" + group + "/" + name;
  }

  private static ObjectNode read(HttpExchange exchange) throws IOException {
    JsonNode node = JSON.readTree(exchange.getRequestBody());
    if (node == null || !node.isObject()) {
      throw new IOException("request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  private static Reply ok(JsonNode body) {
    return new Reply(200, null, body);
  }

  private static Reply error(int status, String type, String message) {
    return new Reply(status, type, JSON.createObjectNode().put("Message", message));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> map = new LinkedHashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          map.put(
              URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return map;
  }
}
