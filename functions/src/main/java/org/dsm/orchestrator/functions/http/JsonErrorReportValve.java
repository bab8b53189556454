package org.dsm.orchestrator.functions.http;

import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.dsm.orchestrator.core.json.Json;

/**
 * Answers the requests Tomcat rejects itself, before any servlet runs (a {@code %00} or a broken
 * escape in the path, a malformed request line, oversized headers), with our JSON {@code {"detail":
 * ...}} instead of Tomcat's HTML error page, which names the server and is no JSON (found by the
 * edge fuzz test).
 */
public class JsonErrorReportValve extends ErrorReportValve {

  public JsonErrorReportValve() {
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    try {
      // the API's errors' exact type: a set character encoding would add ";charset=UTF-8" (the
      // details are ASCII, the same bytes in any encoding the writer uses)
      response.setContentType("application/json");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(Json.write(Map.of("detail", detail(status))));
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client went away or the response was already committed: nothing left to tell it
    }
  }

  public static String detail(int status) {
    return switch (status) {
      case 400 -> "Bad request: malformed request line, path or headers";
      case 404 -> "Not found: no endpoint at this path";
      case 405 -> "Method not allowed";
      case 408 -> "Request timeout";
      case 413 -> "Request too large";
      case 414 -> "Request URI too long";
      case 431 -> "Request headers too large";
      case 501 -> "Not implemented";
      case 505 -> "HTTP version not supported";
      default -> status >= 500 ? "Internal error" : "Request rejected";
    };
  }
}
