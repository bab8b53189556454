package org.dsm.orchestrator.functions.api;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.error.OrchestratorException;
import org.dsm.orchestrator.core.idempotency.IdempotencyGuard;
import org.dsm.orchestrator.core.idempotency.StoredResponse;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.invocation.InvocationMetering;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.orchestration.OrchestrationService;
import org.dsm.orchestrator.core.report.PerformanceReportService;
import org.dsm.orchestrator.core.report.ReportWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The whole HTTP API, independent of the platform: routing, validation, the use case call and the
 * mapping of every failure to a status with a JSON {@code {"detail": ...}} body. Lambda and Spring
 * MVC only translate to and from {@link ApiRequest}/{@link ApiResponse}, so both answer every case
 * identically.
 *
 * <p>Every call of {@link #handle} leaves exactly one invocation record: the use cases record their
 * own invocations, failures included; everything answered without one (bad id, bad body, wrong
 * method, too large, unknown path, another function's route, idempotent replays and conflicts) is
 * recorded here through {@link InvocationMetering#recordRejected}. Only a platform's health probe
 * ({@link #probe}) is answered without a record.
 */
public final class OrchestratorApi {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorApi.class);

  public static final int MAX_BODY_BYTES = 64 * 1024;
  public static final String ORCHESTRATE_PREFIX = "/orchestrate/project/";
  public static final String METRICS_PREFIX = "/orchestrate/intelligence/performance/metrics/";
  public static final String DASHBOARD_PREFIX = "/orchestrate/intelligence/performance/dashboard/";
  public static final String HEALTH = "/health";

  /** The function of records for paths no function serves (an unscoped process only). */
  public static final String UNROUTED = "unrouted";

  /** Error types of records written at the edge. */
  public static final String UNSUPPORTED_EVENT = "UnsupportedEvent";

  public static final String WRONG_FUNCTION = "ServedByOtherFunction";

  static final String INTERNAL_ERROR =
      "Internal error; the failure was logged with this invocation's id";

  private final UseCases useCases;
  private final InvocationMetering metering;
  private final IdempotencyGuard idempotency;
  private final Level answeredLevel;

  public OrchestratorApi(UseCases useCases, InvocationMetering metering) {
    this(useCases, metering, null, true);
  }

  /**
   * @param idempotency guards orchestrations carrying an Idempotency-Key header; null disables it
   * @param logAnswers whether each answered request logs its line at INFO (else at DEBUG): off
   *     where every invocation already prints its EMF line, which carries the same ids and status
   *     with the duration as the platform sees it (the handler's, not this method's), so a second
   *     line per invocation would only repeat it and double the log volume; on Lambda, formatting
   *     it was also about 0.1 ms of the warm invocation under C1 (BENCHMARKS.md)
   */
  public OrchestratorApi(
      UseCases useCases,
      InvocationMetering metering,
      IdempotencyGuard idempotency,
      boolean logAnswers) {
    this.useCases = useCases;
    this.metering = metering;
    this.idempotency = idempotency;
    this.answeredLevel = logAnswers ? Level.INFO : Level.DEBUG;
  }

  /** Answers as a process serving both functions (the local/unscoped HTTP server). */
  public ApiResponse handle(ApiRequest request, InvocationContext context) {
    return handle(request, context, null);
  }

  /**
   * Answers one request, leaving exactly one invocation record: the use case writes its own when it
   * runs; every other answer (rejected input, unknown path, a route of the other function, an
   * idempotent replay or conflict, an internal error) is recorded here.
   *
   * @param function the function this process serves ({@code orchestrate} or {@code
   *     performanceMetrics}); null serves both. A route of the other function is answered 404
   *     naming the function that serves it.
   */
  public ApiResponse handle(ApiRequest request, InvocationContext invocation, String function) {
    // the authenticated caller goes into the invocation record and scopes the Idempotency-Key
    InvocationContext context =
        request.principal() == null ? invocation : invocation.withPrincipal(request.principal());
    Instant started = metering == null ? Instant.now() : metering.now();
    long startNanos = System.nanoTime();
    Route route = Route.of(request.path());
    String rawId =
        route == Route.NONE || route == Route.HEALTH
            ? null
            : request.path().substring(route.prefix.length());
    Attempt attempt = new Attempt();
    ApiResponse response;
    if (route == Route.HEALTH || route == Route.NONE) {
      response = answer(request, context, function, route, rawId, attempt);
    } else {
      // one log line per answered request, inside its log context (probes and unknown paths: none)
      try (LogContext ignored =
          LogContext.open(
              context.invocationId(),
              route.function,
              rawId.length() <= ProjectId.MAX_LENGTH ? rawId : null,
              LogContext.traceId(request.headers()))) {
        response = answer(request, context, function, route, rawId, attempt);
        LOG.atLevel(answeredLevel)
            .log(
                "{} {} answered {} in {} ms",
                OrchestrateBody.abbreviate(request.method()),
                route.function,
                response.status(),
                Math.round((System.nanoTime() - startNanos) / 10_000.0) / 100.0);
      }
    }
    if (request.method().equals("HEAD")) {
      // answered as the GET it asks about (a report runs and is recorded as one); no body is sent
      response = response.withoutBody();
    }
    if (!attempt.useCaseRan) {
      String recorded =
          function != null ? function : route.function != null ? route.function : UNROUTED;
      record(
          recorded,
          context,
          null, // the path's id is unverified input here: no project's history takes it
          started,
          startNanos,
          response.status(),
          attempt.errorType != null ? attempt.errorType : errorType(response.status()));
    }
    return response;
  }

  /**
   * A platform's liveness/readiness probe (Knative polls GET /health every few seconds): answered
   * like {@code GET /health} but not recorded, since it is no invocation of either function.
   */
  public ApiResponse probe() {
    return health("GET");
  }

  /**
   * An event that is neither an HTTP request this API understands nor a trigger the function
   * accepts: 400, recorded with trigger {@code unsupported}.
   */
  public ApiResponse unsupportedEvent(String function, InvocationContext context, String reason) {
    Instant started = metering == null ? Instant.now() : metering.now();
    long startNanos = System.nanoTime();
    LOG.warn(
        "invocation {} of {}: unsupported event: {}", context.invocationId(), function, reason);
    record(function, context, null, started, startNanos, 400, UNSUPPORTED_EVENT);
    return ApiResponse.error(400, "unsupported event: " + reason);
  }

  /**
   * An answer the platform edge gave before the API ran (a request refused for want of an
   * authenticated caller): recorded with its status, then returned.
   */
  public ApiResponse refusedAtEdge(
      String function, InvocationContext context, ApiResponse response, String errorType) {
    record(
        function,
        context,
        null,
        metering == null ? Instant.now() : metering.now(),
        System.nanoTime(),
        response.status(),
        errorType);
    return response;
  }

  /**
   * {@link #refusedPath}, answered and recorded as {@link #handle} answers and records the same
   * request on Lambda: under the route's function (or {@code function}, the one this process
   * serves, which answers another function's route 404 naming it), else {@link #UNROUTED}. Without
   * the record, the invocations the store counts over HTTP would be fewer than the requests the
   * platform counted (Knative's queue-proxy sees them all).
   */
  public ApiResponse answerRefusedPath(
      String method, String rawPath, InvocationContext context, String function) {
    Instant started = metering == null ? Instant.now() : metering.now();
    long startNanos = System.nanoTime();
    Route route = Route.of(rawPath);
    boolean elsewhere =
        function != null
            && route != Route.NONE
            && route != Route.HEALTH
            && !function.equals(route.function)
            && rawPath.indexOf('/', route.prefix.length()) < 0;
    ApiResponse response =
        elsewhere ? servedElsewhere(route.function, function) : refusedPath(method, rawPath);
    String recorded =
        function != null ? function : route.function != null ? route.function : UNROUTED;
    record(
        recorded,
        context,
        null,
        started,
        startNanos,
        response.status(),
        elsewhere ? WRONG_FUNCTION : errorType(response.status()));
    return response;
  }

  /**
   * What {@link #handle} answers a path whose id segment holds a {@code %00} or a broken escape,
   * for a server that refuses such a path before the API sees it (Tomcat): on Lambda API Gateway
   * delivers it and the API answers the id as it reads it (a NUL, or a literal '%', neither of
   * which an id may hold). The answer without the use case: 404 off the routes, 405 for another
   * method, else the id's 400. Not recorded here ({@link #answerRefusedPath} records it).
   */
  public static ApiResponse refusedPath(String method, String rawPath) {
    Route route = Route.of(rawPath);
    String rawId =
        route == Route.NONE || route == Route.HEALTH
            ? null
            : rawPath.substring(route.prefix.length());
    if (rawId == null || rawId.indexOf('/') >= 0) {
      return ApiResponse.error(404, "Not found: no endpoint at this path");
    }
    if (!route.allows(method)) {
      return ApiResponse.error(
              405,
              "Method " + OrchestrateBody.abbreviate(method) + " not allowed; use " + route.allow)
          .withHeader("Allow", route.allow);
    }
    try {
      ProjectId.of(leniently(rawId));
    } catch (OrchestratorException e) {
      return ApiResponse.error(e.httpStatus(), e.getMessage());
    }
    return ApiResponse.error(400, "project_id is not a valid percent-encoded path segment");
  }

  /** Valid escapes decoded, a '%' without two hex digits kept: the id API Gateway delivers. */
  private static String leniently(String raw) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      int high = i + 2 < raw.length() ? hex(raw.charAt(i + 1)) : -1;
      int low = i + 2 < raw.length() ? hex(raw.charAt(i + 2)) : -1;
      if (c == '%' && high >= 0 && low >= 0) {
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(utf8, 0, utf8.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    return c >= '0' && c <= '9'
        ? c - '0'
        : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  /**
   * A route of another function: 404 naming the function that serves it (the deployed API never
   * routes it here; a direct invocation or a shared catch-all route can).
   */
  public static ApiResponse servedElsewhere(String servedBy, String thisFunction) {
    return ApiResponse.error(
        404, "Not found: this path is served by function " + servedBy + ", not by " + thisFunction);
  }

  private ApiResponse answer(
      ApiRequest request,
      InvocationContext context,
      String function,
      Route route,
      String rawId,
      Attempt attempt) {
    if (route == Route.HEALTH) {
      return health(request.method());
    }
    if (route == Route.NONE || rawId.indexOf('/') >= 0) {
      return ApiResponse.error(404, "Not found: no endpoint at this path");
    }
    if (function != null && !function.equals(route.function)) {
      attempt.errorType = WRONG_FUNCTION;
      return servedElsewhere(route.function, function);
    }
    Prepared call;
    try {
      call = prepare(route, rawId, request);
    } catch (ApiException e) {
      ApiResponse response = ApiResponse.error(e.status(), e.getMessage());
      for (var header : e.headers().entrySet()) {
        response = response.withHeader(header.getKey(), header.getValue());
      }
      return response;
    } catch (OrchestratorException e) {
      attempt.errorType = e.getClass().getSimpleName();
      return ApiResponse.error(e.httpStatus(), e.getMessage());
    } catch (RuntimeException | Error e) {
      attempt.errorType = e.getClass().getSimpleName();
      return internalError(request, route, context, e);
    }
    try {
      if (call.fingerprint() == null || idempotency == null) {
        return run(call, context, attempt);
      }
      // Only actions need it: a retry with the same key gets the first answer and performs nothing
      // again. The key is the caller's own: another caller's same key runs afresh, never replays.
      String key = request.header(IdempotencyGuard.HEADER);
      IdempotencyGuard.Outcome outcome =
          idempotency.execute(
              request.principal(),
              key,
              call.fingerprint(),
              context.deadline(),
              () -> {
                ApiResponse response = run(call, context, attempt);
                return new StoredResponse(response.status(), response.headers(), response.body());
              });
      ApiResponse response =
          new ApiResponse(
              outcome.response().status(), outcome.response().headers(), outcome.response().body());
      // a replay runs no use case: recorded here with the status it answers
      return outcome.replayed()
          ? response.withHeader(IdempotencyGuard.REPLAYED_HEADER, "true")
          : response;
    } catch (OrchestratorException e) {
      attempt.errorType = e.getClass().getSimpleName();
      return ApiResponse.error(e.httpStatus(), e.getMessage());
    } catch (RuntimeException | Error e) {
      attempt.errorType = e.getClass().getSimpleName();
      return internalError(request, route, context, e);
    }
  }

  private ApiResponse health(String method) {
    // "ok" even when a dependency's circuit is open: restarting this instance would not mend the
    // dependency
    return Route.HEALTH.allows(method)
        ? ApiResponse.json(
            200,
            Map.of(
                "status",
                "ok",
                "dependencies",
                useCases.dependencies(),
                "metrics_unwritten",
                useCases.metricsUnwritten(),
                "decision_records_unwritten",
                useCases.decisionRecordsUnwritten()))
        : methodNotAllowed(Route.HEALTH.allow);
  }

  /**
   * Runs the use case; its own failures become responses (so a 4xx can be remembered for a retry).
   */
  private ApiResponse run(Prepared call, InvocationContext context, Attempt attempt) {
    attempt.useCaseRan = true; // the use case records its own invocation, failures included
    try {
      Object body = call.call().run(useCases, context);
      return body instanceof HtmlPage page
          ? ApiResponse.html(200, page)
          : ApiResponse.json(200, body);
    } catch (OrchestratorException e) {
      return ApiResponse.error(e.httpStatus(), e.getMessage());
    }
  }

  /**
   * Anything unexpected: logged with its stack trace, answered with a generic 500 naming only the
   * invocation.
   */
  private static ApiResponse internalError(
      ApiRequest request, Route route, InvocationContext context, Throwable e) {
    LOG.error(
        "invocation {} failed unexpectedly on {} {}",
        context.invocationId(),
        request.method(),
        route.function,
        e);
    return ApiResponse.error(500, INTERNAL_ERROR + " (" + context.invocationId() + ")");
  }

  /** Everything that may reject the request before a use case runs. */
  private static Prepared prepare(Route route, String rawId, ApiRequest request) {
    if (!route.allows(request.method())) {
      throw new ApiException(
          405,
          "Method " + abbreviatedMethod(request) + " not allowed; use " + route.allow,
          Map.of("Allow", route.allow));
    }
    ProjectId projectId = ProjectId.of(decodePathSegment(rawId));
    if (route == Route.ORCHESTRATE) {
      // an empty body means the defaults whatever it is labelled; a body is read only as JSON
      if (request.body().length > 0 && !JsonContentType.accepts(request.header("Content-Type"))) {
        throw new ApiException(415, JsonContentType.REQUIRED);
      }
      if (request.body().length > 0) {
        rejectContentCoding(request.header("Content-Encoding"));
      }
      String body = bodyText(request);
      OrchestrationRequest parsed = OrchestrateBody.parse(projectId, body);
      // the body's hash only matters with a key: without one the guard runs the call as it is
      String fingerprint =
          request.header(IdempotencyGuard.HEADER) == null
              ? null
              : IdempotencyGuard.fingerprint(
                  request.method(), route.prefix + projectId.value(), body);
      return new Prepared(
          (useCases, context) -> useCases.orchestrate(parsed, context), fingerprint);
    }
    Duration window = ReportWindow.parse(request.query().get("window"));
    if (route == Route.DASHBOARD) {
      return new Prepared(
          (useCases, context) -> useCases.dashboard(projectId, window, context), null);
    }
    return new Prepared((useCases, context) -> useCases.report(projectId, window, context), null);
  }

  private void record(
      String function,
      InvocationContext context,
      String projectId,
      Instant started,
      long startNanos,
      int status,
      String errorType) {
    if (metering == null) {
      return;
    }
    try {
      metering.recordRejected(
          function,
          context,
          projectId,
          started,
          (System.nanoTime() - startNanos) / 1_000_000.0,
          status,
          errorType);
    } catch (RuntimeException e) {
      LOG.warn("could not record invocation {}: {}", context.invocationId(), e.toString());
    }
  }

  /**
   * Path segments arrive percent-encoded on both platforms (the Lambda edge encodes API Gateway's
   * decoded rawPath again); "%2F.." must not be read as a path.
   */
  static String decodePathSegment(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("project_id is not a valid percent-encoded path segment");
    }
  }

  /**
   * The body as UTF-8 text: base64-decoded when API Gateway encoded it, at most {@link
   * #MAX_BODY_BYTES}.
   */
  static String bodyText(ApiRequest request) {
    byte[] bytes = request.body();
    if (request.base64Encoded()) {
      if (bytes.length > (MAX_BODY_BYTES / 3 + 1) * 4 + 4) {
        throw tooLarge();
      }
      try {
        bytes = Base64.getDecoder().decode(bytes);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("request body is flagged base64 but is not valid base64");
      }
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidRequestException("request body is not valid UTF-8");
    }
  }

  /**
   * Nothing decompresses a request body (API Gateway hands a gzip body over base64-encoded and
   * still compressed, Tomcat as it came), so a compressed one was answered "not valid UTF-8" or
   * "not valid JSON", naming the wrong fault. RFC 9110 15.5.16: 415, with Accept-Encoding naming
   * the coding that is accepted.
   */
  private static void rejectContentCoding(String header) {
    if (header == null) {
      return;
    }
    for (String coding : header.split(",", -1)) {
      String name = coding.strip();
      if (!name.isEmpty() && !name.equalsIgnoreCase("identity")) {
        throw new ApiException(
            415,
            "Content-Encoding "
                + OrchestrateBody.abbreviate(name)
                + " is not supported; send the body uncompressed",
            Map.of("Accept-Encoding", "identity"));
      }
    }
  }

  private static ApiException tooLarge() {
    return new ApiException(413, "request body is larger than " + MAX_BODY_BYTES + " bytes");
  }

  private static String abbreviatedMethod(ApiRequest request) {
    return OrchestrateBody.abbreviate(request.method());
  }

  private static ApiResponse methodNotAllowed(String allow) {
    return ApiResponse.error(405, "Method not allowed; use " + allow).withHeader("Allow", allow);
  }

  private static String errorType(int status) {
    if (status < 400) {
      return null;
    }
    return switch (status) {
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 413 -> "PayloadTooLarge";
      case 415 -> "UnsupportedMediaType";
      default -> "InvalidRequest";
    };
  }

  /** What happened on the way to the answer, for the record written when no use case ran. */
  private static final class Attempt {
    boolean useCaseRan;

    /** Set when the status alone does not say it (an exception's type). */
    String errorType;
  }

  /**
   * A validated request: the use case call and, for actions, what identifies it for idempotency.
   */
  private record Prepared(Call call, String fingerprint) {}

  @FunctionalInterface
  private interface Call {
    Object run(UseCases useCases, InvocationContext context);
  }

  private enum Route {
    ORCHESTRATE(ORCHESTRATE_PREFIX, "POST", OrchestrationService.FUNCTION),
    METRICS(METRICS_PREFIX, "GET", PerformanceReportService.FUNCTION),
    DASHBOARD(DASHBOARD_PREFIX, "GET", PerformanceReportService.FUNCTION),
    HEALTH(OrchestratorApi.HEALTH, "GET", null),
    NONE("", "", null);

    final String prefix;
    final String method;
    final String function;

    /** The Allow header of a 405: HEAD wherever GET works (RFC 9110 9.3.2). */
    final String allow;

    Route(String prefix, String method, String function) {
      this.prefix = prefix;
      this.method = method;
      this.function = function;
      this.allow = method.equals("GET") ? "GET, HEAD" : method;
    }

    boolean allows(String requested) {
      return requested.equals(method) || (requested.equals("HEAD") && method.equals("GET"));
    }

    static Route of(String path) {
      if (path.equals(HEALTH.prefix)) {
        return HEALTH;
      }
      if (path.startsWith(ORCHESTRATE_PREFIX)) {
        return ORCHESTRATE;
      }
      if (path.startsWith(METRICS_PREFIX)) {
        return METRICS;
      }
      if (path.startsWith(DASHBOARD_PREFIX)) {
        return DASHBOARD;
      }
      return NONE;
    }
  }
}
