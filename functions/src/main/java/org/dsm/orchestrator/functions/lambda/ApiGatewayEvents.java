package org.dsm.orchestrator.functions.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.api.ApiRequest;
import org.dsm.orchestrator.functions.api.ApiResponse;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;

/**
 * Translates API Gateway HTTP API (payload 2.0) events, read from the raw event tree: the adapter's
 * own conversion splits a JSON-array body into several invocations and fails with a stack trace on
 * fields of an unexpected type, so the event is never handed to it. A field of the wrong type makes
 * the event unsupported (400) instead of a failed invocation.
 */
final class ApiGatewayEvents {
  private ApiGatewayEvents() {}

  /** HTTP API payload 2.0: {@code version "2.0"} and a method in {@code requestContext.http}. */
  static boolean isHttpApi(JsonNode event) {
    return Json.text(event.path("version")).equals("2.0")
        && event.path("requestContext").path("http").path("method").isString();
  }

  /** A REST API (payload 1.0) event, which the deployed HTTP API never sends. */
  static boolean isRestApi(JsonNode event) {
    return event.path("httpMethod").isString() && event.has("requestContext");
  }

  /**
   * @throws UnsupportedEventException when a field has a type API Gateway never sends
   */
  static ApiRequest toRequest(JsonNode event) {
    JsonNode context = event.path("requestContext");
    JsonNode http = context.path("http");
    String path = text(event, "rawPath");
    if (path == null) {
      path = text(http, "path");
    }
    String body = text(event, "body");
    JsonNode base64 = event.path("isBase64Encoded");
    if (!base64.isMissingNode() && !base64.isNull() && !base64.isBoolean()) {
      throw new UnsupportedEventException("isBase64Encoded must be a boolean");
    }
    return new ApiRequest(
        Json.textValue(http.path("method")),
        clientPath(withoutStage(path, text(context, "stage")), event.path("pathParameters")),
        strings(event, "queryStringParameters"),
        strings(event, "headers"),
        body == null ? null : body.getBytes(StandardCharsets.UTF_8),
        base64.booleanValue(),
        principal(event));
  }

  /**
   * The caller API Gateway's authorizer authenticated ({@code requestContext.authorizer}): for IAM
   * (SigV4) the caller's ARN (its user id when the ARN is absent), for a JWT authorizer the token's
   * {@code sub} claim. Null when the route has no authorizer. Only the id is taken, never a token
   * or key.
   *
   * <p>SigV4 credentials from a Cognito identity pool are every identity's of the pool alike: each
   * assumes the pool's role with the session name {@code CognitoIdentityCredentials}, so the ARN,
   * user id and caller id name the role, not the user. API Gateway then adds {@code
   * iam.cognitoIdentity.identityId}, which does name the user, and the principal carries it: else
   * two users of one app shared a principal, and with it their Idempotency-Keys (one user's retry
   * replayed the other's answer, or got a 422 telling them the key was taken).
   */
  static String principal(JsonNode event) {
    JsonNode authorizer = event.path("requestContext").path("authorizer");
    JsonNode iam = authorizer.path("iam");
    if (iam.isObject()) {
      String caller = firstPresent(iam.path("userArn"), iam.path("userId"), iam.path("callerId"));
      String identity = firstPresent(iam.path("cognitoIdentity").path("identityId"));
      if (identity == null) {
        return caller;
      }
      return caller == null
          ? COGNITO_IDENTITY + identity
          : caller + "#" + COGNITO_IDENTITY + identity;
    }
    return firstPresent(authorizer.path("jwt").path("claims").path("sub"));
  }

  static final String COGNITO_IDENTITY = "cognito-identity:";

  private static String firstPresent(JsonNode... values) {
    for (JsonNode value : values) {
      if (value.isString() && !value.stringValue().isBlank()) {
        return value.stringValue();
      }
    }
    return null;
  }

  static String requestId(JsonNode event) {
    return Json.textValue(event.path("requestContext").path("requestId"));
  }

