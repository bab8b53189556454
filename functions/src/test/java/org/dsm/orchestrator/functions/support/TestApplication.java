package org.dsm.orchestrator.functions.support;

import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.api.UseCases;
import org.springframework.boot.SpringApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/** The real application with the core's use cases replaced by {@link FakeUseCases} (MAIN_CLASS for FunctionInvoker). */
@Configuration(proxyBeanMethods = false)
@Import(FunctionsApplication.class)
public class TestApplication {
  @Bean
  @Primary
  public UseCases fakeUseCases() {
    return new FakeUseCases();
  }

  public static void main(String[] args) {
    SpringApplication.run(TestApplication.class, args);
  }
}
