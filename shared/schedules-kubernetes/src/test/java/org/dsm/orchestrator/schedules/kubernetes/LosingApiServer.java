package org.dsm.orchestrator.schedules.kubernetes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * A proxy in front of an API server (fabric8's CRUD mock) that loses answers the way a real network
 * or an overloaded API server does: {@link #answerLate} forwards the next request of a method, so
 * the API server applies it, and holds the answer past the client's request timeout; {@link
 * #neverAnswer} holds requests of a method without forwarding them; {@link #refuseNext} answers
 * with a Kubernetes Status error and forwards nothing. Everything else passes through.
 */
final class LosingApiServer implements AutoCloseable {
  private final HttpServer server;
  private final URI upstream;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final Map<String, Duration> late = new ConcurrentHashMap<>();
  private final Map<String, Duration> unanswered = new ConcurrentHashMap<>();
  private final Map<String, Integer> refusals = new ConcurrentHashMap<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> admittedAnnotations = new ConcurrentHashMap<>();

  LosingApiServer(String upstreamUrl) {
    this.upstream = URI.create(upstreamUrl.endsWith("/") ? upstreamUrl : upstreamUrl + "/");
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  LosingApiServer answerLate(String method, Duration delay) {
    late.put(method, delay);
    return this;
  }

  LosingApiServer neverAnswer(String method, Duration delay) {
    unanswered.put(method, delay);
    return this;
  }

  LosingApiServer refuseNext(String method, int code) {
    refusals.put(method, code);
    return this;
  }

  /**
   * Adds this annotation to every object POSTed, as a mutating admission webhook of the cluster (a
   * policy engine, a service mesh) may.
   */
  LosingApiServer annotateCreates(String key, String value) {
    admittedAnnotations.put(key, value);
    return this;
  }

  /** "METHOD path" of each request received, in order. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      requests.add(method + " " + exchange.getRequestURI().getPath());
      Duration hold = unanswered.get(method);
      if (hold != null) {
        sleep(hold);
        reply(exchange, 504, status(504, "Timeout", "request did not complete"));
        return;
      }
      Integer refusal = refusals.remove(method);
      if (refusal != null) {
        String reason = refusal == 403 ? "Forbidden" : refusal == 422 ? "Invalid" : "BadRequest";
        reply(
            exchange,
            refusal,
            status(
                refusal,
                reason,
                "cronjobs.batch is forbidden: User \"system:serviceaccount:dsm:dsm-orchestrator\""
                    + " cannot "
                    + method.toLowerCase(java.util.Locale.ROOT)
                    + " resource \"cronjobs\""));
        return;
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (method.equals("POST") && !admittedAnnotations.isEmpty()) {
        var object =
            (tools.jackson.databind.node.ObjectNode)
                org.dsm.orchestrator.core.json.Json.mapper().readTree(body);
        var annotations =
            (tools.jackson.databind.node.ObjectNode) object.path("metadata").path("annotations");
        admittedAnnotations.forEach(annotations::put);
        body = org.dsm.orchestrator.core.json.Json.mapper().writeValueAsBytes(object);
      }
      HttpRequest.Builder forward =
          HttpRequest.newBuilder(upstream.resolve(exchange.getRequestURI().toString().substring(1)))
              .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (type != null) {
        forward.header("Content-Type", type);
      }
      HttpResponse<byte[]> answer;
      try {
        answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      Duration delay = late.remove(method);
      if (delay != null) {
        sleep(delay); // applied upstream; the client has given up by the time this is sent
      }
      exchange
          .getResponseHeaders()
          .set(
              "Content-Type",
              answer.headers().firstValue("Content-Type").orElse("application/json"));
      reply(exchange, answer.statusCode(), answer.body());
    }
  }

  private static byte[] status(int code, String reason, String message) {
    return ("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
            + "\"message\":\""
            + message
            + "\",\"reason\":\""
            + reason
            + "\",\"code\":"
            + code
            + "}")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void reply(HttpExchange exchange, int code, byte[] body) throws IOException {
    if (!exchange.getResponseHeaders().containsKey("Content-Type")) {
      exchange.getResponseHeaders().set("Content-Type", "application/json");
    }
    exchange.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
