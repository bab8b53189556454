package org.dsm.orchestrator.functions.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.InputStream;
import java.util.function.Function;
import org.dsm.orchestrator.functions.api.ApiResponse;

/**
 * One of our Lambda functions. Spring Cloud Function sees a function from the raw event to an API
 * Gateway response, which its adapter serialises itself (through its converters, with its own
 * mapper); {@link LambdaHandler} calls {@link #answer} instead and writes the envelope from the
 * body's bytes ({@link ApiGatewayEvents#writeResponse}), which the adapter's conversion made the
 * largest cost of a warm invocation.
 */
public interface ApiFunction extends Function<InputStream, APIGatewayV2HTTPResponse> {
  /** The answer to one raw event (any bytes: valid JSON or not). */
  ApiResponse answer(InputStream event);

  @Override
  default APIGatewayV2HTTPResponse apply(InputStream event) {
    return ApiGatewayEvents.toResponse(answer(event));
  }
}
