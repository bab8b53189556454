package org.dsm.orchestrator.functions.support;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.lambda.LambdaHandler;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One function under the Lambda handler the way the runtime calls it (raw event bytes, a Context
 * with the request id), in a context configured by the given settings (set as system properties
 * while it starts; Spring reads them like environment variables).
 */
public final class LambdaRun implements AutoCloseable {
  private final LambdaHandler handler;
  private final Map<String, String> settings;

  public LambdaRun(String function, Map<String, String> settings) {
    this.settings = settings;
    System.setProperty("MAIN_CLASS", FunctionsApplication.class.getName());
    settings.forEach(System::setProperty);
    try {
      handler = new LambdaHandler(function);
    } finally {
      settings.keySet().forEach(System::clearProperty);
    }
  }

  /** What one invocation answered and logged. */
  public record Outcome(byte[] raw, List<ILoggingEvent> logs) {
    public JsonNode response() {
      try {
        return Json.mapper().readTree(raw);
      } catch (JacksonException e) {
        throw new AssertionError("the handler's output is not JSON: " + new String(raw), e);
      }
    }

    public int status() {
      return response().path("statusCode").asInt();
    }

    public JsonNode body() {
      try {
        return Json.mapper().readTree(response().path("body").asText());
      } catch (JacksonException e) {
        throw new AssertionError("the response body is not JSON: " + response(), e);
      }
    }
  }

  /**
   * Invokes with the given Lambda request id; anything the handler throws propagates (a Lambda
   * function error).
   */
  public Outcome invoke(byte[] event, String requestId) throws IOException {
    return invoke(event, context(requestId));
  }

  /** Invokes with the given Context (e.g. one whose remaining time runs out). */
  public Outcome invoke(byte[] event, Context context) throws IOException {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    root.addAppender(logs);
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      handler.handleRequest(new ByteArrayInputStream(event), out, context);
      return new Outcome(out.toByteArray(), List.copyOf(logs.list));
    } finally {
      root.detachAppender(logs);
    }
  }

  public static Context context(String requestId) {
    return context(requestId, () -> 30_000);
  }

  /** A Context whose getRemainingTimeInMillis answers {@code remainingMillis}. */
  public static Context context(String requestId, IntSupplier remainingMillis) {
    return (Context)
        Proxy.newProxyInstance(
            LambdaRun.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getAwsRequestId" -> requestId;
                  case "getRemainingTimeInMillis" -> remainingMillis.getAsInt();
                  case "getMemoryLimitInMB" -> 1024;
                  case "getFunctionName" -> "test";
                  case "toString" -> "Context(" + requestId + ")";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> null;
                });
  }

  @Override
  public void close() {
    // FunctionInvoker keeps its context for the life of the JVM, as on Lambda
  }

  public Map<String, String> settings() {
    return settings;
  }
}
