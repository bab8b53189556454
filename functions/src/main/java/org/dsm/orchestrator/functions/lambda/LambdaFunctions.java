package org.dsm.orchestrator.functions.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.schedule.DailyScrumService;
import org.dsm.orchestrator.functions.api.ApiRequest;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.functions.benchmark.ScheduledBenchmark;
import org.dsm.orchestrator.functions.config.Platform;
import org.dsm.orchestrator.functions.config.Settings;
import org.dsm.orchestrator.functions.schedule.DailyScrumEvents;
import org.dsm.orchestrator.functions.schedule.DailyScrumTrigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The two functions FunctionInvoker runs on Lambda, picked by SPRING_CLOUD_FUNCTION_DEFINITION.
 * Each serves only its own route and trigger ({@code orchestrate}: the daily-scrum event; {@code
 * performanceMetrics}: the scheduled benchmark); the other function's route is a 404 naming the
 * function that serves it, its trigger a 400 naming it.
 *
 * <p>Both take the raw event as an InputStream, the one input type FunctionInvoker hands over
 * unparsed: with a typed event it parses the JSON itself and fails (a Lambda error, a stack trace
 * in the log) on events such as {@code "hello"}, {@code null} or {@code {"headers": 1}}. Here every
 * event, valid JSON or not, gets an API-Gateway-shaped answer and one record; the one exception is
 * a daily scrum that failed with a 5xx, which fails the invocation so that Lambda's retry of
 * Scheduler's asynchronous invocation runs ({@link DailyScrumFailedException}). Both are {@link
 * ApiFunction}s, declared to return APIGatewayV2HTTPResponse: only then does the adapter pass the
 * response through unchanged (our status, our headers only); {@link LambdaHandler} calls them
 * without the adapter's conversion.
 */
@Configuration(proxyBeanMethods = false)
public class LambdaFunctions {
  public static final String ORCHESTRATE = "orchestrate";
  public static final String PERFORMANCE_METRICS = "performanceMetrics";

  @Bean
  public ApiAuthorizer apiAuthorizer(Settings settings) {
    return ApiAuthorizer.from(settings);
  }

  @Bean(ORCHESTRATE)
  public ApiFunction orchestrate(
      OrchestratorApi api, DailyScrumTrigger dailyScrum, ApiAuthorizer authorizer) {
    return event -> answer(ORCHESTRATE, api, authorizer, null, dailyScrum, event);
  }

  @Bean(PERFORMANCE_METRICS)
  public ApiFunction performanceMetrics(
      OrchestratorApi api, ScheduledBenchmark benchmark, ApiAuthorizer authorizer) {
    return event -> answer(PERFORMANCE_METRICS, api, authorizer, benchmark, null, event);
  }

  /**
   * @param benchmark the scheduled benchmark's target; null for a function without one
   * @param dailyScrum the daily-scrum event's target; null for a function without one
   */
  static ApiResponse answer(
      String function,
      OrchestratorApi api,
      ApiAuthorizer authorizer,
      ScheduledBenchmark benchmark,
      DailyScrumTrigger dailyScrum,
      InputStream input) {
    // The Lambda request id identifies the invocation (and its retries); API Gateway's id when it
    // is not known.
    String lambdaId = LambdaHandler.currentRequestId();
    byte[] raw = bytes(input);
    JsonNode event = read(raw);
    String malformed = null; // why an HTTP API event could not be read
    if (event != null && ApiGatewayEvents.isHttpApi(event)) {
      try {
        ApiRequest request = ApiGatewayEvents.toRequest(event);
        var context =
            Platform.context(
                Platform.LAMBDA,
                "http",
                lambdaId != null ? lambdaId : ApiGatewayEvents.requestId(event));
        ApiResponse unauthenticated = authorizer.refuse(request.principal());
        return unauthenticated != null
            ? api.refusedAtEdge(function, context, unauthenticated, UNAUTHENTICATED)
            : api.handle(request, context, function);
      } catch (UnsupportedEventException e) {
        malformed = e.getMessage();
      }
    }
    if (event != null
        && event.isObject()
        && DailyScrumEvents.TYPE.equals(Json.textValue(event.path("type")))) {
      var context = Platform.context(Platform.LAMBDA, DailyScrumService.TRIGGER, lambdaId);
      if (dailyScrum == null) {
        return api.unsupportedEvent(
            function,
            context,
            "daily-scrum events are served by function " + ORCHESTRATE + ", not " + function);
      }
      ApiResponse ran = dailyScrum.handleStructured(raw, context);
      // Scheduler's invocation is asynchronous: only a thrown error makes Lambda deliver it again
      // (the trigger has released the dedupe key by now); a 4xx is answered, never retried
      if (DailyScrumFailedException.retryable(ran)) {
        throw new DailyScrumFailedException(ran);
      }
      return ran;
    }
    ScheduledTrigger trigger = event == null ? null : ScheduledTrigger.of(event);
    if (trigger != null) {
      var context = Platform.context(Platform.LAMBDA, ScheduledBenchmark.TRIGGER, lambdaId);
      return benchmark != null
          ? benchmark.answer(
              context,
              trigger.source() + " " + trigger.id(),
              LambdaHandler.currentRemainingMillis())
          : api.unsupportedEvent(
              function,
              context,
              "scheduled events are served by function "
                  + PERFORMANCE_METRICS
                  + ", not "
                  + function);
    }
    var context = Platform.context(Platform.LAMBDA, UNSUPPORTED, lambdaId);
    return api.unsupportedEvent(
        function, context, malformed != null ? malformed : reason(event, function));
  }

  static final String UNSUPPORTED = "unsupported";

  /** Error type of the record of a request refused for want of an authenticated caller. */
  static final String UNAUTHENTICATED = "Unauthenticated";

  /** Why an event that is neither an HTTP API request nor a scheduled trigger is refused. */
  private static String reason(JsonNode event, String function) {
    String expected =
        function.equals(PERFORMANCE_METRICS)
            ? "an API Gateway HTTP API (payload 2.0) event, an EventBridge scheduled event or a"
                + " Knative PingSource CloudEvent"
            : "an API Gateway HTTP API (payload 2.0) event";
    if (event == null) {
      return "the event is not valid JSON; expected " + expected;
    }
    // named for what it is: an ALB's event and an HTTP API's in payload format 1.0 have the REST
    // API's shape (httpMethod, path) but come from neither a REST API nor API Gateway alike
    if (event.path("requestContext").has("elb")) {
      return "Application Load Balancer events are not served; expected " + expected;
    }
    if (ApiGatewayEvents.isRestApi(event)) {
      return (Json.text(event.path("version")).equals("1.0")
              ? "API Gateway payload format 1.0 events are not served (the HTTP API's integration"
                  + " must use 2.0)"
              : "API Gateway REST API (payload 1.0) events are not served")
          + "; expected "
          + expected;
    }
    String shape =
        event.isObject()
            ? "a JSON object of another shape"
            : event.isArray()
                ? "a JSON array"
                : "a JSON " + event.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    return "got " + shape + "; expected " + expected;
  }

  private static byte[] bytes(InputStream input) {
    try {
      return input.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The event's JSON tree, or null when it is not JSON at all. */
  private static JsonNode read(byte[] bytes) {
    try {
      JsonNode node = Json.mapper().readTree(bytes);
      return node == null || node.isMissingNode() ? null : node;
    } catch (JacksonException e) {
      return null;
    }
  }
}
