package org.dsm.orchestrator.functions.http;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Lets an encoded '/' or '\' in a path reach the API still encoded, as on Lambda, where API Gateway
 * delivers the event and the API refuses the id (400 {@code project_id may contain only ...}).
 * Tomcat refused both itself (a 400 with its own detail, and on Lambda the same {@code a%2Fb} was a
 * 404). Nothing here reads a path as a file or splits it on '\': the API decodes the id segment
 * once and validates it. A {@code %00} or a broken escape Tomcat still refuses itself ({@link
 * JsonErrorReportValve} answers them with the API's words).
 */
@Component
@ConditionalOnWebApplication
public class TomcatPaths implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {
  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addConnectorCustomizers(
        connector -> {
          connector.setEncodedSolidusHandling("passthrough");
          connector.setEncodedReverseSolidusHandling("passthrough");
        });
  }
}
