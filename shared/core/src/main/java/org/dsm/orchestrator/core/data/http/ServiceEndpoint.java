package org.dsm.orchestrator.core.data.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dsm.orchestrator.core.error.DependencyBadResponseException;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.resilience.DependencyBreaker;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One DSM service: async GET/POST with a timeout on every call. Transport failures, timeouts and
 * 5xx become {@link DependencyUnavailableException}; a 2xx body that is not JSON becomes {@link
 * DependencyBadResponseException}; other statuses are returned for the caller to map, because only
 * it knows what a 404 or 409 means.
 *
 * <p>Every call goes through the service's {@link DependencyBreaker}: transport failures, timeouts,
 * 5xx and non-JSON 2xx bodies count as failures; any other answer (including 404 and 409) counts as
 * a success. A 2xx JSON body that lacks a field is not counted: it fails fast anyway, so the
 * breaker would save nothing. A judged call's 5xx ({@link #getJudgingServerErrors}, {@link
 * #postJudgingServerErrors}) is counted or not by its caller. While the circuit is open a call
 * fails at once with {@link DependencyUnavailableException} ("circuit open ...") without touching
 * the network.
 */
final class ServiceEndpoint {
  private final String name;
  private final URI base;
  private final HttpClient client;
  private final Duration timeout;
  private final Duration writeTimeout;
  private final DependencyBreaker breaker;

  /**
   * @param timeout of each read (GET)
   * @param writeTimeout of each write (POST): longer, since a write the client gives up on may
   *     still happen, and its outcome must then be read back
   */
  ServiceEndpoint(
      String name,
      URI base,
      HttpClient client,
      Duration timeout,
      Duration writeTimeout,
      DependencyBreaker breaker) {
    this.name = name;
    this.base = base;
    this.client = client;
    this.timeout = timeout;
    this.writeTimeout = writeTimeout;
    this.breaker = breaker;
  }

  Duration writeTimeout() {
    return writeTimeout;
  }

