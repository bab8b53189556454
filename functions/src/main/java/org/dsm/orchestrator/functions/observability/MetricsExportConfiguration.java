package org.dsm.orchestrator.functions.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.registry.otlp.OtlpConfig;
import io.micrometer.registry.otlp.OtlpMeterRegistry;
import java.util.Map;
import java.util.Set;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.functions.config.EnvironmentVariables;
import org.dsm.orchestrator.functions.config.Settings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metrics registry, in web mode only (Knative, local): {@code METRICS_EXPORT} = {@code
 * prometheus} (default; scraped at GET /metrics), {@code otlp} (pushed to {@code OTLP_METRICS_URL}
 * every {@code OTLP_STEP}) or {@code none}. On Lambda this configuration is skipped before any of
 * its classes load: CloudWatch gets EMF lines instead, and a scrape endpoint on a frozen sandbox
 * would have nobody to answer.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class MetricsExportConfiguration {
  public static final String PROMETHEUS = "prometheus";
  public static final String OTLP = "otlp";
  public static final String NONE = "none";

  @Bean(destroyMethod = "close")
  public MeterRegistry meterRegistry(Settings s) {
    String export =
        s.choice(EnvironmentVariables.METRICS_EXPORT, PROMETHEUS, Set.of(PROMETHEUS, OTLP, NONE));
    MeterRegistry registry =
        switch (export) {
          case PROMETHEUS -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
          case OTLP -> otlp(s);
          default -> new SimpleMeterRegistry();
        };
    // the instance's function(s): the label of the gauges, which describe the instance; the timings
    // and counters tag their invocation's own function, and a meter's tag wins over a common one
    registry
        .config()
        .commonTags(
            "application",
            "dsm-orchestrator",
            "function",
            s.text(EnvironmentVariables.FUNCTION_DEFINITION, "all").replace(';', ','));
    return registry;
  }

  @Bean
  public MicrometerObservability micrometerObservability(MeterRegistry registry, DsmPorts ports) {
    MicrometerObservability observability = new MicrometerObservability(registry);
    observability.watch(ports.health());
    return observability;
  }

  private static MeterRegistry otlp(Settings s) {
    Map<String, String> properties =
        Map.of(
            "otlp.url",
            s.text(EnvironmentVariables.OTLP_METRICS_URL, "http://localhost:4318/v1/metrics"),
            "otlp.step",
            s.text(EnvironmentVariables.OTLP_STEP, "60s"));
    OtlpConfig config = properties::get;
    return new OtlpMeterRegistry(config, io.micrometer.core.instrument.Clock.SYSTEM);
  }
}
