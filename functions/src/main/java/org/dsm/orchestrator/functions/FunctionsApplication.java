package org.dsm.orchestrator.functions;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportSelector;
import org.springframework.core.type.AnnotationMetadata;

/**
 * The application. {@link #main} is the HTTP start (Knative, local); on Lambda, FunctionInvoker
 * starts the context from this class without the web server and without {@link #main}.
 *
 * <p>No component scan: {@link Components} names the configuration classes, which the Lambda start
 * (no AOT there) would otherwise find by reading every class file under this package.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(FunctionsApplication.Components.class)
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

  /**
   * The app's configuration and web classes, by name so that none is loaded before its conditions
   * are read (the web ones never are on Lambda). A class missing here is a bean missing in every
   * test.
   */
  static final class Components implements ImportSelector {
    @Override
    public String[] selectImports(AnnotationMetadata metadata) {
      String base = "org.dsm.orchestrator.functions.";
      return new String[] {
        base + "config.CoreConfiguration",
        base + "lambda.LambdaFunctions",
        base + "lambda.PrimingConfiguration",
        base + "lambda.CredentialsRefreshHook$Registration",
        base + "observability.MetricsExportConfiguration",
        base + "observability.MetricsScrapeController",
        base + "observability.AsyncConsoleLogging",
        base + "http.HttpApiController",
        base + "http.ApiServletRegistration",
        base + "http.JsonErrorPages",
        base + "http.TomcatPaths",
        base + "http.RequestStart",
        base + "http.JwtSecurity",
      };
    }
  }
}
