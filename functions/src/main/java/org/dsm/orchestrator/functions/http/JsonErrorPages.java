package org.dsm.orchestrator.functions.http;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Puts {@link JsonErrorReportValve} in place of Tomcat's HTML error report valve (the one Spring
 * Boot adds and the host's default). Runs after Boot's own customizer so its valve is the one
 * replaced.
 */
@Component
@ConditionalOnWebApplication
public class JsonErrorPages
    implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {
  /** Resolved per refused request: the controller exists once the context has started. */
  private final ObjectProvider<HttpApiController> controller;

  public JsonErrorPages(ObjectProvider<HttpApiController> controller) {
    this.controller = controller;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(
        context -> {
          if (context.getParent() instanceof StandardHost host) {
            host.setErrorReportValveClass(
                JsonErrorReportValve.class.getName()); // the host must not add its own
          }
          var pipeline = context.getParent().getPipeline();
          for (Valve valve : pipeline.getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof JsonErrorReportValve)) {
              pipeline.removeValve(valve);
            }
          }
          pipeline.addValve(
              new JsonErrorReportValve(
                  (method, path, id) -> {
                    HttpApiController api = controller.getIfAvailable();
                    return api == null
                        ? OrchestratorApi.refusedPath(method, path)
                        : api.refusedPath(method, path, id);
                  }));
        });
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}
