package org.dsm.orchestrator.functions.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The context FunctionInvoker starts on Lambda has no web server, and so no metrics registry, no
 * exporter hooks and no scrape controller: Lambda pays nothing for the Prometheus export. Its
 * console is written synchronously (no async appender).
 */
class NoMetricsRegistryOnLambdaTest {
  @Test
  void aNonWebContextCreatesNoneOfTheMetricsExport() {
    try (ConfigurableApplicationContext context =
        new SpringApplicationBuilder(FunctionsApplication.class)
            .web(WebApplicationType.NONE)
            .run("--spring.cloud.function.definition=performanceMetrics")) {
      assertThat(context.getBeanNamesForType(ObservabilityHooks.class)).isEmpty();
      assertThat(context.getBeanNamesForType(MetricsScrapeController.class)).isEmpty();
      assertThat(context.getBeanNamesForType(MetricsExportConfiguration.class)).isEmpty();
      assertThat(context.containsBean("meterRegistry")).isFalse();
      // a log line still queued when the handler returns could be frozen with the sandbox
      assertThat(context.getBeanNamesForType(AsyncConsoleLogging.class)).isEmpty();
    }
  }
}
