package org.dsm.orchestrator.functions.http;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * When Tomcat began reading a request: the {@link System#nanoTime()} it takes as the first byte of
 * the request line arrives (what its access log's %D counts from; keep-alive idle time is not in
 * it). The invocation's total runs from there, as on Lambda from the handler's entry, so header
 * parsing, the body upload, filters (the JWT check) and the idempotency look-up are in it, not only
 * the use case. A valve copies it into a request attribute, since the servlet API does not expose
 * it.
 */
@Component
@ConditionalOnWebApplication
public class RequestStart implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
  static final String ATTRIBUTE = RequestStart.class.getName() + ".nanos";

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextValves(new Valve());
  }

  /** Tomcat's start of {@code request}, or now when no valve saw it (a test's mock request). */
  static long nanos(HttpServletRequest request) {
    return request.getAttribute(ATTRIBUTE) instanceof Long start ? start : System.nanoTime();
  }

  static final class Valve extends ValveBase {
    Valve() {
      super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
      long start = request.getCoyoteRequest().getStartTimeNanos();
      request.setAttribute(ATTRIBUTE, start != -1 ? start : System.nanoTime());
      getNext().invoke(request, response);
    }
  }
}
