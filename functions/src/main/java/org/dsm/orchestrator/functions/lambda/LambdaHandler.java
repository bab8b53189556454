package org.dsm.orchestrator.functions.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.LongSupplier;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.config.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.cloud.function.context.catalog.SimpleFunctionRegistry.FunctionInvocationWrapper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Lambda handler: Spring's FunctionInvoker plus what only the handler can do.
 *
 * <ul>
 *   <li>Timing: an invocation runs from this handler's entry until the response is serialised into
 *       the runtime's output; that is the total the response's {@code invocation} block and the
 *       stored record report ({@link AfterResponseRecorder} writes the record after it, timed as
 *       {@code metrics_store_write}). When the constructor returns, the instance is ready: JVM
 *       start → here is the init phase the first invocation reports as {@code init_duration_ms},
 *       unless it arrives so long after that no caller waited for the init ({@link
 *       #initWaitedFor}).
 *   <li>The direct route: when the function FunctionInvoker located is one of ours ({@link
 *       ApiFunction}), the event goes to it and the envelope is written from its answer ({@link
 *       ApiGatewayEvents#writeResponse}), without the adapter's per-invocation message handling and
 *       conversion, the largest part of a warm invocation. The adapter still starts the context and
 *       locates the function (definition, routing); any other function (a composition, the router)
 *       goes through it as before.
 *   <li>The array guard, on the adapter's path: when an API Gateway body is a JSON array, the
 *       adapter splits it into one invocation per element and fails to convert them, so the caller
 *       would get a Lambda error (a 500 from API Gateway) instead of our 400. Such a body is handed
 *       on base64-encoded, which the adapter leaves alone and our API decodes. Every other event
 *       passes through byte for byte.
 *   <li>The deadline: the use case gets the Context's remaining time less {@link
 *       Deadline#RESPONSE_RESERVE_MS} for the answer, and on a cold invocation no more than API
 *       Gateway's {@value #INTEGRATION_TIMEOUT_MS} ms less the init phase (the gateway's clock
 *       counts init, Lambda's timeout does not), so the caller gets our answer naming what was not
 *       started rather than the gateway's bare 503.
 *   <li>Priming: {@link PrimingHook} sends its synthetic events through {@link #prime}, the same
 *       path marked as priming (no record, no EMF line).
 * </ul>
 *
 * <p>Handler: {@code org.dsm.orchestrator.functions.lambda.LambdaHandler::handleRequest}.
 */
public class LambdaHandler extends FunctionInvoker {
  private static final Logger LOG = LoggerFactory.getLogger(LambdaHandler.class);

  /**
   * An HTTP API's integration timeout (its maximum, which cannot be raised): it runs from the call
   * of the function, so a cold invocation's init phase counts against it.
   */
  static final long INTEGRATION_TIMEOUT_MS = 30_000;

  /**
   * Time before the init phase that the gateway's clock also counts and the JVM cannot measure
   * (placing the request, creating the sandbox).
   */
  static final long BEFORE_INIT_MS = 1_000;

  /** Lambda's limit on an on-demand init phase (and on a SnapStart restore phase). */
  static final long INIT_LIMIT_MS = 10_000;

  /**
   * A first invocation arriving more than this after the instance became ready (init or restore
   * done) was not waited for by its caller: Lambda made the instance ahead of any request
   * (proactive initialization of an on-demand function, which still reports {@code on-demand}).
   *
   * <p>Why this figure: on a real cold start the event is queued before the init begins; the init
   * phase (extensions, runtime, our init) ends when the runtime and every extension have called
   * Next, at most {@value #INIT_LIMIT_MS} ms after it began (the restore phase has the same limit),
   * and the event is handed over at once. So a caller who waited sees its event less than {@value
   * #INIT_LIMIT_MS} ms after our init ended, whatever an extension still had to do; what remains is
   * the runtime client's dispatch, milliseconds (docs/LAMBDA_RUNTIME.md has the harness's figures).
   * A shorter threshold (Bref's 100 ms, Datadog Python's 1 s from the init's start) would also
   * catch a cold start stretched by a slow extension or a starved CPU, and call it warm: its
   * deadline would then not be cut by the init, and the caller would get the gateway's bare 503
   * instead of our answer. Erring toward cold costs a cold start recorded too many.
   */
  static final long READY_AHEAD_OF_REQUEST_MS = INIT_LIMIT_MS;

  /** The located function when it is one of ours, else null (the adapter's path). */
  private final ApiFunction direct;

  public LambdaHandler() {
    super(namingMainClass(null));
    direct = locatedApiFunction(this);
    onReady();
  }

  public LambdaHandler(String functionDefinition) {
    super(namingMainClass(functionDefinition));
    direct = locatedApiFunction(this);
    onReady();
  }

  /** Whether invocations take the direct route (see the class comment). */
  public boolean direct() {
    return direct != null;
  }

  /**
   * The function FunctionInvoker located, when it is an {@link ApiFunction}. FunctionInvoker keeps
   * it in a private field with no getter; should a later adapter rename it, this answers null and
   * every invocation takes the adapter's path (slower, same answers), which a test reports.
   */
  private static ApiFunction locatedApiFunction(FunctionInvoker invoker) {
    try {
      Field field = FunctionInvoker.class.getDeclaredField("function");
      field.setAccessible(true);
      return field.get(invoker) instanceof FunctionInvocationWrapper located
              && located.getTarget() instanceof ApiFunction function
          ? function
          : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private void onReady() {
    instanceReady(
        ManagementFactory.getRuntimeMXBean().getUptime(), System.getenv(INITIALIZATION_TYPE));
    RestoreClock.handlerReady();
    PrimingHook.attachToLatest(this);
  }

  /** How Lambda started this instance: on-demand, provisioned-concurrency or snap-start. */
  static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";

  static final String PROVISIONED_CONCURRENCY = "provisioned-concurrency";

  /**
   * The init phase ({@code initMs}) is over. An on-demand instance's first invocation waited for it
   * (a cold start, with the init as its {@code init_duration_ms}); a SnapStart instance's first
   * invocation is marked cold again by the restore, with the restore as its init. A
   * provisioned-concurrency instance is initialised when the concurrency is allocated, ahead of any
   * request: no caller waits for its init, so its first invocation is recorded warm, without an
   * init phase, and its deadline is not cut by one. Its init is logged here instead. An on-demand
   * instance Lambda initialised ahead of a request says {@code on-demand} too: {@link
   * #initWaitedFor} tells it by the gap before its first invocation.
   */
  static void instanceReady(double initMs, String initializationType) {
    Platform.markReady(initMs);
    if (PROVISIONED_CONCURRENCY.equals(initializationType)) {
      Platform.setNextInvocationCold(false);
      LOG.info(
          "provisioned-concurrency init took {} ms, ahead of any request: the first invocation is"
              + " not a cold start",
          String.format("%.1f", initMs));
    }
  }

  /**
   * The init phase an invocation arriving at {@code nowNanos} ({@link System#nanoTime()}) waited
   * for: null when warm. The first invocation since the instance became ready waited for its init
   * (or restore), unless it arrives more than {@value #READY_AHEAD_OF_REQUEST_MS} ms after it: then
   * Lambda made the instance ahead of it, and it is recorded warm, without an init phase and with
   * its deadline uncut, the init logged here instead (as for provisioned concurrency). The gap is
   * logged either way.
   */
  static Double initWaitedFor(long nowNanos) {
    if (!Platform.nextInvocationCold()) {
      return null;
    }
    Double initMs = Platform.initDurationMs();
    Long readyAt = Platform.readyAtNanos();
    if (readyAt == null) {
      return initMs;
    }
    long gap = (nowNanos - readyAt) / 1_000_000;
    if (gap > READY_AHEAD_OF_REQUEST_MS) {
      Platform.setNextInvocationCold(false);
      LOG.info(
          "instance ready (init or restore of {} ms) {} ms before its first invocation: made"
              + " ahead of any request (proactive initialization), the first invocation is not a"
              + " cold start",
          initMs,
          gap);
      return null;
    }
    LOG.info(
        "first invocation {} ms after the instance was ready (init or restore of {} ms): a cold"
            + " start",
        gap,
        initMs);
    return initMs;
  }

  /**
   * Names the application class before FunctionInvoker looks for it: otherwise it scans every jar
   * manifest on the class path and logs a plain-text line for each, before the JSON logging is
   * configured. A MAIN_CLASS variable or property set by the deployment still wins.
   */
  private static String namingMainClass(String functionDefinition) {
    if (System.getenv("MAIN_CLASS") == null && System.getProperty("MAIN_CLASS") == null) {
      System.setProperty(
          "MAIN_CLASS", org.dsm.orchestrator.functions.FunctionsApplication.class.getName());
    }
    // its "Main class: ..." INFO line would still come out in logback's plain default layout,
    // before Spring Boot configures the JSON one (which then keeps this logger at WARN, see
    // application.properties)
    if (org.slf4j.LoggerFactory.getLogger(FUNCTION_CLASS_UTILS)
        instanceof ch.qos.logback.classic.Logger logger) {
      logger.setLevel(ch.qos.logback.classic.Level.WARN);
    }
    return functionDefinition;
  }

  private static final String FUNCTION_CLASS_UTILS =
      "org.springframework.cloud.function.utils.FunctionClassUtils";

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    handle(input, output, context == null ? null : context.getAwsRequestId(), context, false);
  }

  /** One priming call through the whole handler; answers the response's status code. */
  int prime(Priming.Call call, String requestId) throws IOException {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    handle(
        new ByteArrayInputStream(call.event()),
        output,
        requestId,
        new PrimingContext(requestId),
        true);
    return Json.mapper().readTree(output.toByteArray()).path("statusCode").asInt(-1);
  }

  private void handle(
      InputStream input, OutputStream output, String requestId, Context context, boolean priming)
      throws IOException {
    long entry = System.nanoTime();
    // priming calls leave the cold flag to the first real invocation
    Double coldInitMs =
        priming
            ? (Platform.nextInvocationCold() ? Platform.initDurationMs() : null)
            : initWaitedFor(entry);
    LongSupplier remaining = remainingMillis(context, entry, coldInitMs);
    HandlerScope scope = HandlerScope.open(entry, requestId, priming, remaining);
    Platform.edgeStarted(entry, Deadline.reserving(remaining, Deadline.RESPONSE_RESERVE_MS));
    byte[] event = input.readAllBytes();
    try {
      if (direct != null) {
        ApiGatewayEvents.writeResponse(direct.answer(new ByteArrayInputStream(event)), output);
      } else {
        super.handleRequest(guard(event), output, context);
      }
    } finally {
      Platform.edgeFinished();
      scope.close(System.nanoTime());
    }
  }

  /**
   * The Context's remaining time; on a cold invocation ({@code coldInitMs}: its init phase, null
   * when warm) also what is left of the gateway's integration timeout after the init. An "init"
   * longer than Lambda's {@value #INIT_LIMIT_MS} ms limit was none the gateway waited through (a
   * JVM that ran before the handler was made, as in tests). No Context: no deadline.
   */
  static LongSupplier remainingMillis(Context context, long entryNanos, Double coldInitMs) {
    if (context == null) {
      return Deadline.UNBOUNDED;
    }
    if (coldInitMs == null || coldInitMs > INIT_LIMIT_MS) {
      return context::getRemainingTimeInMillis;
    }
    long gatewayEnd = INTEGRATION_TIMEOUT_MS - BEFORE_INIT_MS - Math.round(coldInitMs);
    return () ->
        Math.min(
            context.getRemainingTimeInMillis(),
            gatewayEnd - (System.nanoTime() - entryNanos) / 1_000_000);
  }

  /**
   * The current Lambda request id, or null outside LambdaHandler (plain FunctionInvoker, tests
   * without Context).
   */
  static String currentRequestId() {
    HandlerScope scope = HandlerScope.current();
    return scope == null ? null : scope.requestId();
  }

  /**
   * The time the current invocation has left (its Context), or no deadline outside LambdaHandler.
   */
  static LongSupplier currentRemainingMillis() {
    HandlerScope scope = HandlerScope.current();
    return scope == null ? Deadline.UNBOUNDED : scope.remainingMillis();
  }

  static InputStream guard(byte[] event) {
    if (!mayHoldArrayBody(event)) {
      return new ByteArrayInputStream(event);
    }
    try {
      JsonNode root = Json.mapper().readTree(event);
      JsonNode body = root.path("body");
      // only a real boolean true means the body is base64 ("[" is not in the base64 alphabet
      // anyway); a string
      // "true" must not let an array body through to the adapter, which would split it into calls
      boolean base64 =
          root.path("isBase64Encoded").isBoolean() && root.path("isBase64Encoded").booleanValue();
      if (root instanceof ObjectNode object
          && root.has("requestContext")
          && body.isString()
          && !base64
          && body.stringValue().stripLeading().startsWith("[")) {
        object.put(
            "body",
            Base64.getEncoder()
                .encodeToString(body.stringValue().getBytes(StandardCharsets.UTF_8)));
        object.put("isBase64Encoded", true);
        return new ByteArrayInputStream(Json.mapper().writeValueAsBytes(object));
      }
    } catch (JacksonException e) {
      // not JSON at all: let the adapter report it as it would have
    }
    return new ByteArrayInputStream(event);
  }

  /**
   * Cheap pre-check so ordinary events are not parsed twice: a '[' somewhere after a "body" key.
   */
  private static boolean mayHoldArrayBody(byte[] event) {
    String text = new String(event, StandardCharsets.UTF_8);
    int body = text.indexOf("\"body\"");
    return body >= 0 && text.indexOf('[', body) >= 0;
  }
}
