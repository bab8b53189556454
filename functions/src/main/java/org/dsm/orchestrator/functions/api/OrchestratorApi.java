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
import org.dsm.orchestrator.core.orchestration.InvocationContext;
import org.dsm.orchestrator.core.orchestration.InvocationMetering;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.orchestration.OrchestrationService;
import org.dsm.orchestrator.core.report.PerformanceReportService;
import org.dsm.orchestrator.core.report.ReportWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole HTTP API, independent of the platform: routing, validation, the use case call and the
 * mapping of every failure to a status with a JSON {@code {"detail": ...}} body. Lambda and Spring
 * MVC only translate to and from {@link ApiRequest}/{@link ApiResponse}, so both answer every case
 * identically.
 *
 * <p>Requests rejected here (bad id, bad body, wrong method, too large) are recorded through {@link
 * InvocationMetering#recordRejected}; the use cases record their own invocations, failures
 * included. Unknown paths and health checks are not recorded (scanners and probes would drown the
 * real traffic).
 */
public final class OrchestratorApi {
  private static final Logger LOG = LoggerFactory.getLogger(OrchestratorApi.class);

  public static final int MAX_BODY_BYTES = 64 * 1024;
  public static final String ORCHESTRATE_PREFIX = "/orchestrate/project/";
  public static final String METRICS_PREFIX = "/orchestrate/intelligence/performance/metrics/";
  public static final String DASHBOARD_PREFIX = "/orchestrate/intelligence/performance/dashboard/";
  public static final String HEALTH = "/health";
  static final String INTERNAL_ERROR =
      "Internal error; the failure was logged with this invocation's id";

  private final UseCases useCases;
  private final InvocationMetering metering;
  private final IdempotencyGuard idempotency;

  public OrchestratorApi(UseCases useCases, InvocationMetering metering) {
    this(useCases, metering, null);
  }

  /**
   * @param idempotency guards orchestrations carrying an Idempotency-Key header; null disables it
   */
  public OrchestratorApi(
      UseCases useCases, InvocationMetering metering, IdempotencyGuard idempotency) {
    this.useCases = useCases;
    this.metering = metering;
    this.idempotency = idempotency;
  }

  /**
   * Handles one request inside its log context (invocation id, function, project, trace id), and
   * logs one line when it is done; probes and unknown paths are not logged.
   */
  public ApiResponse handle(ApiRequest request, InvocationContext invocation) {
    // the authenticated caller goes into the invocation record and scopes the Idempotency-Key
    InvocationContext context =
        request.principal() == null ? invocation : invocation.withPrincipal(request.principal());
    Route route = Route.of(request.path());
    if (route == Route.HEALTH || route == Route.NONE) {
      return dispatch(request, context);
    }
    String rawId = request.path().substring(route.prefix.length());
    long start = System.nanoTime();
    try (LogContext ignored =
        LogContext.open(
            context.invocationId(),
            route.function,
            rawId.length() <= ProjectId.MAX_LENGTH ? rawId : null,
            LogContext.traceId(request.headers()))) {
      ApiResponse response = dispatch(request, context);
      LOG.info(
          "{} {} answered {} in {} ms",
          OrchestrateBody.abbreviate(request.method()),
          route.function,
          response.status(),
          Math.round((System.nanoTime() - start) / 10_000.0) / 100.0);
      return response;
    }
  }

  private ApiResponse dispatch(ApiRequest request, InvocationContext context) {
    Route route = Route.of(request.path());
    if (route == Route.HEALTH) {
      // UP even when a dependency's circuit is open: restarting this instance would not mend the
      // dependency
      return request.method().equals("GET")
          ? ApiResponse.json(200, Map.of("status", "ok", "dependencies", useCases.dependencies()))
          : methodNotAllowed("GET");
    }
    String rawId = route == Route.NONE ? "" : request.path().substring(route.prefix.length());
    if (route == Route.NONE || rawId.indexOf('/') >= 0) {
      return ApiResponse.error(404, "Not found: no endpoint at this path");
    }
    Instant started = metering == null ? Instant.now() : metering.now();
    long startNanos = System.nanoTime();
    Prepared call;
    try {
      call = prepare(route, rawId, request);
    } catch (ApiException e) {
      reject(route, context, rawId, started, startNanos, e.status(), errorType(e.status()));
      ApiResponse response = ApiResponse.error(e.status(), e.getMessage());
      for (var header : e.headers().entrySet()) {
        response = response.withHeader(header.getKey(), header.getValue());
      }
      return response;
    } catch (OrchestratorException e) {
      reject(
          route, context, rawId, started, startNanos, e.httpStatus(), e.getClass().getSimpleName());
      return ApiResponse.error(e.httpStatus(), e.getMessage());
    } catch (RuntimeException | Error e) {
      return internalError(request, route, context, e);
    }
    try {
      if (call.fingerprint() == null || idempotency == null) {
        return run(call, context);
      }
      // Only actions need it: a retry with the same key gets the first answer and performs nothing
      // again. The key is the caller's own: another caller's same key runs afresh, never replays.
      String key = IdempotencyGuard.keyFor(request.header(IdempotencyGuard.HEADER), null);
      IdempotencyGuard.Outcome outcome =
          idempotency.execute(
              request.principal(),
              key,
              call.fingerprint(),
              () -> {
                ApiResponse response = run(call, context);
                return new StoredResponse(response.status(), response.headers(), response.body());
              });
      ApiResponse response =
          new ApiResponse(
              outcome.response().status(), outcome.response().headers(), outcome.response().body());
      return outcome.replayed()
          ? response.withHeader(IdempotencyGuard.REPLAYED_HEADER, "true")
          : response;
    } catch (OrchestratorException e) {
      return ApiResponse.error(e.httpStatus(), e.getMessage());
    } catch (RuntimeException | Error e) {
      return internalError(request, route, context, e);
    }
  }

  /**
   * Runs the use case; its own failures become responses (so a 4xx can be remembered for a retry).
   */
  private ApiResponse run(Prepared call, InvocationContext context) {
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
    if (!request.method().equals(route.method)) {
      throw new ApiException(
          405,
          "Method " + abbreviatedMethod(request) + " not allowed; use " + route.method,
          Map.of("Allow", route.method));
    }
    ProjectId projectId = ProjectId.of(decodePathSegment(rawId));
    if (route == Route.ORCHESTRATE) {
      String body = bodyText(request);
      OrchestrationRequest parsed = OrchestrateBody.parse(projectId, body);
      return new Prepared(
          (useCases, context) -> useCases.orchestrate(parsed, context),
          IdempotencyGuard.fingerprint(request.method(), route.prefix + projectId.value(), body));
    }
    Duration window = ReportWindow.parse(request.query().get("window"));
    if (route == Route.DASHBOARD) {
      return new Prepared(
          (useCases, context) -> useCases.dashboard(projectId, window, context), null);
    }
    return new Prepared((useCases, context) -> useCases.report(projectId, window, context), null);
  }

  private void reject(
      Route route,
      InvocationContext context,
      String rawId,
      Instant started,
      long startNanos,
      int status,
      String errorType) {
    if (metering == null) {
      return;
    }
    try {
      String projectId =
          rawId.length() <= ProjectId.MAX_LENGTH ? rawId : rawId.substring(0, ProjectId.MAX_LENGTH);
      metering.recordRejected(
          route.function,
          context,
          projectId,
          started,
          (System.nanoTime() - startNanos) / 1_000_000.0,
          status,
          errorType);
    } catch (RuntimeException e) {
      LOG.warn("could not record rejected invocation {}: {}", context.invocationId(), e.toString());
    }
  }

  /** Path segments arrive percent-encoded on both platforms; "%2F.." must not be read as a path. */
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
    return switch (status) {
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 413 -> "PayloadTooLarge";
      default -> "InvalidRequest";
    };
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

    Route(String prefix, String method, String function) {
      this.prefix = prefix;
      this.method = method;
      this.function = function;
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
