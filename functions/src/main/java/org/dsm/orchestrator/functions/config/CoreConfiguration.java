package org.dsm.orchestrator.functions.config;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsm.orchestrator.core.Core;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.data.http.HttpDsmClient;
import org.dsm.orchestrator.core.data.http.HttpDsmConfig;
import org.dsm.orchestrator.core.idempotency.IdempotencyGuard;
import org.dsm.orchestrator.core.idempotency.InMemoryIdempotencyStore;
import org.dsm.orchestrator.core.invocation.InvocationMetering;
import org.dsm.orchestrator.core.invocation.Monitoring;
import org.dsm.orchestrator.core.metrics.BufferedMetricsRecorder;
import org.dsm.orchestrator.core.metrics.EmfMetricsRecorder;
import org.dsm.orchestrator.core.metrics.EmfRegressionSink;
import org.dsm.orchestrator.core.metrics.InMemoryMetricsStore;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.metrics.StoreMaintenance;
import org.dsm.orchestrator.core.metrics.SynchronousMetricsRecorder;
import org.dsm.orchestrator.core.metrics.UnwrittenRecords;
import org.dsm.orchestrator.core.monitor.MonotonicClock;
import org.dsm.orchestrator.core.monitor.PerformanceMonitor;
import org.dsm.orchestrator.core.monitor.ProcessResourceMonitor;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.orchestration.BenchmarkService;
import org.dsm.orchestrator.core.pattern.IntelligenceConfig;
import org.dsm.orchestrator.core.port.CircuitHints;
import org.dsm.orchestrator.core.port.DailyScrumSchedules;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.IdempotencyStore;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.core.port.RegressionSink;
import org.dsm.orchestrator.core.port.ResourceMonitor;
import org.dsm.orchestrator.core.regression.RegressionConfig;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.functions.api.UseCases;
import org.dsm.orchestrator.functions.benchmark.ScheduledBenchmark;
import org.dsm.orchestrator.functions.events.RedisDecisionRecords;
import org.dsm.orchestrator.functions.lambda.AfterResponseRecorder;
import org.dsm.orchestrator.functions.observability.ObservabilityHooks;
import org.dsm.orchestrator.functions.schedule.DailyScrumEvents;
import org.dsm.orchestrator.functions.schedule.DailyScrumTrigger;
import org.dsm.orchestrator.store.dynamodb.DynamoDbCircuitHints;
import org.dsm.orchestrator.store.dynamodb.DynamoDbIdempotencyStore;
import org.dsm.orchestrator.store.dynamodb.DynamoDbMetricsStore;
import org.dsm.orchestrator.store.jdbc.JdbcCircuitHints;
import org.dsm.orchestrator.store.jdbc.JdbcIdempotencyStore;
import org.dsm.orchestrator.store.jdbc.JdbcMetricsStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.context.WebApplicationContext;

/** Builds the framework-free core from the environment contract ({@link EnvironmentVariables}). */
@Configuration(proxyBeanMethods = false)
public class CoreConfiguration {
  static final String APP_VERSION = "1.0.0";

  @Bean
  public Settings settings(Environment environment) {
    return new Settings(environment);
  }

  /** lambda | knative | local, from APP_PLATFORM or the platform's own variables. */
  @Bean
  public PlatformName platformName(Settings settings, ApplicationContext context) {
    String explicit = settings.text(EnvironmentVariables.PLATFORM, null);
    var env = new java.util.HashMap<>(System.getenv());
    if (explicit != null) {
      env.put(EnvironmentVariables.PLATFORM, explicit);
    }
    String detected = Platform.detect(env);
    // Under FunctionInvoker there is no web context: that is Lambda even where AWS_* variables are
    // absent (tests).
    if (!(context instanceof WebApplicationContext) && explicit == null) {
      detected = Platform.LAMBDA;
    }
    return new PlatformName(detected);
  }

  @Bean
  public ThresholdConfig thresholds(Settings s) {
    ThresholdConfig d = ThresholdConfig.DEFAULTS;
    return new ThresholdConfig(
        s.decimal(EnvironmentVariables.THRESHOLD_TOTAL_MS, d.totalMs(), 1, 600_000),
        s.decimal(EnvironmentVariables.THRESHOLD_PATTERN_MS, d.patternAnalysisMs(), 1, 600_000),
        s.decimal(EnvironmentVariables.THRESHOLD_MEMORY_MB, d.memoryIncreaseMb(), 1, 1_000_000),
        s.decimal(EnvironmentVariables.THRESHOLD_SUCCESS_RATE, d.successRatePercent(), 0, 100));
  }

