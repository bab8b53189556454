package org.dsm.orchestrator.functions.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.schedule.DailyScrumService;
import org.dsm.orchestrator.functions.api.ApiRequest;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.functions.benchmark.ScheduledBenchmark;
import org.dsm.orchestrator.functions.config.CoreConfiguration.PlatformName;
import org.dsm.orchestrator.functions.config.EnvironmentVariables;
import org.dsm.orchestrator.functions.config.Platform;
import org.dsm.orchestrator.functions.config.Settings;
import org.dsm.orchestrator.functions.lambda.HandlerScope;
import org.dsm.orchestrator.functions.lambda.LambdaFunctions;
import org.dsm.orchestrator.functions.schedule.DailyScrumEvents;
import org.dsm.orchestrator.functions.schedule.DailyScrumTrigger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;

/**
 * The HTTP (Knative/local) entry point: every path and method goes to {@link OrchestratorApi}, so
 * routing, 404 and 405 are decided in one place for both platforms. With {@code
 * SPRING_CLOUD_FUNCTION_DEFINITION} set (each Knative service) the process serves only that
 * function's routes, as on Lambda; unset (scripts/run-local.sh) it serves both. A Knative
 * PingSource's CloudEvent POSTed to "/" or "/benchmark" (binary or structured mode, type {@value
 * ScheduledBenchmark#PING_SOURCE_TYPE}) runs the scheduled benchmark, a daily-scrum CloudEvent the
 * daily scrum; a CloudEvent of any other type is a 400.
 */
@RestController
@ConditionalOnWebApplication
public class HttpApiController {
  /** Spring's name for SPRING_CLOUD_FUNCTION_DEFINITION (relaxed binding reads either). */
  static final String DEFINITION_PROPERTY = "spring.cloud.function.definition";

  /** Text after the event's JSON value makes it invalid, as for an orchestrate body. */
  private static final ObjectReader CLOUD_EVENT =
      Json.mapper().reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final OrchestratorApi api;
  private final ScheduledBenchmark benchmark;
  private final DailyScrumTrigger dailyScrum;
  private final String platform;

  /** The one function this process serves, or null for both. */
  private final String function;

  /**
   * The platform's request timeout (0: none): the scheduled benchmark's deadline, and (less {@link
   * Deadline#RESPONSE_RESERVE_MS}) the orchestration's, before which it starts no write it might
   * not finish.
   */
  private final long requestTimeoutNanos;

  public HttpApiController(
      OrchestratorApi api,
      ScheduledBenchmark benchmark,
      DailyScrumTrigger dailyScrum,
      PlatformName platform,
      Settings settings) {
    this.api = api;
    this.benchmark = benchmark;
    this.dailyScrum = dailyScrum;
    this.platform = platform.value();
    this.function = servedFunction(settings.text(DEFINITION_PROPERTY, null));
    this.requestTimeoutNanos =
        TimeUnit.SECONDS.toNanos(
            settings.integer(EnvironmentVariables.REQUEST_TIMEOUT_SECONDS, 0, 0, 86_400));
  }

  /** Fails the start on a definition that names neither function (a typo would serve nothing). */
  static String servedFunction(String definition) {
    if (definition == null
        || definition.equals(LambdaFunctions.ORCHESTRATE)
        || definition.equals(LambdaFunctions.PERFORMANCE_METRICS)) {
      return definition;
    }
    throw new IllegalStateException(
        EnvironmentVariables.FUNCTION_DEFINITION
            + " must be "
            + LambdaFunctions.ORCHESTRATE
            + " or "
            + LambdaFunctions.PERFORMANCE_METRICS
            + " (or unset to serve both), got '"
            + definition
            + "'");
  }

  /**
   * Every method named: a mapping without methods lets Spring answer OPTIONS itself (200, empty
   * body, an Allow header listing everything), bypassing our routing (found by the edge fuzz test).
   */
  @RequestMapping(
      value = "/**",
      method = {
        RequestMethod.GET,
        RequestMethod.HEAD,
        RequestMethod.POST,
        RequestMethod.PUT,
        RequestMethod.PATCH,
        RequestMethod.DELETE,
        RequestMethod.OPTIONS,
        RequestMethod.TRACE
      })
  public void handle(HttpServletRequest servlet, HttpServletResponse out) throws IOException {
    Map<String, String> headers = headers(servlet);
    String path = servlet.getRequestURI();
    boolean head = "HEAD".equals(servlet.getMethod());
    if ((head || "GET".equals(servlet.getMethod())) && OrchestratorApi.HEALTH.equals(path)) {
      // the platform's probe: no invocation, and it must not consume the cold-start flag
      write(out, head ? api.probe().withoutBody() : api.probe());
      return;
    }
    long start = RequestStart.nanos(servlet);
    // totals run from Tomcat's first byte, as Lambda's from its entry, and so does the deadline
    Platform.edgeStarted(
        start, Deadline.reserving(remainingMillis(start), Deadline.RESPONSE_RESERVE_MS));
    try {
      handle(servlet, out, headers, path, start);
    } finally {
      Platform.edgeFinished();
    }
  }

