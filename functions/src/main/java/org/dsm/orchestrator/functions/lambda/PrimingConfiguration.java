package org.dsm.orchestrator.functions.lambda;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.monitor.ResourceMonitor;
import org.dsm.orchestrator.core.monitor.ThresholdConfig;
import org.dsm.orchestrator.core.orchestration.DsmPorts;
import org.dsm.orchestrator.core.pattern.IntelligenceConfig;
import org.dsm.orchestrator.core.pattern.PatternEngine;
import org.dsm.orchestrator.functions.benchmark.ScheduledBenchmark;
import org.dsm.orchestrator.functions.config.CoreConfiguration.PlatformName;
import org.dsm.orchestrator.functions.config.EnvironmentVariables;
import org.dsm.orchestrator.functions.config.Settings;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Registers the SnapStart priming hook at start-up (every platform: only a CRaC/SnapStart JVM ever
 * calls it). The property {@code dsm.priming.on-start=true} runs the same pass once the app is
 * ready, on any JVM: that is how its effect on the first request is measured without a CRaC JVM
 * (scripts/bench/).
 */
@Configuration(proxyBeanMethods = false)
public class PrimingConfiguration {
  static final String APP_VERSION = "1.0.0";

  @Bean
  public PrimingHook primingHook(
      Settings s,
      PlatformName platform,
      DsmPorts ports,
      PatternEngine patternEngine,
      IntelligenceConfig intelligence,
      ThresholdConfig thresholds,
      ResourceMonitor resources,
      ExecutorService coreExecutor) {
    boolean embedded =
        s.choice(EnvironmentVariables.DATA_SOURCE, "embedded", Set.of("embedded", "http"))
            .equals("embedded");
    List<ProjectId> projects =
        ScheduledBenchmark.parseProjects(
            s.text(EnvironmentVariables.BENCHMARK_PROJECTS, "TEST-001"));
    ProjectId project = projects.isEmpty() ? ProjectId.of("TEST-001") : projects.get(0);
    return new PrimingHook(
            new Priming(
                project,
                embedded,
                platform.value(),
                ports,
                patternEngine,
                intelligence,
                thresholds,
                resources,
                coreExecutor,
                APP_VERSION))
        .register();
  }

  @Bean
  public ApplicationListener<ApplicationReadyEvent> primeOnStart(
      PrimingHook hook, Environment environment) {
    return event -> {
      if (Boolean.parseBoolean(environment.getProperty("dsm.priming.on-start", "false"))) {
        hook.prime();
      }
    };
  }
}