  /**
   * Closed after both stores (they depend on it), so the buffered recorder's last flush still has
   * it.
   */
  @Bean(destroyMethod = "close")
  public StoreConnection storeConnection(Settings s, PlatformName platform) {
    return StoreConnection.open(s, platform.value());
  }

  @Bean(destroyMethod = "close")
  public MetricsStore metricsStore(StoreConnection connection, Settings s) {
    // one retention for every store: DynamoDB TTL, PostgreSQL sweeps, the in-memory ring
    StoreMaintenance retention =
        new StoreMaintenance(
            Duration.ofDays(s.integer(EnvironmentVariables.METRICS_RETENTION_DAYS, 30, 1, 3650)),
            Clock.systemUTC());
    return switch (connection.kind()) {
      case StoreConnection.DYNAMODB -> {
        DynamoDbMetricsStore dynamo =
            new DynamoDbMetricsStore(connection.dynamo(), connection.table(), retention);
        if (StoreConnection.emulated(s)) {
          dynamo.createTableIfMissing(); // local emulator only; on AWS the template owns the table
        }
        yield dynamo;
      }
      case StoreConnection.JDBC -> new JdbcMetricsStore(connection.jdbc(), retention);
      default -> new InMemoryMetricsStore(retention);
    };
  }

  /** Records the store could not take: shown in EMF lines, the report's history and /health. */
  @Bean
  public UnwrittenRecords unwrittenRecords() {
    return new UnwrittenRecords();
  }

  /**
   * Lambda writes before the handler returns (a frozen sandbox would strand a buffer); HTTP buffers
   * off the response path and flushes on shutdown.
   */
  @Bean(destroyMethod = "close")
  public MetricsRecorder metricsRecorder(
      MetricsStore store,
      Settings s,
      PlatformName platform,
      ObjectProvider<ObservabilityHooks> exporter,
      UnwrittenRecords unwritten) {
    MetricsRecorder storeRecorder =
        platform.value().equals(Platform.LAMBDA)
            ? new SynchronousMetricsRecorder(store, unwritten)
            : new BufferedMetricsRecorder(store, unwritten);
    List<MetricsRecorder> followers = new ArrayList<>();
    if (s.bool(EnvironmentVariables.METRICS_EMF, false)) {
      followers.add(new EmfMetricsRecorder(unwritten)); // after the store: sees this record's fate
    }
    // web mode only: the metrics registry counts invocations, cold starts and errors by type
    exporter.ifAvailable(hooks -> followers.add(hooks.invocations()));
    // the Lambda handler writes an invocation's own record once its response is serialised; the
    // EMF line follows the store write and carries its duration
    return new AfterResponseRecorder(storeRecorder, followers);
  }

  /**
   * The core, built once ({@link Core#builder()}) from the beans above. Web mode only: the metrics
   * registry's component histograms are fed by the monitor's own timings.
   */
  @Bean
  public Core core(
      DsmPorts ports,
      MetricsStore store,
      UnwrittenRecords unwritten,
      MetricsRecorder recorder,
      ResourceMonitor resources,
      ThresholdConfig thresholds,
      IntelligenceConfig intelligence,
      RegressionConfig regressionConfig,
      ObjectProvider<RegressionSink> regressionSinks,
      ObjectProvider<ObservabilityHooks> exporter,
      ExecutorService coreExecutor,
      Settings settings) {
    PerformanceMonitor monitor = new PerformanceMonitor(MonotonicClock.SYSTEM);
    exporter.ifAvailable(hooks -> monitor.listen(hooks.operations()));
    return Core.builder()
        .ports(ports)
        .store(store)
        .unwritten(unwritten)
        .recorder(recorder)
        .performanceMonitor(monitor)
        .resources(resources)
        .executor(historyReads(embeddedData(settings), coreExecutor))
        .thresholds(thresholds)
        .intelligence(intelligence)
        .regression(regressionConfig, every(regressionSinks))
        .appVersion(APP_VERSION)
        .build();
  }

  @Bean
  public Monitoring monitoring(Core core) {
    return core.monitoring();
  }

  @Bean
  public InvocationMetering invocationMetering(Core core) {
    return core.metering();
  }

  /**
   * Started here, so OSHI initialises on its sampler thread during start-up, never on a request's
   * path.
   */
  @Bean(destroyMethod = "close")
  public ProcessResourceMonitor resourceMonitor() {
    return new ProcessResourceMonitor().start();
  }

