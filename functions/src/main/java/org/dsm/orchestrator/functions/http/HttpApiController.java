package org.dsm.orchestrator.functions.http;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsm.orchestrator.core.orchestration.InvocationContext;
import org.dsm.orchestrator.core.schedule.DailyScrumService;
import org.dsm.orchestrator.functions.api.ApiRequest;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.functions.benchmark.ScheduledBenchmark;
import org.dsm.orchestrator.functions.config.CoreConfiguration.PlatformName;
import org.dsm.orchestrator.functions.config.Platform;
import org.dsm.orchestrator.functions.schedule.DailyScrumEvents;
import org.dsm.orchestrator.functions.schedule.DailyScrumTrigger;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The HTTP (Knative/local) entry point: every path and method goes to {@link OrchestratorApi}, so
 * routing, 404 and 405 are decided in one place for both platforms. A CloudEvent POSTed to "/" or
 * "/benchmark" (a Knative PingSource, binary or structured mode) runs the scheduled benchmark
 * instead.
 */
@RestController
@ConditionalOnWebApplication
public class HttpApiController {
  private final OrchestratorApi api;
  private final ScheduledBenchmark benchmark;
  private final DailyScrumTrigger dailyScrum;
  private final String platform;

  public HttpApiController(
      OrchestratorApi api,
      ScheduledBenchmark benchmark,
      DailyScrumTrigger dailyScrum,
      PlatformName platform) {
    this.api = api;
    this.benchmark = benchmark;
    this.dailyScrum = dailyScrum;
    this.platform = platform.value();
  }

  /**
   * Every method named: a mapping without methods lets Spring answer OPTIONS itself (200, empty
   * body, an Allow header listing everything), bypassing our routing (found by the edge fuzz test,
   * issue 7).
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
  public ResponseEntity<String> handle(HttpServletRequest servlet) throws IOException {
    Map<String, String> headers = headers(servlet);
    if (isPing(servlet, headers)) {
      ApiResponse scrum = dailyScrum(servlet, headers);
      if (scrum != null) {
        return toEntity(scrum);
      }
      Map<String, Object> verdict = benchmark.run(platform, headers.get("ce-id"));
      return toEntity(ApiResponse.json(200, verdict));
    }
    // One byte past the limit is enough to know the body is too large; never buffer more.
    byte[] body = servlet.getInputStream().readNBytes(OrchestratorApi.MAX_BODY_BYTES + 1);
    ApiRequest request =
        new ApiRequest(
            servlet.getMethod(),
            servlet.getRequestURI(),
            query(servlet.getQueryString()),
            headers,
            body,
            false,
            // set by the JWT check (http/JwtSecurity: the token's subject); null when it is off
            servlet.getUserPrincipal() == null ? null : servlet.getUserPrincipal().getName());
    // probes must not consume the instance's cold-start flag: the first real invocation is the cold
    // one
    InvocationContext context =
        OrchestratorApi.HEALTH.equals(servlet.getRequestURI())
            ? new InvocationContext("health", platform, "http", false)
            : Platform.context(platform, "http", headers.get("x-request-id"));
    return toEntity(api.handle(request, context));
  }

  /**
   * A daily-scrum CloudEvent (from a CronJob's Job): structured mode (the type is in the body) or
   * binary mode (Ce-Type header); null when the CloudEvent is something else.
   */
  private ApiResponse dailyScrum(HttpServletRequest servlet, Map<String, String> headers)
      throws IOException {
    boolean binary = DailyScrumEvents.TYPE.equals(headers.get("ce-type"));
    boolean structured =
        !headers.containsKey("ce-specversion")
            && headers.getOrDefault("content-type", "").startsWith("application/cloudevents+json");
    if (!binary && !structured) {
      return null;
    }
    byte[] body = servlet.getInputStream().readNBytes(OrchestratorApi.MAX_BODY_BYTES + 1);
    if (structured && !DailyScrumEvents.isDailyScrum(body)) {
      return null; // another structured CloudEvent: the benchmark trigger
    }
    var context =
        Platform.context(platform, DailyScrumService.TRIGGER, binary ? headers.get("ce-id") : null);
    return binary
        ? dailyScrum.handleBinary(body, headers.get("ce-time"), context)
        : dailyScrum.handleStructured(body, context);
  }

  private static boolean isPing(HttpServletRequest servlet, Map<String, String> headers) {
    String contentType = headers.getOrDefault("content-type", "");
    boolean cloudEvent =
        headers.containsKey("ce-specversion") // binary mode
            || contentType.startsWith("application/cloudevents+json"); // structured mode
    return "POST".equals(servlet.getMethod())
        && cloudEvent
        && ("/".equals(servlet.getRequestURI()) || "/benchmark".equals(servlet.getRequestURI()));
  }

  private static ResponseEntity<String> toEntity(ApiResponse response) {
    HttpHeaders headers = new HttpHeaders();
    response.headers().forEach(headers::set);
    return ResponseEntity.status(response.status()).headers(headers).body(response.body());
  }

  private static Map<String, String> headers(HttpServletRequest servlet) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : Collections.list(servlet.getHeaderNames())) {
      headers.put(name.toLowerCase(java.util.Locale.ROOT), servlet.getHeader(name));
    }
    return headers;
  }

  /** The raw query string only: request.getParameter would read a form body. */
  static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        query.putIfAbsent(
            URLDecoder.decode(key, StandardCharsets.UTF_8),
            URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        query.putIfAbsent(
            key, value); // left encoded: validation of the parameter rejects it by name
      }
    }
    return query;
  }
}