  /**
   * Whether a failed write may nevertheless have reached the service and taken effect: it timed
   * out, the connection broke after the request was sent, or the service answered 5xx. A 5xx does
   * not say nothing happened: the original Sprint service answers 500 to a close of a sprint that
   * is already closed, and its writes take several steps (a create commits the sprint row before it
   * assigns the tasks), any of which can fail after the first. A refused connection, a connect
   * timeout or an open circuit are not: the service did not get the request.
   */
  static boolean mayHaveTakenEffect(DependencyUnavailableException failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof java.net.http.HttpConnectTimeoutException
        || cause instanceof ConnectException) {
      return false;
    }
    return cause instanceof ServerErrorAnswer
        || cause instanceof HttpTimeoutException
        || cause instanceof TimeoutException
        || cause instanceof IOException;
  }

  /** The 5xx status a failure was answered with, or 0 when it got no answer. */
  static int serverErrorStatus(DependencyUnavailableException failure) {
    return failure.getCause() instanceof ServerErrorAnswer answer ? answer.status : 0;
  }

  /**
   * The breaker verdict a 5xx answer to a {@link #postJudgingServerErrors judged write} still owes,
   * or null (any other failure, already counted).
   */
  static ServerErrorVerdict pendingVerdict(DependencyUnavailableException failure) {
    return failure.getCause() instanceof ServerErrorAnswer answer ? answer.verdict : null;
  }

  /** The cause of a {@link DependencyUnavailableException} that is a 5xx answer. */
  static final class ServerErrorAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final transient ServerErrorVerdict verdict;

    ServerErrorAnswer(int status) {
      this(status, null);
    }

    /**
     * @param verdict non-null when the breaker has not counted this answer yet: the caller settles
     *     it once it knows whether the service failed
     */
    ServerErrorAnswer(int status, ServerErrorVerdict verdict) {
      super("HTTP " + status, null, false, false);
      this.status = status;
      this.verdict = verdict;
    }
  }

  DependencyBreaker breaker() {
    return breaker;
  }

  String name() {
    return name;
  }

  CompletableFuture<Reply> get(String path) {
    return send(
        "GET " + path,
        HttpRequest.newBuilder(base.resolve(base.getPath() + path)).GET(),
        null,
        timeout);
  }

  /**
   * A GET whose 5xx the caller must judge: a 5xx comes back as a {@link Judged} reply with a
   * verdict (not an exception) and is not yet counted by the breaker; the caller settles it with
   * {@link ServerErrorVerdict#failure} or {@link ServerErrorVerdict#notCounted}. Needed because the
   * original project service answers 500 for an unknown project, and Chronicle's similar-projects
   * endpoint 500 when nothing matches, which must not open the circuit.
   */
  CompletableFuture<Judged> getJudgingServerErrors(String path) {
    ServerErrorVerdict[] verdict = new ServerErrorVerdict[1];
    return send(
            "GET " + path,
            HttpRequest.newBuilder(base.resolve(base.getPath() + path)).GET(),
            verdict,
            timeout)
        .thenApply(reply -> new Judged(reply, verdict[0]));
  }

  /**
   * A reply and, when it is a 5xx, the verdict the caller still owes the breaker (null otherwise).
   */
  record Judged(Reply reply, ServerErrorVerdict serverError) {}

  /** How the caller settles a 5xx it asked to judge. */
  final class ServerErrorVerdict {
    private final DependencyBreaker.Permit permit;
    private final Reply reply;

    private ServerErrorVerdict(DependencyBreaker.Permit permit, Reply reply) {
      this.permit = permit;
      this.reply = reply;
    }

    DependencyUnavailableException failure() {
      var failure =
          new DependencyUnavailableException(
              name, "HTTP " + reply.status() + " on " + reply.call(), null);
      permit.failure(failure);
      return failure;
    }

    /** Counts the 5xx as the failure it was. */
    void counted() {
      permit.failure(new ServerErrorAnswer(reply.status()));
    }

    void notCounted() {
      permit.notCounted();
    }

    /**
     * The 5xx as the {@link DependencyUnavailableException} a plain call would have thrown,
     * carrying this verdict, which the catcher must settle ({@link #pendingVerdict}).
     */
    DependencyUnavailableException unsettled() {
      return new DependencyUnavailableException(
          name,
          "HTTP " + reply.status() + " on " + reply.call(),
          new ServerErrorAnswer(reply.status(), this));
    }
  }

  /**
   * A POST whose 5xx the caller judges, as {@link #getJudgingServerErrors}: a write answered 5xx
   * may have happened all the same (the Sprint service answers 500 to a close of a sprint that is
   * already closed), so only a read-back can say whether the service failed at it.
   */
  CompletableFuture<Judged> postJudgingServerErrors(String path, Object body) {
    ServerErrorVerdict[] verdict = new ServerErrorVerdict[1];
    return send("POST " + path, postRequest(path, body), verdict, writeTimeout)
        .thenApply(reply -> new Judged(reply, verdict[0]));
  }

  CompletableFuture<Reply> post(String path, Object body) {
    return send("POST " + path, postRequest(path, body), null, writeTimeout);
  }

  private HttpRequest.Builder postRequest(String path, Object body) {
    var publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(Json.write(body));
    return HttpRequest.newBuilder(base.resolve(base.getPath() + path))
        .header("Content-Type", "application/json")
        .POST(publisher);
  }

  /**
   * {@code verdict} non-null: a 5xx is returned with its verdict stored in {@code verdict[0]} for
   * the caller.
   */
  private CompletableFuture<Reply> send(
      String call, HttpRequest.Builder builder, ServerErrorVerdict[] verdict, Duration timeout) {
    DependencyBreaker.Permit permit;
    try {
      permit = breaker.acquire(call);
    } catch (DependencyUnavailableException open) {
      return CompletableFuture.failedFuture(open);
    }
    HttpRequest request = builder.timeout(timeout).header("Accept", "application/json").build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        // the request timeout covers only the headers; this one bounds the whole call, a body that
        // trickles in included, so a call's worst case is its timeout, as the deadline checks count
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (response, failure) -> {
              if (failure != null) {
                var unavailable = unavailable(call, failure, timeout);
                permit.failure(unavailable);
                throw unavailable;
              }
              if (response.statusCode() >= 500 && verdict != null) {
                Reply reply = toReply(call, response, true);
                verdict[0] = new ServerErrorVerdict(permit, reply);
                return reply;
              }
              try {
                Reply reply = toReply(call, response, false);
                permit.success();
                return reply;
              } catch (RuntimeException e) {
                permit.failure(e);
                throw e;
              }
            });
  }

  private Reply toReply(String call, HttpResponse<String> response, boolean serverErrorAllowed) {
    int status = response.statusCode();
    if (status >= 500 && !serverErrorAllowed) {
      throw new DependencyUnavailableException(
          name, "HTTP " + status + " on " + call, new ServerErrorAnswer(status));
    }
    JsonNode json = null;
    String body = response.body();
    if (body != null && !body.isBlank()) {
      try {
        json = Json.mapper().readTree(body);
      } catch (JacksonException e) {
        if (status < 300) {
          throw new DependencyBadResponseException(name, 0, "malformed JSON from " + call);
        }
      }
    }
    return new Reply(name, call, status, json);
  }

  private DependencyUnavailableException unavailable(
      String call, Throwable failure, Duration timeout) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    String reason;
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      reason = "no answer within " + timeout.toMillis() + " ms on " + call;
    } else if (cause instanceof ConnectException) {
      reason = "cannot connect for " + call;
    } else if (cause instanceof IOException) {
      reason = "I/O failure on " + call + " (" + cause.getClass().getSimpleName() + ")";
    } else if (cause instanceof DependencyUnavailableException d) {
      return d;
    } else {
      reason = "failure on " + call + " (" + cause.getClass().getSimpleName() + ")";
    }
    return new DependencyUnavailableException(name, reason, cause);
  }

  /**
   * Waits for a call; the call's own timeout bounds the wait. Rethrows the typed failure unwrapped.
   */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a DSM service", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(cause);
    }
  }

  /**
   * A non-5xx answer with its parsed body (null when the body was empty or, for an error status,
   * not JSON).
   */
  record Reply(String service, String call, int status, JsonNode json) {
    boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The FastAPI error text, if any. */
    String detail() {
      JsonNode detail = json == null ? null : json.get("detail");
      return detail != null && detail.isString()
          ? detail.stringValue()
          : "HTTP " + status + " on " + call;
    }

    DependencyBadResponseException unexpected() {
      return new DependencyBadResponseException(
          service, status, "unexpected status on " + call + ": " + detail());
    }

    JsonNode body() {
      if (!ok()) {
        throw unexpected();
      }
      if (json == null) {
        throw bad("empty body");
      }
      return json;
    }

    JsonNode object() {
      JsonNode node = body();
      if (!node.isObject()) {
        throw bad("expected a JSON object");
      }
      return node;
    }

    JsonNode array() {
      JsonNode node = body();
      if (!node.isArray()) {
        throw bad("expected a JSON array");
      }
      return node;
    }

    DependencyBadResponseException bad(String reason) {
      return new DependencyBadResponseException(service, 0, reason + " in " + call);
    }

    int integer(JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value == null || !value.canConvertToInt() || !value.isNumber()) {
        throw bad("missing or non-integer field '" + field + "'");
      }
      return value.asInt();
    }

    double number(JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value == null || !value.isNumber()) {
        throw bad("missing or non-numeric field '" + field + "'");
      }
      return value.asDouble();
    }

    String text(JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value == null || !value.isString()) {
        throw bad("missing or non-text field '" + field + "'");
      }
      return value.stringValue();
    }

    String optionalText(JsonNode node, String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? null : Json.text(value);
    }

    java.time.LocalDate date(JsonNode node, String field) {
      String text = text(node, field);
      try {
        return java.time.LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
      } catch (java.time.format.DateTimeParseException e) {
        throw bad("field '" + field + "' is not an ISO date");
      }
    }

    /** As {@link #date}, and null when the field is absent or null. */
    java.time.LocalDate optionalDate(JsonNode node, String field) {
      JsonNode value = node.get(field);
      return value == null || value.isNull() ? null : date(node, field);
    }

    /** A JSON object of text to integer counts; absent means empty. */
    java.util.Map<String, Integer> counts(JsonNode node, String field) {
      JsonNode value = node.get(field);
      if (value == null || value.isNull()) {
        return java.util.Map.of();
      }
      if (!value.isObject()) {
        throw bad("field '" + field + "' is not an object of counts");
      }
      var map = new java.util.LinkedHashMap<String, Integer>();
      value
          .properties()
          .forEach(
              e -> {
                if (!e.getValue().canConvertToInt()) {
                  throw bad("field '" + field + "." + e.getKey() + "' is not an integer");
                }
                map.put(e.getKey(), e.getValue().asInt());
              });
      return map;
    }
  }
}
