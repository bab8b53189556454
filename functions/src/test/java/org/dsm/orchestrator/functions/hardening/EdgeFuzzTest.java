package org.dsm.orchestrator.functions.hardening;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.lambda.LambdaHandler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A smaller sample of the same hostile requests through the two real entry points: the HTTP app
 * (embedded Tomcat on a random port, a real client) and the Lambda handler (FunctionInvoker fed
 * whole API Gateway v2 events, some with fields of the wrong type). Same invariants as {@link
 * ApiFuzzTest}.
 */
class EdgeFuzzTest extends FuzzProviders {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static ConfigurableApplicationContext web;
  private static int port;
  private static LambdaHandler orchestrate;
  private static LambdaHandler metrics;

  @BeforeContainer
  static void start() {
    web =
        new SpringApplicationBuilder(FunctionsApplication.class)
            // server.port=${PORT:8080} in application.properties: PORT picks the random port
            .properties("server.port=0", "PORT=0")
            .run();
    port = ((WebServerApplicationContext) web).getWebServer().getPort();
    System.setProperty("MAIN_CLASS", FunctionsApplication.class.getName());
    orchestrate = new LambdaHandler("orchestrate");
    metrics = new LambdaHandler("performanceMetrics");
  }

  @AfterContainer
  static void stop() {
    web.close();
    System.clearProperty("MAIN_CLASS");
  }

  @Property(tries = 250)
  void overHttp(
      @ForAll("methods") String method,
      @ForAll("paths") String path,
      @ForAll("headers") Map<String, String> headers,
      @ForAll("bodies") byte[] body)
      throws Exception {
    HttpRequest.Builder builder;
    try {
      builder =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + encodePath(path)))
              .timeout(Duration.ofSeconds(30))
              .method(
                  method,
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      headers.forEach(builder::header);
    } catch (IllegalArgumentException e) {
      Assume.that(
          false); // the client itself refuses such a request (header value, method token): nothing
      // sent
      return;
    }
    HttpResponse<String> response =
        CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    if (method.equals("HEAD")) {
      // no body on HEAD; the status and the content type still must be ours
      org.assertj.core.api.Assertions.assertThat(response.statusCode()).isBetween(200, 499);
      org.assertj.core.api.Assertions.assertThat(
              response.headers().firstValue("content-type").orElse(""))
          .startsWith(response.statusCode() == 200 ? "" : "application/json");
      org.assertj.core.api.Assertions.assertThat(response.body()).isEmpty();
      return;
    }
    ResponseInvariants.check(
        response.statusCode(), response.body(), ApiFuzzTest.echo(method, path, headers, body, ""));
  }

  @Property(tries = 250)
  void overLambda(
      @ForAll("methods") String method,
      @ForAll("paths") String path,
      @ForAll("headers") Map<String, String> headers,
      @ForAll("bodies") byte[] body,
      @ForAll boolean base64,
      @ForAll("mutations") String mutation,
      @ForAll boolean metricsFunction)
      throws Exception {
    ObjectNode event =
        (ObjectNode)
            Json.mapper()
                .readTree(
                    "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawQueryString\":\"\",\"cookies\":[],"
                        + "\"requestContext\":{\"accountId\":\"123456789012\",\"apiId\":\"api\",\"domainName\":\"x\","
                        + "\"requestId\":\"fuzz\",\"stage\":\"$default\",\"time\":\"28/Nov/2026:10:00:00 +0000\","
                        + "\"timeEpoch\":1795860000000,\"http\":{\"method\":\"GET\",\"path\":\"/\",\"protocol\":\"HTTP/1.1\","
                        + "\"sourceIp\":\"127.0.0.1\",\"userAgent\":\"fuzz\"}}}");
    event.put("rawPath", path);
    ((ObjectNode) event.path("requestContext").path("http"))
        .put("method", method)
        .put("path", path);
    ObjectNode headerNode = event.putObject("headers");
    headers.forEach(headerNode::put);
    // API Gateway sends binary bodies base64-encoded; text bodies as a JSON string (invalid UTF-8
    // cannot be one)
    event.put("body", base64 ? FuzzInputs.base64(body) : new String(body, StandardCharsets.UTF_8));
    event.put("isBase64Encoded", base64);
    mutate(event, mutation);
    byte[] bytes = Json.mapper().writeValueAsBytes(event);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    (metricsFunction ? metrics : orchestrate)
        .handleRequest(new ByteArrayInputStream(bytes), out, null);
    JsonNode response = Json.mapper().readTree(out.toByteArray());
    String answer = response.path("body").asText();
    // an event refused as malformed (e.g. a string isBase64Encoded) is read as no request at all,
    // HEAD or other: its 400 says what is wrong in a body, like every refusal
    boolean refusedEvent = answer.startsWith("{\"detail\":\"unsupported event");
    ResponseInvariants.check(
        refusedEvent ? "(refused event)" : method,
        response.path("statusCode").asInt(),
        answer,
        new String(bytes, StandardCharsets.UTF_8));
  }

  /**
   * Field-type mutations of a whole event: what a misconfigured integration or a hand-made test
   * event sends.
   */
  private static void mutate(ObjectNode event, String mutation) {
    switch (mutation) {
      case "headers-null" -> event.putNull("headers");
      case "query-params" ->
          event.putObject("queryStringParameters").put("window", "7d").put("x", "%00");
      case "query-garbage" ->
          event.putObject("queryStringParameters").put("window", "../../etc/passwd");
      case "no-rawPath" -> event.remove("rawPath");
      case "stage" -> {
        ((ObjectNode) event.path("requestContext")).put("stage", "prod");
        event.put("rawPath", "/prod" + event.path("rawPath").asText());
      }
      case "body-null" -> event.putNull("body");
      case "base64-string-flag" -> event.put("isBase64Encoded", "true");
      case "extra-fields" -> event.putObject("unexpected").put("a", 1);
      default -> {}
    }
  }

  /**
   * Percent-encodes what a URI cannot hold, keeping the caller's own %XX escapes and dot segments.
   */
  static String encodePath(String path) {
    StringBuilder out = new StringBuilder();
    byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int b = bytes[i] & 0xFF;
      boolean escape =
          b == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
      if (escape || (b > 0x20 && b < 0x7F && "\"<>\\^`{|}%# ?[]".indexOf(b) < 0)) {
        out.append((char) b);
      } else {
        out.append('%').append(String.format("%02X", b));
      }
    }
    return out.toString();
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }

  @Provide
  Arbitrary<String> mutations() {
    return Arbitraries.of(
        "none",
        "none",
        "none",
        "headers-null",
        "query-params",
        "query-garbage",
        "no-rawPath",
        "stage",
        "body-null",
        "base64-string-flag",
        "extra-fields");
  }
}