  /**
   * The {@code intelligence} block: each key from the property {@code intelligence.<key>} or the
   * variable {@code INTELLIGENCE_<KEY>} (e.g. INTELLIGENCE_SIMILARITY_THRESHOLD=0.6); a bad value
   * stops the start.
   */
  @Bean
  public IntelligenceConfig intelligenceConfig(Environment environment) {
    Map<String, String> values = new HashMap<>();
    for (String key : IntelligenceConfig.KEYS) {
      String value = environment.getProperty("intelligence." + key);
      if (value != null) {
        values.put(key, value);
      }
    }
    try {
      return IntelligenceConfig.fromProperties(values);
    } catch (RuntimeException e) {
      throw new IllegalStateException("intelligence configuration: " + e.getMessage(), e);
    }
  }

  /**
   * DSM_SCHEDULER: memory (default), kubernetes (CronJobs) or aws (EventBridge Scheduler). Closed
   * with the context (Spring infers close() on the adapters).
   */
  @Bean
  public DailyScrumSchedules dailyScrumSchedules(Settings s) {
    return Schedulers.create(s);
  }

  /**
   * Open circuits shared through the metrics store, so a fresh instance skips a dependency another
   * instance already found dead (in memory: nothing to share).
   */
  @Bean
  public CircuitHints circuitHints(StoreConnection connection) {
    return switch (connection.kind()) {
      case StoreConnection.DYNAMODB ->
          new DynamoDbCircuitHints(connection.dynamo(), connection.table());
      case StoreConnection.JDBC -> new JdbcCircuitHints(connection.jdbc());
      default -> CircuitHints.NONE;
    };
  }

  /**
   * The orchestration event stream, only when REDIS_HOST is set: each orchestration that acts over
   * the http data source appends its decision record there. Without it the method returns null (no
   * bean). Decided here at run time, not by a {@code @Conditional}: the build's Spring AOT
   * processing would freeze a condition to the build machine's environment.
   */
  @Bean(destroyMethod = "close")
  public RedisDecisionRecords redisDecisionRecords(Settings s) {
    String host = s.text(EnvironmentVariables.REDIS_HOST, null);
    if (host == null) {
      return null;
    }
    return new RedisDecisionRecords(
        host,
        s.integer(EnvironmentVariables.REDIS_PORT, RedisDecisionRecords.DEFAULT_PORT, 1, 65_535),
        s.text(EnvironmentVariables.REDIS_STREAM_NAME, RedisDecisionRecords.DEFAULT_STREAM),
        s.integer(
            EnvironmentVariables.REDIS_STREAM_MAX_LENGTH,
            RedisDecisionRecords.DEFAULT_MAX_LENGTH,
            1,
            Integer.MAX_VALUE),
        Duration.ofMillis(
            s.integer(
                EnvironmentVariables.HTTP_TIMEOUT_MS,
                (int) HttpDsmConfig.DEFAULT_TIMEOUT.toMillis(),
                1,
                600_000)));
  }

  /**
   * Where the four Chronicle reads of an orchestration or report run. From the DSM services they
   * are network calls and overlap on the pool. The embedded source answers from memory in
   * microseconds, so its reads run on the caller: each hand-off to the pool is a thread wake-up for
   * no overlap. On JDK 25, the Knative image's JDK, the four hand-offs cost about a quarter of an
   * HTTP request's CPU at 64 connections; under the Lambda runtime client about 0.1 ms of the warm
   * round trip (docs/results/BENCHMARKS-changes.md).
   */
  static Executor historyReads(boolean embeddedData, ExecutorService pool) {
    return embeddedData ? Runnable::run : pool;
  }

  /** DSM_DATA_SOURCE: the embedded demo data (the default) rather than the DSM services. */
  public static boolean embeddedData(Settings s) {
    return s.choice(EnvironmentVariables.DATA_SOURCE, "embedded", Set.of("embedded", "http"))
        .equals("embedded");
  }

  @Bean
  public DsmPorts dsmPorts(
      Settings s,
      IntelligenceConfig intelligence,
      DailyScrumSchedules schedules,
      CircuitHints hints,
      ObjectProvider<RedisDecisionRecords> eventStream) {
    if (embeddedData(s)) {
      if (!schedules.kind().equals(Schedulers.MEMORY)) {
        // the demo data keeps its own schedules, seeded to match its projects
        throw new IllegalStateException(
            EnvironmentVariables.SCHEDULER
                + "="
                + schedules.kind()
                + " needs "
                + EnvironmentVariables.DATA_SOURCE
                + "=http; the embedded demo keeps its schedules in memory");
      }
      if (eventStream.getIfAvailable() != null) {
        org.slf4j.LoggerFactory.getLogger(CoreConfiguration.class)
            .warn(
                "{} is ignored with {}=embedded: the demo data records no decisions",
                EnvironmentVariables.REDIS_HOST,
                EnvironmentVariables.DATA_SOURCE);
      }
      return EmbeddedDsm.create().ports();
    }
    // Chronicle's historical-project list is cached for intelligence.cache_ttl_minutes
    DsmPorts ports =
        new HttpDsmClient(
                DsmServiceSettings.read(s, Duration.ofMinutes(intelligence.cacheTtlMinutes())),
                schedules,
                hints)
            .ports();
    RedisDecisionRecords stream = eventStream.getIfAvailable();
    return stream == null ? ports : ports.withRecords(stream);
  }

