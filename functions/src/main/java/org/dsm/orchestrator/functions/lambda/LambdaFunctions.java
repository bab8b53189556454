package org.dsm.orchestrator.functions.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.function.Function;
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

/**
 * The two functions FunctionInvoker runs on Lambda, picked by SPRING_CLOUD_FUNCTION_DEFINITION.
 * Both take the typed HTTP API event and are declared to return APIGatewayV2HTTPResponse: only then
 * does the adapter pass the response through unchanged (our status, our headers only); a function
 * declared to return Object is wrapped in a 200 with id/timestamp/contentType headers. {@code
 * performanceMetrics} treats any non-HTTP event (EventBridge schedule, CloudEvent from a
 * PingSource) as the scheduled benchmark trigger and answers with the verdict in the same shape.
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
  public Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> orchestrate(
      OrchestratorApi api, DailyScrumTrigger dailyScrum, ApiAuthorizer authorizer) {
    return event -> {
      if (ApiGatewayEvents.isHttp(event)) {
        return http(api, authorizer, event);
      }
      byte[] raw = LambdaHandler.currentEvent();
      if (DailyScrumEvents.isDailyScrum(raw)) {
        String lambdaId = LambdaHandler.currentRequestId();
        return ApiGatewayEvents.toResponse(
            dailyScrum.handleStructured(
                raw, Platform.context(Platform.LAMBDA, DailyScrumService.TRIGGER, lambdaId)));
      }
      // a misrouted trigger is answered visibly instead of crashing the invocation
      return ApiGatewayEvents.toResponse(
          ApiResponse.error(400, "unsupported event: expected an API Gateway HTTP event"));
    };
  }

  @Bean(PERFORMANCE_METRICS)
  public Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> performanceMetrics(
      OrchestratorApi api, ScheduledBenchmark benchmark, ApiAuthorizer authorizer) {
    return event ->
        ApiGatewayEvents.isHttp(event)
            ? http(api, authorizer, event)
            : ApiGatewayEvents.toResponse(
                ApiResponse.json(200, benchmark.run(Platform.LAMBDA, null)));
  }

  private static APIGatewayV2HTTPResponse http(
      OrchestratorApi api, ApiAuthorizer authorizer, APIGatewayV2HTTPEvent event) {
    ApiRequest request = ApiGatewayEvents.toRequest(event);
    ApiResponse refused = authorizer.refuse(request.principal());
    if (refused != null) {
      return ApiGatewayEvents.toResponse(refused);
    }
    // The Lambda request id identifies the invocation (and its retries); API Gateway's id when it
    // is not known.
    String lambdaId = LambdaHandler.currentRequestId();
    var context =
        Platform.context(
            Platform.LAMBDA,
            "http",
            lambdaId != null ? lambdaId : ApiGatewayEvents.requestId(event));
    return ApiGatewayEvents.toResponse(api.handle(request, context));
  }
}
