package org.dsm.orchestrator.functions.http;

import java.io.IOException;
import java.io.Writer;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.api.OrchestratorApi;

/**
 * Answers the requests Tomcat rejects itself, before any servlet runs (a {@code %00} or a broken
 * escape in the path, a malformed request line, oversized headers), with our JSON {@code {"detail":
 * ...}} instead of Tomcat's HTML error page, which names the server and is no JSON (found by the
 * edge fuzz test). A path it refuses gets the answer the API gives the same request on Lambda
 * ({@link OrchestratorApi#refusedPath}), where API Gateway delivers it.
 */
public class JsonErrorReportValve extends ErrorReportValve {
  /** Answers, and records, a request whose path Tomcat refused: (method, raw path, request id). */
  interface RefusedPaths {
    ApiResponse answer(String method, String rawPath, String requestId);
  }

  private final RefusedPaths refusedPaths;

  /** As Tomcat makes it by class name: answers refused paths without recording them. */
  public JsonErrorReportValve() {
    this((method, path, id) -> OrchestratorApi.refusedPath(method, path));
  }

  JsonErrorReportValve(RefusedPaths refusedPaths) {
    this.refusedPaths = refusedPaths;
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
    ApiResponse api =
        status == 400 && refusedPath(request.getRequestURI())
            ? refusedPaths.answer(
                request.getMethod(), request.getRequestURI(), request.getHeader("x-request-id"))
            : ApiResponse.error(status, detail(status));
    try {
      // as on Lambda, where the API answers the same request (Allow on a 405)
      response.setStatus(api.status());
      api.headers().forEach(response::setHeader);
      // the API's errors' exact type: a set character encoding would add ";charset=UTF-8" (the
      // details are ASCII, the same bytes in any encoding the writer uses)
      response.setContentType("application/json");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(api.body());
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException e) {
      // the client went away or the response was already committed: nothing left to tell it
    }
  }

  /**
   * A path Tomcat refuses to decode: a {@code %00} or a '%' without two hex digits (an encoded '/'
   * or '\' it passes through: {@link TomcatPaths}).
   */
  static boolean refusedPath(String uri) {
    if (uri == null) {
      return false;
    }
    for (int i = uri.indexOf('%'); i >= 0; i = uri.indexOf('%', i + 1)) {
      if (i + 2 >= uri.length()
          || !isHex(uri, i)
          || uri.charAt(i + 1) == '0' && uri.charAt(i + 2) == '0') {
        return true;
      }
    }
    return false;
  }

  private static boolean isHex(String uri, int percent) {
    return HexFormat.isHexDigit(uri.charAt(percent + 1))
        && HexFormat.isHexDigit(uri.charAt(percent + 2));
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
