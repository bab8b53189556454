package org.dsm.orchestrator.functions.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import org.dsm.orchestrator.functions.api.ApiRequest;
import org.dsm.orchestrator.functions.api.ApiResponse;

/**
 * Translates API Gateway HTTP API (payload 2.0) events. The typed event is the input type that
 * keeps the raw path, method, query and base64 flag under FunctionInvoker whatever the body holds
 * (a raw Map input is split into several invocations when the body is a JSON array; String/Message
 * inputs get the body only — stack-notes 2b).
 */
final class ApiGatewayEvents {
  private ApiGatewayEvents() {}

  /**
   * A non-HTTP event (EventBridge schedule, CloudEvent) deserialises into an event without method
   * or path.
   */
  static boolean isHttp(APIGatewayV2HTTPEvent event) {
    return event != null
        && event.getRequestContext() != null
        && event.getRequestContext().getHttp() != null
        && event.getRequestContext().getHttp().getMethod() != null;
  }

  static ApiRequest toRequest(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    var http = context.getHttp();
    String path = event.getRawPath() != null ? event.getRawPath() : http.getPath();
    String body = event.getBody();
    return new ApiRequest(
        http.getMethod(),
        withoutStage(path, context.getStage()),
        event.getQueryStringParameters(),
        event.getHeaders(),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        event.getIsBase64Encoded(),
        principal(event));
  }

  /**
   * The caller API Gateway's authorizer authenticated ({@code requestContext.authorizer}): for IAM
   * (SigV4) the caller's ARN (its user id when the ARN is absent), for a JWT authorizer the token's
   * {@code sub} claim. Null when the route has no authorizer. Only the id is taken, never a token
   * or key.
   */
  static String principal(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    var authorizer = context == null ? null : context.getAuthorizer();
    if (authorizer == null) {
      return null;
    }
    var iam = authorizer.getIam();
    if (iam != null) {
      return firstPresent(iam.getUserArn(), iam.getUserId(), iam.getCallerId());
    }
    var jwt = authorizer.getJwt();
    if (jwt != null && jwt.getClaims() != null) {
      return firstPresent(jwt.getClaims().get("sub"));
    }
    return null;
  }

  private static String firstPresent(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  static String requestId(APIGatewayV2HTTPEvent event) {
    return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
  }

  static APIGatewayV2HTTPResponse toResponse(ApiResponse response) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(new LinkedHashMap<>(response.headers()))
        .withBody(response.body())
        .withIsBase64Encoded(false)
        .build();
  }

  /** A named stage (not $default) prefixes rawPath with "/stage". */
  static String withoutStage(String path, String stage) {
    if (path == null || stage == null || stage.isEmpty() || stage.equals("$default")) {
      return path;
    }
    String prefix = "/" + stage;
    return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : path;
  }
}
