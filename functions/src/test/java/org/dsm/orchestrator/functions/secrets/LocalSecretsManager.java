package org.dsm.orchestrator.functions.secrets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Secrets Manager endpoint on 127.0.0.1 (random port) speaking the one operation the app uses,
 * GetSecretValue, in the service's AWS JSON 1.1 protocol: POST / with {@code X-Amz-Target:
 * secretsmanager.GetSecretValue} and a SigV4 {@code Authorization} header scoped to the
 * secretsmanager service; the answer is the secret's current version, or the service's
 * ResourceNotFoundException / AccessDeniedException / UnknownOperationException error shapes.
 * Secrets and who may read them are set by the test.
 */
public final class LocalSecretsManager implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final Map<String, String> secrets = new ConcurrentHashMap<>();
  private final List<String> reads = new CopyOnWriteArrayList<>();
  public static final String ACCESS_KEY = "test-access-key";

  public LocalSecretsManager() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public void put(String arn, String value) {
    secrets.put(arn, value);
  }

  /** SecretIds of every successful GetSecretValue, in order. */
  public List<String> reads() {
    return reads;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      if (!"POST".equals(exchange.getRequestMethod())
          || !"application/x-amz-json-1.1"
              .equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
        error(
            exchange,
            400,
            "SerializationException",
            "expected a POST of application/x-amz-json-1.1");
        return;
      }
      if (auth == null
          || !auth.startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")
          || !auth.contains("/secretsmanager/aws4_request")) {
        error(
            exchange, 400, "AccessDeniedException", "not signed for secretsmanager by a known key");
        return;
      }
      if (!"secretsmanager.GetSecretValue".equals(target)) {
        error(exchange, 400, "UnknownOperationException", "unsupported operation " + target);
        return;
      }
      String id = body.path("SecretId").asText();
      String value = secrets.get(id);
      if (value == null) {
        error(
            exchange,
            400,
            "ResourceNotFoundException",
            "Secrets Manager can't find the specified secret.");
        return;
      }
      reads.add(id);
      ObjectNode answer = JSON.createObjectNode();
      answer.put("ARN", id);
      answer.put("Name", id.substring(id.lastIndexOf(':') + 1));
      answer.put("VersionId", UUID.randomUUID().toString());
      answer.put("SecretString", value);
      answer.putArray("VersionStages").add("AWSCURRENT");
      answer.put("CreatedDate", 1.7953e9);
      send(exchange, 200, answer);
    }
  }

  private static void error(HttpExchange exchange, int status, String type, String message)
      throws IOException {
    exchange.getResponseHeaders().set("X-Amzn-ErrorType", type);
    ObjectNode body = JSON.createObjectNode();
    body.put("__type", type);
    body.put("message", message);
    send(exchange, status, body);
  }

  private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