  private void handle(
      HttpServletRequest servlet,
      HttpServletResponse out,
      Map<String, String> headers,
      String path,
      long start)
      throws IOException {
    byte[] body = body(servlet);
    if (isCloudEvent(servlet, headers)) {
      write(out, cloudEvent(headers, body, start));
      return;
    }
    ApiRequest request =
        new ApiRequest(
            servlet.getMethod(),
            path,
            query(servlet.getQueryString()),
            headers,
            body,
            false,
            // set by the JWT check (http/JwtSecurity: the token's subject); null when it is off
            servlet.getUserPrincipal() == null ? null : servlet.getUserPrincipal().getName());
    InvocationContext context = Platform.context(platform, "http", headers.get("x-request-id"));
    // the request's own record waits until the response is serialised, so it carries the total
    // from the first byte read (as LambdaHandler's records do), and is handed to the recorder
    // before a byte of the answer leaves (Tomcat sends a body as soon as its Content-Length is
    // written): a caller that has the answer and then asks for a report finds the record accepted
    HandlerScope scope = HandlerScope.open(start, context.invocationId(), false);
    ApiResponse response;
    try {
      response = api.handle(request, context, function);
    } finally {
      scope.close(System.nanoTime());
    }
    write(out, response);
  }

  /**
   * A request whose path Tomcat refused before any servlet ran ({@link JsonErrorReportValve}):
   * answered and recorded as the API answers and records it on Lambda.
   */
  ApiResponse refusedPath(String method, String rawPath, String requestId) {
    return api.answerRefusedPath(
        method, rawPath, Platform.context(platform, "http", requestId), function);
  }

  /**
   * A CloudEvent delivered to the service root: a PingSource's runs the benchmark ({@code
   * performanceMetrics}), a daily-scrum event (a CronJob's Job) runs the daily scrum ({@code
   * orchestrate}); any other type is a 400.
   */
  private ApiResponse cloudEvent(Map<String, String> headers, byte[] body, long start) {
    boolean binary = headers.containsKey("ce-specversion");
    String type = headers.get("ce-type");
    String id = headers.get("ce-id");
    String requestId = headers.get("x-request-id");
    String unserved = function != null ? function : LambdaFunctions.PERFORMANCE_METRICS;
    if (body.length > OrchestratorApi.MAX_BODY_BYTES) { // body() read one byte past the limit
      return api.refusedAtEdge(
          unserved,
          Platform.context(platform, "unsupported", requestId),
          ApiResponse.error(
              413, "request body is larger than " + OrchestratorApi.MAX_BODY_BYTES + " bytes"),
          "PayloadTooLarge");
    }
    if (!binary) { // structured mode: the attributes are in the body
      JsonNode event;
      try {
        event = CLOUD_EVENT.readTree(body);
      } catch (JacksonException e) {
        event = null;
      }
      if (event == null || !event.isObject()) {
        return api.unsupportedEvent(
            unserved,
            Platform.context(platform, "unsupported", requestId),
            "the structured CloudEvent is not "
                + (event == null || event.isMissingNode() ? "valid JSON" : "a JSON object"));
      }
      type = Json.textValue(event.path("type"));
      id = Json.textValue(event.path("id"));
    }
    if (DailyScrumEvents.TYPE.equals(type)) {
      InvocationContext context =
          Platform.context(
              platform, DailyScrumService.TRIGGER, binary ? headers.get("ce-id") : requestId);
      if (function != null && !function.equals(LambdaFunctions.ORCHESTRATE)) {
        return api.unsupportedEvent(
            function,
            context,
            "daily-scrum events are served by function "
                + LambdaFunctions.ORCHESTRATE
                + ", not "
                + function);
      }
      return binary
          ? dailyScrum.handleBinary(body, headers.get("ce-time"), context)
          : dailyScrum.handleStructured(body, context);
    }
    if (!ScheduledBenchmark.PING_SOURCE_TYPE.equals(type)) {
      return api.unsupportedEvent(
          unserved,
          Platform.context(platform, "unsupported", requestId),
          "CloudEvent type '"
              + (type == null ? "" : abbreviate(type))
              + "' is not served; only "
              + ScheduledBenchmark.PING_SOURCE_TYPE
              + " (the scheduled benchmark)");
    }
    InvocationContext context = Platform.context(platform, ScheduledBenchmark.TRIGGER, requestId);
    if (function != null && !function.equals(LambdaFunctions.PERFORMANCE_METRICS)) {
      return api.unsupportedEvent(
          function,
          context,
          "scheduled events are served by function "
              + LambdaFunctions.PERFORMANCE_METRICS
              + ", not "
              + function);
    }
    return benchmark.answer(context, "pingsource " + id, remainingMillis(start));
  }

