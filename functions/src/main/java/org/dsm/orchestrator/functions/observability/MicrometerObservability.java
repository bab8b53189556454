package org.dsm.orchestrator.functions.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.port.DependencyHealth;
import org.dsm.orchestrator.core.port.OperationListener;
import org.dsm.orchestrator.core.port.RegressionSink;
import org.dsm.orchestrator.core.regression.Regression;
import org.dsm.orchestrator.core.regression.RegressionReport;

/**
 * The metric names of docs/OBSERVABILITY.md on a Micrometer registry: component timings as
 * histograms (fed by the PerformanceMonitor's own measurements), invocation, cold-start and error
 * counters (fed by the invocation records), circuit states and regressions as gauges. Timings and
 * counters are tagged with the invocation's own function; the gauges keep the instance's. Meters
 * are cached per tag set: the function and component names and error types are small fixed sets.
 */
public final class MicrometerObservability implements ObservabilityHooks, RegressionSink {
  static final String COMPONENT_DURATION = "dsm.component.duration";
  static final String INVOCATIONS = "dsm.invocations";
  static final String COLD_STARTS = "dsm.cold.starts";
  static final String ERRORS = "dsm.errors";
  static final String CIRCUIT_STATE = "dsm.circuit.state";
  static final String REGRESSIONS = "dsm.regressions";
  static final String REGRESSION_CAUSE = "dsm.regression.cause";
  static final List<String> CIRCUIT_STATES = List.of("closed", "open", "half_open");
  static final Duration[] BUCKETS =
      java.util.stream.LongStream.of(
              50,
              100,
              250,
              500,
              1_000,
              2_500,
              5_000,
              10_000,
              25_000,
              50_000,
              100_000,
              250_000,
              500_000,
              1_000_000,
              2_000_000,
              5_000_000,
              10_000_000,
              30_000_000)
          .mapToObj(Duration::ofNanos)
          .map(d -> d.multipliedBy(1_000))
          .toArray(Duration[]::new);

  private final MeterRegistry registry;
  // per function, so no series mixes two functions' work (the benchmark's dry runs time the same
  // components as the report on one pod); a timing of no function keeps the instance's label
  private final Map<String, FunctionTimers> timersByFunction = new ConcurrentHashMap<>();
  private final FunctionTimers instanceTimers = new FunctionTimers(null);
  private final Map<String, AtomicInteger> regressionCounts = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> causes = new ConcurrentHashMap<>();

