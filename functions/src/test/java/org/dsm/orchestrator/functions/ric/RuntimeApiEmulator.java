package org.dsm.orchestrator.functions.ric;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Lambda Runtime API (2018-06-01) as the Java runtime client uses it, on 127.0.0.1 and a random
 * port: {@code invocation/next} (blocks until an event is queued), {@code invocation/{id}/response}
 * and {@code /error}, {@code init/error}, and the SnapStart pair {@code restore/next} (held until
 * the test calls {@link #releaseRestore}) and {@code restore/error}. Times are taken with {@link
 * System#nanoTime()} when the event is handed out and when the answer arrives, which is the round
 * trip the Lambda service measures.
 *
 * <p>It answers as the real Runtime API does where the runtime client's behaviour depends on it:
 * each event has its own X-Ray trace header; a second answer for the same request id is a 403
 * {@code InvalidStateTransition}; an id never handed out is a 400 {@code InvalidRequestID}; a
 * response over {@value #MAX_PAYLOAD_BYTES} bytes is a 413 {@code RequestEntityTooLarge}, and the
 * invocation ends as the function error {@code Function.ResponseSizeTooLarge} (the runtime client
 * then posts an error for it, refused with a 403, and exits, as on Lambda).
 */
public final class RuntimeApiEmulator implements AutoCloseable {
  static {
    // Without TCP_NODELAY the runtime's small writes stall on delayed ACKs (~40 ms a round trip).
    // Read once by the JDK server's static configuration, hence before the first server exists.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final String PREFIX = "/2018-06-01/runtime/";

  /** The Runtime API's limit on a response: 6 MiB and 100 bytes. */
  static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024 + 100;

  static final String RESPONSE_SIZE_TOO_LARGE = "Function.ResponseSizeTooLarge";
  private static final Event STOP = new Event("stop", "", 0, new CompletableFuture<>());

  private final HttpServer server;
  private final ExecutorService threads;
  private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
  private final Map<String, Event> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Event> answered = new ConcurrentHashMap<>();
  private final Map<String, String> traceIds = new ConcurrentHashMap<>();
  private final CompletableFuture<String> initError = new CompletableFuture<>();
  private final CompletableFuture<Long> checkpointReached = new CompletableFuture<>();
  private final CompletableFuture<Long> restoreRelease = new CompletableFuture<>();
  private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
  private final List<String> restoreErrors = new CopyOnWriteArrayList<>();

  public RuntimeApiEmulator() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "runtime-api");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(threads);
    server.createContext(PREFIX, this::handle);
    server.start();
  }

  /** {@code host:port}, the value of AWS_LAMBDA_RUNTIME_API. */
  public String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Queues an event (any JSON text) for the next {@code invocation/next}; the future completes with
   * the runtime's answer.
   */
  public CompletableFuture<Outcome> submit(String eventJson, Duration deadline) {
    Event event =
        new Event(
            UUID.randomUUID().toString(),
            eventJson,
            System.currentTimeMillis() + deadline.toMillis(),
            new CompletableFuture<>());
    queue.add(event);
    return event.outcome;
  }

  /** When the runtime first asked for an event (its init is done), in nanoTime. */
  public long awaitFirstPoll(Duration timeout) throws Exception {
    return firstPoll.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Waits until the runtime calls {@code restore/next}: its beforeCheckpoint hooks have run and it
   * now waits for the snapshot to be restored. Returns the nanoTime of the call.
   */
  public long awaitCheckpoint(Duration timeout) throws Exception {
    return checkpointReached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Answers {@code restore/next}: the runtime runs its afterRestore hooks, then polls for events.
   */
  public long releaseRestore() {
    long now = System.nanoTime();
    restoreRelease.complete(now);
    return now;
  }

  /** The body of {@code init/error}, if the runtime reported one. */
  public CompletableFuture<String> initError() {
    return initError;
  }

  public List<String> restoreErrors() {
    return List.copyOf(restoreErrors);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
      String method = exchange.getRequestMethod();
      if (method.equals("GET") && path.equals("invocation/next")) {
        next(exchange);
      } else if (method.equals("POST") && path.startsWith("invocation/")) {
        answer(exchange, path);
      } else if (method.equals("POST") && path.equals("init/error")) {
        String body = body(exchange);
        initError.complete(body);
        send(exchange, 202, "{\"status\":\"OK\"}");
        failAll("init error: " + body);
      } else if (method.equals("GET") && path.equals("restore/next")) {
        checkpointReached.complete(System.nanoTime());
        restoreRelease.join();
        send(exchange, 200, "");
      } else if (method.equals("POST") && path.equals("restore/error")) {
        restoreErrors.add(body(exchange));
        send(exchange, 202, "{\"status\":\"OK\"}");
        failAll("restore error: " + restoreErrors);
      } else {
        send(exchange, 404, "{\"errorMessage\":\"unknown path\"}");
      }
    }
  }

  private void next(HttpExchange exchange) throws IOException {
    firstPoll.complete(System.nanoTime());
    Event event;
    try {
      event = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (event == STOP) {
      queue.add(STOP); // let every other waiting poll end too
      return;
    }
    inFlight.put(event.id, event);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "application/json");
    headers.set("Lambda-Runtime-Aws-Request-Id", event.id);
    headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(event.deadlineEpochMs));
    headers.set(
        "Lambda-Runtime-Invoked-Function-Arn",
        "arn:aws:lambda:us-east-1:123456789012:function:ric-harness");
    headers.set("Lambda-Runtime-Trace-Id", traceIds.computeIfAbsent(event.id, id -> traceHeader()));
    byte[] body = event.json.getBytes(StandardCharsets.UTF_8);
    event.deliveredNanos = System.nanoTime();
    exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private void answer(HttpExchange exchange, String path) throws IOException {
    long received = System.nanoTime();
    String[] parts = path.split("/");
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    String id = parts.length == 3 ? parts[1] : "";
    Event event = inFlight.remove(id);
    if (event == null) {
      if (answered.containsKey(id)) {
        send(
            exchange,
            403,
            "{\"errorMessage\":\"State transition from ResponseSent to InvocationResponse failed"
                + " for runtime.\",\"errorType\":\"InvalidStateTransition\"}");
      } else {
        send(
            exchange,
            400,
            "{\"errorMessage\":\"Invalid request ID\",\"errorType\":\"InvalidRequestID\"}");
      }
      return;
    }
    answered.put(id, event);
    boolean error = parts[2].equals("error");
    if (!error && bytes.length > MAX_PAYLOAD_BYTES) {
      String tooLarge =
          "{\"errorMessage\":\"Exceeded maximum allowed payload size ("
              + MAX_PAYLOAD_BYTES
              + " bytes).\",\"errorType\":\"RequestEntityTooLarge\"}";
      send(exchange, 413, tooLarge);
      event.outcome.complete(
          new Outcome(
              event.id, true, tooLarge, RESPONSE_SIZE_TOO_LARGE, event.deliveredNanos, received));
      return;
    }
    String body = new String(bytes, StandardCharsets.UTF_8);
    send(exchange, 202, "{\"status\":\"OK\"}");
    event.outcome.complete(
        new Outcome(
            event.id,
            error,
            body,
            error
                ? exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type")
                : null,
            event.deliveredNanos,
            received));
  }

  /** The X-Ray header handed out with {@code requestId} (each event has its own), or null. */
  public String traceHeader(String requestId) {
    return traceIds.get(requestId);
  }

  /** A new X-Ray trace header: a root of the current epoch second and 96 random bits. */
  private static String traceHeader() {
    java.util.concurrent.ThreadLocalRandom random =
        java.util.concurrent.ThreadLocalRandom.current();
    return String.format(
        "Root=1-%08x-%08x%016x;Parent=%016x;Sampled=0",
        System.currentTimeMillis() / 1000, random.nextInt(), random.nextLong(), random.nextLong());
  }

  private void failAll(String reason) {
    for (Event event : inFlight.values()) {
      event.outcome.completeExceptionally(new IllegalStateException(reason));
    }
    for (Event event : queue) {
      event.outcome.completeExceptionally(new IllegalStateException(reason));
    }
  }

  private static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Fails what is still waiting (the process died) with the given reason. */
  public void abandon(String reason) {
    failAll(reason);
  }

  @Override
  public void close() {
    queue.add(STOP);
    restoreRelease.complete(System.nanoTime());
    server.stop(0);
    threads.shutdownNow();
  }

  /** Waits for a submitted event's outcome. */
  public static Outcome await(CompletableFuture<Outcome> outcome, Duration timeout)
      throws Exception {
    try {
      return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutException("no answer from the runtime within " + timeout);
    }
  }

  private static final class Event {
    final String id;
    final String json;
    final long deadlineEpochMs;
    final CompletableFuture<Outcome> outcome;
    volatile long deliveredNanos;

    Event(String id, String json, long deadlineEpochMs, CompletableFuture<Outcome> outcome) {
      this.id = id;
      this.json = json;
      this.deadlineEpochMs = deadlineEpochMs;
      this.outcome = outcome;
    }
  }
}