  /**
   * The time the request has left before the platform's timeout, counted from Tomcat's first byte
   * (the queue-proxy's clock starts a little earlier; the benchmark keeps a margin of seconds).
   */
  private LongSupplier remainingMillis(long start) {
    if (requestTimeoutNanos == 0) {
      return Deadline.UNBOUNDED;
    }
    long deadline = start + requestTimeoutNanos;
    return () -> TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
  }

  private static String abbreviate(String value) {
    String printable = value.replaceAll("[^\\x20-\\x7E]", "?");
    return printable.length() <= 60 ? printable : printable.substring(0, 60) + "...";
  }

  private static final String STRUCTURED = "application/cloudevents+json";

  private static boolean isCloudEvent(HttpServletRequest servlet, Map<String, String> headers) {
    String contentType = headers.getOrDefault("content-type", "");
    boolean cloudEvent =
        headers.containsKey("ce-specversion") // binary mode
            // structured mode; a media type is case-insensitive (RFC 9110 8.3.1)
            || contentType.regionMatches(true, 0, STRUCTURED, 0, STRUCTURED.length());
    return "POST".equals(servlet.getMethod())
        && cloudEvent
        && ("/".equals(servlet.getRequestURI()) || "/benchmark".equals(servlet.getRequestURI()));
  }

  /**
   * Status, headers and the body's UTF-8 bytes straight onto the servlet response. A {@code
   * ResponseEntity} went through Spring's return-value handler selection and message-converter
   * negotiation on every request (about 8 % of the app's CPU under wrk at 64 connections) to write
   * what is already decided here.
   */
  private static void write(HttpServletResponse out, ApiResponse response) throws IOException {
    out.setStatus(response.status());
    response.headers().forEach(out::setHeader);
    byte[] body = response.bodyBytes();
    out.setContentLength(body.length == 0 ? response.contentLength() : body.length);
    out.getOutputStream().write(body);
  }

  /**
   * At most one byte past the limit (enough to know the body is too large; never buffer more), read
   * into an array of the declared length when there is one: {@code readNBytes(limit)} starts with
   * an 8 KB buffer for a body of a few dozen bytes.
   */
  private static byte[] body(HttpServletRequest servlet) throws IOException {
    int declared = servlet.getContentLength();
    if (declared < 0 || declared > OrchestratorApi.MAX_BODY_BYTES) {
      return servlet.getInputStream().readNBytes(OrchestratorApi.MAX_BODY_BYTES + 1);
    }
    byte[] body = new byte[declared];
    int read = servlet.getInputStream().readNBytes(body, 0, declared);
    return read == declared ? body : Arrays.copyOf(body, read);
  }

  /**
   * A repeated header's values joined with "," as API Gateway joins them (getHeader took the
   * first), so both platforms read e.g. two Idempotency-Keys as the same one value.
   */
  private static Map<String, String> headers(HttpServletRequest servlet) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : Collections.list(servlet.getHeaderNames())) {
      headers.merge(
          name.toLowerCase(java.util.Locale.ROOT),
          String.join(",", Collections.list(servlet.getHeaders(name))),
          (first, more) -> first + "," + more);
    }
    return headers;
  }

  /**
   * The raw query string only: request.getParameter would read a form body. A repeated name's
   * values are joined with "," as API Gateway's queryStringParameters join them ({@code
   * window=1h&window=abc} is "1h,abc" on both platforms, not the first value over HTTP).
   */
  static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      String name;
      String text;
      try {
        name = URLDecoder.decode(key, StandardCharsets.UTF_8);
        text = URLDecoder.decode(value, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) { // both left encoded: validation rejects it by name
        name = key;
        text = value;
      }
      query.merge(name, text, (first, more) -> first + "," + more);
    }
    return query;
  }
}
