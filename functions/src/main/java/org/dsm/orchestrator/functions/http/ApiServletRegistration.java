package org.dsm.orchestrator.functions.http;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The API's own paths ({@value #PATHS}) served by a plain servlet that calls {@link
 * HttpApiController#handle} directly: the same code and answers as the controller's catch-all
 * mapping, which keeps every other path (health, CloudEvents at "/", unknown paths, GET /metrics).
 * Spring MVC's dispatch (handler lookup, argument resolution, the web request and locale contexts,
 * the request-handled event) decided nothing here and took about a tenth of the app's CPU per
 * orchestration under wrk at 64 connections. The servlet filters (Spring Security's among them when
 * the JWT check is on) apply to both servlets alike. Methods neither servlet routes go to the
 * controller through {@link OtherMethods}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import(OtherMethods.class)
public class ApiServletRegistration {
  static final String PATHS = "/orchestrate/*";

  @Bean
  ServletRegistrationBean<HttpServlet> apiServlet(HttpApiController controller) {
    ServletRegistrationBean<HttpServlet> registration =
        new ServletRegistrationBean<>(new ApiServlet(controller), PATHS);
    registration.setName("orchestratorApi");
    registration.setLoadOnStartup(1);
    return registration;
  }

  /** Every method goes to the controller's routing, as through the catch-all mapping. */
  static final class ApiServlet extends HttpServlet {
    private final transient HttpApiController controller;

    ApiServlet(HttpApiController controller) {
      this.controller = controller;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      controller.handle(request, response);
    }
  }
}
