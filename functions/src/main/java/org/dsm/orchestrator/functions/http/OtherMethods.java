package org.dsm.orchestrator.functions.http;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Requests of a method the catch-all mapping cannot name (TRACE, WebDAV's PROPFIND, any token) go
 * to {@link HttpApiController#handle} like every other request, so they are answered as on Lambda:
 * 405 with the route's own {@code Allow}, or 404 for an unknown path. Without this, Tomcat answered
 * TRACE itself (405, {@code Allow: OPTIONS} on the orchestrate route, where OPTIONS is a 405 too)
 * and Spring MVC any other method on {@code /health}, {@code /} or an unknown path (405 with an
 * {@code Allow} listing every method the mapping names, POST on {@code /health} among them).
 *
 * <p>Tomcat must let TRACE through to the filters for that ({@code allowTrace}); no servlet ever
 * sees it, since this filter answers it on every path, so nothing echoes a request back.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class OtherMethods implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
  /**
   * The methods left to the servlets, which route them to the controller. Not TRACE:
   * DispatcherServlet hands it to HttpServlet's doTrace, which echoes the request.
   */
  static final Set<String> MAPPED =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addConnectorCustomizers(connector -> connector.setAllowTrace(true));
  }

  /** After every other filter (the JWT check's among them), so such a request is checked alike. */
  @Bean
  FilterRegistrationBean<Filter> otherMethodsFilter(HttpApiController controller) {
    Filter filter =
        (request, response, chain) -> {
          if (request instanceof HttpServletRequest http
              && response instanceof HttpServletResponse out
              && !MAPPED.contains(http.getMethod())) {
            controller.handle(http, out);
          } else {
            chain.doFilter(request, response);
          }
        };
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
    registration.setName("otherMethods");
    registration.addUrlPatterns("/*");
    registration.setOrder(Ordered.LOWEST_PRECEDENCE);
    return registration;
  }
}
