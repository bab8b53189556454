package org.dsm.orchestrator.functions;

import java.util.function.UnaryOperator;
import org.dsm.orchestrator.functions.config.EnvironmentVariables;
import org.dsm.orchestrator.functions.http.JwtSecurity;
import org.springframework.aot.AotDetector;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Spring AOT on the HTTP path only (Knative, local). The build runs {@code process-aot}, which
 * evaluates the configuration once, for a servlet web application without the JWT check, and
 * generates code that registers the resulting beans directly (no class scanning, no condition
 * evaluation, no configuration parsing at start). Spring uses that code only with {@code
 * spring.aot.enabled=true}: {@link #enableIfItFits} sets it in {@link FunctionsApplication#main}
 * and {@link AotTraining} when the environment matches what the build froze. Lambda never does:
 * FunctionInvoker starts the context itself, without the web server, so it keeps the ordinary
 * start.
 *
 * <p>Everything else the deployment varies at run time (store, scheduler, Redis stream, metrics
 * export, data source) is chosen inside {@code @Bean} methods, which AOT leaves to run time; only
 * {@code @Conditional}s are frozen. {@link #check} fails the start if a frozen decision does not
 * fit after all (e.g. {@code -Dspring.aot.enabled=true} forced with AUTH_JWT_ISSUER set), so the
 * JWT check can never silently go missing.
 */
public final class SpringAot {
  static final String INITIALIZER =
      FunctionsApplication.class.getName() + "__ApplicationContextInitializer";

  /** Set by Spring while process-aot runs the application's main method. */
  private static final String AOT_PROCESSING = "spring.aot.processing";

  private SpringAot() {}

  /**
   * Sets {@code spring.aot.enabled=true} when it is not set either way, the build generated the
   * code and the environment fits it; answers whether the generated code will be used.
   */
  static boolean enableIfItFits(String[] args) {
    // process-aot itself runs main: never on its own output
    if (System.getProperty(AotDetector.AOT_ENABLED) == null
        && !Boolean.getBoolean(AOT_PROCESSING)
        && generated()
        && misfit(name -> property(args, name)) == null) {
      System.setProperty(AotDetector.AOT_ENABLED, "true");
    }
    return AotDetector.useGeneratedArtifacts();
  }

  /**
   * Why the AOT-processed context cannot serve an environment, or null when it can.
   *
   * @param property a setting by name (a command-line argument, system property or variable)
   */
  static String misfit(UnaryOperator<String> property) {
    String issuer = property.apply(EnvironmentVariables.AUTH_JWT_ISSUER);
    if (issuer != null && !issuer.isBlank()) {
      return EnvironmentVariables.AUTH_JWT_ISSUER
          + " is set, and the AOT-processed context was built without the JWT check";
    }
    return null;
  }

  static boolean generated() {
    return ClassUtils.isPresent(INITIALIZER, SpringAot.class.getClassLoader());
  }

  /**
   * Run once the context's beans exist: the frozen decisions must match this environment. With AOT
   * off they always do (the conditions were just evaluated), so this only ever fails a start that
   * uses the generated code where it does not fit.
   */
  static void check(ApplicationContext context) {
    if (!AotDetector.useGeneratedArtifacts()) {
      return;
    }
    boolean jwt = context.getBeanNamesForType(JwtSecurity.class, false, false).length > 0;
    String misfit = misfit(context.getEnvironment()::getProperty);
    if (!(context instanceof WebServerApplicationContext) || (misfit != null) != jwt) {
      throw new IllegalStateException(
          "spring.aot.enabled=true, but the AOT-processed context (a web application, JWT check "
              + (jwt ? "on" : "off")
              + ") does not fit this start"
              + (misfit != null ? ": " + misfit : "")
              + ". Start without -Dspring.aot.enabled=true.");
    }
  }

  /** {@code --name=value} from the arguments, else the system property, else the variable. */
  private static String property(String[] args, String name) {
    for (String arg : args) {
      if (arg.startsWith("--" + name + "=")) {
        return arg.substring(name.length() + 3);
      }
    }
    String value = System.getProperty(name);
    return value != null ? value : System.getenv(name);
  }
}