  public MicrometerObservability(MeterRegistry registry) {
    this.registry = registry;
    for (String source : List.of(RegressionSink.REPORT, RegressionSink.BENCHMARK)) {
      regressionCount(source); // present (0) from the start, so "absent" never hides a regression
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  @Override
  public OperationListener operations() {
    return this::timing;
  }

  @Override
  public MetricsRecorder invocations() {
    return new MetricsRecorder() {
      @Override
      public void record(InvocationRecord record) {
        invocation(record);
      }

      @Override
      public void flush() {}

      @Override
      public long failedRecords() {
        return 0;
      }
    };
  }

  @Override
  public void watch(DependencyHealth health) {
    for (String service : health.circuitStates().keySet()) {
      for (String state : CIRCUIT_STATES) {
        Gauge.builder(
                CIRCUIT_STATE,
                health,
                h -> state.equals(normalise(h.circuitStates().get(service))) ? 1 : 0)
            .description("1 for the current state of the service's circuit breaker, else 0")
            .tag("service", service)
            .tag("state", state)
            .register(registry);
      }
    }
  }

  @Override
  public void publish(String source, String function, RegressionReport report) {
    regressionCount(source).set(report.causes().size());
    causes.forEach(
        (key, value) -> {
          if (key.startsWith(source + "\u0000")) {
            value.set(0);
          }
        });
    for (Regression cause : report.causeRegressions()) {
      causes
          .computeIfAbsent(
              source + "\u0000" + cause.component() + "\u0000" + cause.metric(),
              key -> {
                AtomicInteger flag = new AtomicInteger();
                Gauge.builder(REGRESSION_CAUSE, flag, AtomicInteger::get)
                    .description("1 while the component is named as a regression cause")
                    .tag("source", source)
                    .tag("component", cause.component())
                    .tag("metric", metricLabel(cause.metric()))
                    .register(registry);
                return flag;
              })
          .set(1);
    }
  }

  private void timing(String function, String operation, long durationNanos, boolean success) {
    // get first: computeIfAbsent locks the key's bin when the key is not its first node, and
    // every request records here from its own thread
    FunctionTimers timers = function == null ? instanceTimers : timersByFunction.get(function);
    if (timers == null) {
      timers = timersByFunction.computeIfAbsent(function, FunctionTimers::new);
    }
    timers.timer(operation, success).record(Math.max(0, durationNanos), TimeUnit.NANOSECONDS);
  }

  /** One function's component timers; {@code function} null: the instance's common tag applies. */
  private final class FunctionTimers {
    private final String function;
    private final Map<String, Timer> successes = new ConcurrentHashMap<>();
    private final Map<String, Timer> failures = new ConcurrentHashMap<>();

    FunctionTimers(String function) {
      this.function = function;
    }

    Timer timer(String operation, boolean success) {
      Map<String, Timer> byOperation = success ? successes : failures;
      Timer timer = byOperation.get(operation); // get first, as above
      return timer != null
          ? timer
          : byOperation.computeIfAbsent(operation, key -> register(key, success));
    }

    private Timer register(String operation, boolean success) {
      Timer.Builder builder =
          Timer.builder(COMPONENT_DURATION)
              .description(
                  "Duration of each timed component, as the PerformanceMonitor or the platform's"
                      + " handler (request_to_response) measured it")
              .tag("component", operation)
              .tag("outcome", success ? "success" : "failure")
              // fixed buckets from a cache lookup (tens of µs) to a slow DSM (seconds): 19 series
              // per component instead of Micrometer's ~70-bucket default
              .serviceLevelObjectives(BUCKETS);
      if (function != null) {
        builder.tag("function", function); // the meter's own tag wins over the common tag
      }
      return builder.register(registry);
    }
  }

  private void invocation(InvocationRecord record) {
    // the platform's total is the handler's, not the monitor's: it reaches us only in the record
    Double requestToResponse = record.componentDurationsMs().get(Operations.REQUEST_TO_RESPONSE);
    if (requestToResponse != null) {
      timing(
          record.function(),
          Operations.REQUEST_TO_RESPONSE,
          Math.round(requestToResponse * 1_000_000.0),
          record.errorType() == null && record.statusCode() < 400);
    }
    Counter.builder(INVOCATIONS)
        .description("Recorded invocations, rejected requests included")
        .tag("function", String.valueOf(record.function()))
        .tag("platform", String.valueOf(record.platform()))
        .tag("trigger", String.valueOf(record.trigger()))
        .tag("status", Integer.toString(record.statusCode()))
        .register(registry)
        .increment();
    if (record.coldStart()) {
      Counter.builder(COLD_STARTS)
          .description("Invocations that were the first of their instance")
          .tag("function", String.valueOf(record.function()))
          .tag("platform", String.valueOf(record.platform()))
          .register(registry)
          .increment();
    }
    if (record.failed() || record.clientError()) {
      Counter.builder(ERRORS)
          .description("Failed invocations by error type; kind says whose: client (4xx) or server")
          .tag("function", String.valueOf(record.function()))
          .tag("kind", record.clientError() ? "client" : "server")
          .tag(
              "error_type",
              record.errorType() == null ? "http_" + record.statusCode() : record.errorType())
          .register(registry)
          .increment();
    }
  }

  private AtomicInteger regressionCount(String source) {
    return regressionCounts.computeIfAbsent(
        source,
        s -> {
          AtomicInteger count = new AtomicInteger();
          Gauge.builder(REGRESSIONS, count, AtomicInteger::get)
              .description("Regression causes found by the latest check of this source")
              .tag("source", s)
              .register(registry);
          return count;
        });
  }

  private static String metricLabel(String metric) {
    return Regression.P95.equals(metric) ? "p95" : metric;
  }

  private static String normalise(String state) {
    return state == null ? "" : state.toLowerCase(Locale.ROOT);
  }
}
