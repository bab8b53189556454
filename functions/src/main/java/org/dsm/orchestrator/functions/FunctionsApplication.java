package org.dsm.orchestrator.functions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * The application. {@link #main} is the HTTP start (Knative, local); on Lambda, FunctionInvoker
 * starts the context from this class without the web server and without {@link #main}.
 */
@SpringBootApplication
public class FunctionsApplication {
  public static void main(String[] args) {
    http(args).run(args);
  }

  /** The HTTP start, with the build's Spring AOT code when it fits ({@link SpringAot}). */
  static SpringApplication http(String[] args) {
    SpringAot.enableIfItFits(args);
    SpringApplication application = new SpringApplication(FunctionsApplication.class);
    // Spring looks the AOT code up by this class's name: AotTraining's main must not stand in
    application.setMainApplicationClass(FunctionsApplication.class);
    return application;
  }

  /** Fails a start whose AOT-processed context does not fit the environment. */
  @Bean
  static SpringAotCheck springAotCheck(ApplicationContext context) {
    SpringAot.check(context);
    return new SpringAotCheck();
  }

  /** The marker bean of {@link SpringAot#check}. */
  static final class SpringAotCheck {}
}
