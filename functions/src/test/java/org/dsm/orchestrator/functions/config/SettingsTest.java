package org.dsm.orchestrator.functions.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.mock.env.MockEnvironment;

class SettingsTest {
  @Test
  void aBadChoiceNamesTheVariableAndTheAcceptedValues() {
    Settings settings = new Settings(new MockEnvironment().withProperty("METRICS_STORE", "Redis"));

    assertThatThrownBy(
            () -> settings.choice("METRICS_STORE", "memory", Set.of("memory", "dynamodb", "jdbc")))
        .hasMessage("METRICS_STORE must be one of [dynamodb, jdbc, memory], got 'Redis'");
  }

  @Test
  void numbersAreRangeCheckedAndDefaultsApplyWhenUnset() {
    Settings settings =
        new Settings(
            new MockEnvironment()
                .withProperty("BENCHMARK_ITERATIONS", "0")
                .withProperty("THRESHOLD_TOTAL_MS", "fast"));

    assertThatThrownBy(() -> settings.integer("BENCHMARK_ITERATIONS", 10, 1, 1000))
        .hasMessage("BENCHMARK_ITERATIONS must be between 1 and 1000, got 0");
    assertThatThrownBy(() -> settings.decimal("THRESHOLD_TOTAL_MS", 2000, 1, 600_000))
        .hasMessage("THRESHOLD_TOTAL_MS must be a number, got 'fast'");
    assertThat(settings.integer("METRICS_RETENTION_DAYS", 30, 1, 3650)).isEqualTo(30);
    assertThat(settings.bool("METRICS_EMF", false)).isFalse();
  }

  @Test
  void theApplicationRefusesToStartWithAnUnknownMetricsStore() {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(FunctionsApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties(Map.of("METRICS_STORE", "bogus"))
                    .run()
                    .close())
        .rootCause()
        .hasMessageContaining("METRICS_STORE must be one of [dynamodb, jdbc, memory], got 'bogus'");
  }

  @Test
  void aClientSuppliedRequestIdIsUsedOnlyWhenItLooksLikeAnId() {
    assertThat(Platform.context("local", "http", "abc-123").invocationId()).isEqualTo("abc-123");
    assertThat(Platform.context("local", "http", "x".repeat(129)).invocationId()).hasSize(36);
    assertThat(Platform.context("local", "http", "<script>").invocationId()).hasSize(36);
    assertThat(Platform.context("local", "http", null).invocationId()).hasSize(36);
  }

  @Test
  void thePlatformIsExplicitOrDetected() {
    assertThat(Platform.detect(Map.of("APP_PLATFORM", "Knative"))).isEqualTo("knative");
    assertThat(Platform.detect(Map.of("AWS_LAMBDA_FUNCTION_NAME", "orchestrate")))
        .isEqualTo("lambda");
    assertThat(Platform.detect(Map.of("K_SERVICE", "orchestrate"))).isEqualTo("knative");
    assertThat(Platform.detect(Map.of())).isEqualTo("local");
    assertThatThrownBy(() -> Platform.detect(Map.of("APP_PLATFORM", "azure")))
        .hasMessageContaining("APP_PLATFORM");
  }
}