  /**
   * The response envelope as API Gateway reads it, written straight to the runtime's output: the
   * fields the adapter writes for {@link #toResponse}'s object (less its null ones), the body
   * escaped into its JSON string from the body's UTF-8 bytes ({@link
   * ApiResponse#writeBodyAsString}). The adapter's way serialises the envelope through its
   * converters and escapes the body from a String decoded for it: under C1 that was the largest
   * part of a warm invocation ({@code perf} under Lambda's CPU share: 15.8 % of the process).
   */
  /** The runtime's stream stays open: it is the runtime's, not ours. */
  private static final ObjectWriter ENVELOPE =
      Json.mapper().writer().without(StreamWriteFeature.AUTO_CLOSE_TARGET);

  static void writeResponse(ApiResponse response, OutputStream output) throws IOException {
    try (JsonGenerator json = ENVELOPE.createGenerator(output)) {
      json.writeStartObject();
      json.writeNumberProperty("statusCode", response.status());
      json.writeObjectPropertyStart("headers");
      for (Map.Entry<String, String> header : response.headers().entrySet()) {
        json.writeStringProperty(header.getKey(), header.getValue());
      }
      json.writeEndObject();
      json.writeName("body");
      response.writeBodyAsString(json);
      json.writeBooleanProperty("isBase64Encoded", false);
      json.writeEndObject();
    }
  }

  static APIGatewayV2HTTPResponse toResponse(ApiResponse response) {
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(response.status())
        .withHeaders(new LinkedHashMap<>(response.headers()))
        .withBody(response.body())
        .withIsBase64Encoded(false)
        .build();
  }

  /**
   * The path as a client's URL holds it. An HTTP API delivers rawPath percent-decoded (a client's
   * {@code /orchestrate/project/A%2541} arrives as {@code .../A%41}), while the API decodes a path
   * segment once, as it must for the still-encoded path a servlet container gives it: decoding
   * rawPath again turned {@code A%41} into {@code AA}, another project than the client named. Every
   * byte but an unreserved character and '/' is encoded, so the API's one decoding gives back
   * exactly what API Gateway delivered.
   */
  static String encodePath(String path) {
    if (path == null) {
      return null;
    }
    StringBuilder encoded = new StringBuilder(path.length());
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || c == '/') {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    return encoded.toString();
  }

  /**
   * {@link #encodePath} of the delivered path, with the '/' of an encoded slash encoded again. An
   * HTTP API decodes a client's {@code /orchestrate/project/a%2Fb} to the rawPath {@code
   * /orchestrate/project/a/b} and the path parameter {@code a/b}; a route's {@code {project_id}}
   * matches one segment of the client's path, so a '/' in its value was a %2F there. Encoded again,
   * the id {@code a/b} is refused as an invalid id (400), as over HTTP, where Tomcat passes the %2F
   * through (http/TomcatPaths); read as a path, it was a 404 on Lambda only.
   */
  static String clientPath(String path, JsonNode pathParameters) {
    JsonNode id = pathParameters.path("project_id");
    if (path == null || !id.isString() || id.stringValue().indexOf('/') < 0) {
      return encodePath(path);
    }
    String value = id.stringValue();
    if (!path.endsWith("/" + value)) {
      return encodePath(path);
    }
    return encodePath(path.substring(0, path.length() - value.length()))
        + encodePath(value).replace("/", "%2F");
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  /** A named stage (not $default) prefixes rawPath with "/stage". */
  static String withoutStage(String path, String stage) {
    if (path == null || stage == null || stage.isEmpty() || stage.equals("$default")) {
      return path;
    }
    String prefix = "/" + stage;
    return path.startsWith(prefix + "/") ? path.substring(prefix.length()) : path;
  }

  /** A text field, absent or null as null; any other type makes the event unsupported. */
  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new UnsupportedEventException(field + " must be a string");
    }
    return value.stringValue();
  }

  /** API Gateway sends headers and query parameters as an object of strings. */
  private static Map<String, String> strings(JsonNode event, String field) {
    JsonNode value = event.path(field);
    if (value.isMissingNode() || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw new UnsupportedEventException(field + " must be an object of strings");
    }
    Map<String, String> strings = new LinkedHashMap<>();
    for (var entry : value.properties()) {
      if (!entry.getValue().isString()) {
        throw new UnsupportedEventException(field + " must be an object of strings");
      }
      strings.put(entry.getKey(), entry.getValue().stringValue());
    }
    return strings;
  }
}