  /**
   * Bounded pool for the parallel DSM/Chronicle reads; daemon threads so it never holds the JVM
   * open. Hand-off, no queue: a task submitted while all threads are busy runs on the submitting
   * thread. With a queue, 8 concurrent orchestrations each holding a pool thread while waiting on
   * their own Chronicle sub-reads queued behind them deadlocked the instance for good (found by the
   * concurrency and load tests).
   */
  @Bean(destroyMethod = "shutdownNow")
  public ExecutorService coreExecutor() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(
        8,
        8,
        30,
        TimeUnit.SECONDS,
        new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "dsm-fetch-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        },
        new ThreadPoolExecutor.CallerRunsPolicy());
  }

  @Bean
  public RegressionConfig regressionConfig(Settings s) {
    RegressionConfig d = RegressionConfig.DEFAULTS;
    return new RegressionConfig(
        s.decimal(EnvironmentVariables.REGRESSION_RELATIVE_MARGIN, d.relativeMargin(), 0, 100),
        s.decimal(EnvironmentVariables.REGRESSION_ABSOLUTE_MS, d.absoluteMs(), 0, 600_000),
        s.decimal(EnvironmentVariables.REGRESSION_ABSOLUTE_RATE, d.absoluteRate(), 0, 1),
        s.integer(EnvironmentVariables.REGRESSION_MIN_SAMPLES, (int) d.minSamples(), 1, 1_000_000));
  }

  /** Each regression check also prints an EMF line when EMF is on (an alarm can fire on it). */
  @Bean
  public RegressionSink emfRegressionSink(Settings s) {
    return s.bool(EnvironmentVariables.METRICS_EMF, false)
        ? new EmfRegressionSink()
        : RegressionSink.NONE;
  }

  /** Every sink bean (EMF; the metrics registry in web mode), each shielded from the others. */
  private static RegressionSink every(ObjectProvider<RegressionSink> sinks) {
    return (source, function, report) ->
        sinks
            .orderedStream()
            .forEach(
                sink -> {
                  try {
                    sink.publish(source, function, report);
                  } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(CoreConfiguration.class)
                        .warn("regression sink failed: {}", e.toString());
                  }
                });
  }

  @Bean
  public UseCases useCases(Core core) {
    return new CoreUseCases(
        core.orchestration(), core.reports(), core.ports().health(), core.history());
  }

  /**
   * Shared across instances when the metrics store is shared (same table / database), in memory
   * otherwise.
   */
  @Bean(destroyMethod = "close")
  public IdempotencyStore idempotencyStore(StoreConnection connection) {
    return switch (connection.kind()) {
      case StoreConnection.DYNAMODB ->
          new DynamoDbIdempotencyStore(connection.dynamo(), connection.table());
      case StoreConnection.JDBC -> new JdbcIdempotencyStore(connection.jdbc());
      default -> new InMemoryIdempotencyStore();
    };
  }

  @Bean
  public OrchestratorApi orchestratorApi(
      UseCases useCases, InvocationMetering metering, IdempotencyStore store, Settings s) {
    // with EMF on, each invocation's EMF line is its log line
    return new OrchestratorApi(
        useCases,
        metering,
        new IdempotencyGuard(store),
        !s.bool(EnvironmentVariables.METRICS_EMF, false));
  }

  @Bean
  public ScheduledBenchmark scheduledBenchmark(Core core, Settings s) {
    return new ScheduledBenchmark(
        core.benchmark(),
        ScheduledBenchmark.parseProjects(
            s.text(EnvironmentVariables.BENCHMARK_PROJECTS, "TEST-001")),
        s.integer(
            EnvironmentVariables.BENCHMARK_ITERATIONS, 10, 1, BenchmarkService.MAX_ITERATIONS),
        core.metering());
  }

  /**
   * The scheduled daily scrum (an event of the orchestrate function), deduplicated per sprint and
   * date through the same store as the API's Idempotency-Key.
   */
  @Bean
  public DailyScrumTrigger dailyScrumTrigger(Core core, IdempotencyStore store, Settings s) {
    return new DailyScrumTrigger(
        core.dailyScrum(),
        new DailyScrumEvents(Schedulers.timeZone(s), Clock.systemUTC()),
        new IdempotencyGuard(store),
        core.metering());
  }

  /** The platform this instance reports in its metrics. */
  public record PlatformName(String value) {}
}
