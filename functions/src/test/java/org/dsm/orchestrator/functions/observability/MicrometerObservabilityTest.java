package org.dsm.orchestrator.functions.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.port.OperationListener;
import org.junit.jupiter.api.Test;

/**
 * Component timings on the real Prometheus registry, with the instance's common tag {@code
 * function="all"} as {@link MetricsExportConfiguration} sets it for a process serving both
 * functions: each timing lands in the series of its invocation's function (the meter's own tag wins
 * over the common tag of the same key), and a timing of no function keeps the instance's.
 */
class MicrometerObservabilityTest {
  private final PrometheusMeterRegistry registry = registry();
  private final MicrometerObservability observability = new MicrometerObservability(registry);

  private static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("application", "dsm-orchestrator", "function", "all");
    return registry;
  }

  @Test
  void eachTimingIsExportedUnderItsInvocationsFunction() {
    OperationListener listener = observability.operations();
    listener.recorded("orchestrate", Operations.FULL_PATTERN_ANALYSIS, 1_000_000, true);
    listener.recorded("performanceMetrics", Operations.FULL_PATTERN_ANALYSIS, 2_000_000, true);
    listener.recorded("orchestrateBenchmark", Operations.FULL_PATTERN_ANALYSIS, 3_000_000, true);
    listener.recorded("orchestrateBenchmark", Operations.FULL_PATTERN_ANALYSIS, 3_000_000, true);
    listener.recorded("orchestrateBenchmark", Operations.FULL_PATTERN_ANALYSIS, 3_000_000, false);
    listener.recorded(null, Operations.FULL_PATTERN_ANALYSIS, 4_000_000, true);

    List<String> counts = countLines(registry.scrape());

    assertThat(counts)
        .containsExactlyInAnyOrder(
            count("orchestrate", "success", 1),
            count("performanceMetrics", "success", 1),
            count("orchestrateBenchmark", "success", 2),
            count("orchestrateBenchmark", "failure", 1),
            count("all", "success", 1));
  }

  @Test
  void theHandlersTotalIsExportedUnderTheRecordsFunction() {
    observability.invocations().record(record("orchestrate", 200));
    observability.invocations().record(record("performanceMetrics", 200));
    observability.invocations().record(record("performanceMetrics", 500));

    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            "dsm_component_duration_seconds_count{application=\"dsm-orchestrator\","
                + "component=\"request_to_response\",function=\"orchestrate\",outcome=\"success\"} 1")
        .contains(
            "dsm_component_duration_seconds_count{application=\"dsm-orchestrator\","
                + "component=\"request_to_response\",function=\"performanceMetrics\","
                + "outcome=\"success\"} 1")
        .contains(
            "dsm_component_duration_seconds_count{application=\"dsm-orchestrator\","
                + "component=\"request_to_response\",function=\"performanceMetrics\","
                + "outcome=\"failure\"} 1")
        .doesNotContain("function=\"all\",outcome=");
  }

  @Test
  void otlpCarriesTheSameFunctionTag() {
    // the common tags are a registry-agnostic MeterFilter: the OTLP registry's meter ids show it
    Map<String, String> properties = Map.of("otlp.enabled", "false"); // nothing is pushed
    OtlpMeterRegistry otlp = new OtlpMeterRegistry(properties::get, Clock.SYSTEM);
    try {
      otlp.config().commonTags("function", "all");
      new MicrometerObservability(otlp)
          .operations()
          .recorded("orchestrateBenchmark", Operations.FULL_PATTERN_ANALYSIS, 1_000, true);

      assertThat(otlp.get(MicrometerObservability.COMPONENT_DURATION).timers())
          .singleElement()
          .satisfies(
              timer -> {
                assertThat(timer.getId().getTag("function")).isEqualTo("orchestrateBenchmark");
                assertThat(timer.count()).isEqualTo(1);
              });
    } finally {
      otlp.close();
    }
  }

  private static List<String> countLines(String scrape) {
    return scrape
        .lines()
        .filter(line -> line.startsWith("dsm_component_duration_seconds_count{"))
        .toList();
  }

  /** The scrape's _count line of full_pattern_analysis (labels in Prometheus' sorted order). */
  private static String count(String function, String outcome, int count) {
    return "dsm_component_duration_seconds_count{application=\"dsm-orchestrator\","
        + "component=\"full_pattern_analysis\",function=\""
        + function
        + "\",outcome=\""
        + outcome
        + "\"} "
        + count;
  }

  private static InvocationRecord record(String function, int status) {
    return new InvocationRecord(
        InvocationRecord.CURRENT_SCHEMA_VERSION,
        function,
        "id-" + function + "-" + status,
        "TEST-001",
        "local",
        "http",
        false,
        Instant.now(),
        12.0,
        Map.of(Operations.REQUEST_TO_RESPONSE, 12.0),
        status,
        status >= 500 ? "RuntimeException" : null,
        0.0,
        0.0,
        "test",
        null,
        null);
  }
}
