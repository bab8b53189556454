package org.dsm.orchestrator.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

/**
 * The CloudEvent path over HTTP answers a body it cannot use for what it is (too large: 413; not
 * JSON: 400 saying so), not as a CloudEvent "of type ''"; and a request whose body stops arriving
 * holds a Tomcat worker for the connection timeout only.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CloudEventEdgeHttpTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired WebServerApplicationContext context;

  @Test
  void aCloudEventOverTheBodyLimitIs413() throws Exception {
    // 16 times the limit, yet under Tomcat's maxSwallowSize (2 MB): Tomcat reads and drops the rest
    // of the body after the 413, so the client finishes sending and reads the answer. A body over
    // it is cut off mid-send, and the JDK client then reports the broken pipe, not the 413 (it did,
    // on a loaded machine, with 10 MB)
    byte[] huge = new byte[1024 * 1024];
    Arrays.fill(huge, (byte) ' ');
    byte[] head =
        "{\"specversion\":\"1.0\",\"type\":\"dev.knative.sources.ping\",\"id\":\"1\",\"x\":\""
            .getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, huge, 0, head.length);
    for (String mode : new String[] {"structured", "binary"}) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/"));
      if (mode.equals("binary")) {
        request
            .header("Ce-Specversion", "1.0")
            .header("Ce-Type", "dev.knative.sources.ping")
            .header("Ce-Id", "big-1")
            .header("Content-Type", "application/json");
      } else {
        request.header("Content-Type", "application/cloudevents+json");
      }
      HttpResponse<String> response =
          CLIENT.send(
              request.POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(),
              HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(mode).isEqualTo(413);
      assertThat(detail(response)).as(mode).isEqualTo("request body is larger than 65536 bytes");
    }
  }

  @Test
  void aStructuredCloudEventThatIsNotJsonSaysSo() throws Exception {
    for (String body :
        new String[] {
          "{\"specversion\":\"1.0\",\"type\":\"dev.knative.sources.ping\"",
          "{\"specversion\":\"1.0\",\"type\":\"dev.knative.sources.ping\",\"id\":\"1\"}x",
          "not json"
        }) {
      HttpResponse<String> response = structured(body);

      assertThat(response.statusCode()).as(body).isEqualTo(400);
      assertThat(detail(response))
          .as(body)
          .isEqualTo("unsupported event: the structured CloudEvent is not valid JSON");
    }
    HttpResponse<String> array = structured("[1]");
    assertThat(array.statusCode()).isEqualTo(400);
    assertThat(detail(array))
        .isEqualTo("unsupported event: the structured CloudEvent is not a JSON object");
  }

  /**
   * A media type is case-insensitive (RFC 9110 §8.3.1): a sender's capitals do not hide the event.
   */
  @Test
  void aStructuredContentTypeIsMatchedWithoutRegardToCase() throws Exception {
    for (String type :
        new String[] {
          "Application/CloudEvents+JSON", "APPLICATION/CLOUDEVENTS+JSON; charset=UTF-8"
        }) {
      HttpResponse<String> response = structured("not json", type);

      assertThat(response.statusCode()).as(type).isEqualTo(400);
      assertThat(detail(response))
          .as(type)
          .isEqualTo("unsupported event: the structured CloudEvent is not valid JSON");
    }
  }

  /**
   * Content-Length promises more than is sent: Tomcat's read times out after its connection timeout
   * (15 s, configured; Tomcat's own default is 60 s) and the worker is freed.
   */
  @Test
  void aStalledBodyIsGivenUpAfterTheConnectionTimeout() throws Exception {
    var connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
    assertThat(connector.getProperty("connectionTimeout")).isEqualTo(15_000);
    assertThat(connector.getProperty("keepAliveTimeout")).isEqualTo(60_000);

    long start = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(40_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /orchestrate/project/TEST-001 HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"options\":")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = statusOrClose(socket.getInputStream());
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;

      assertThat(seconds).as("seconds until the stalled request was let go").isBetween(14L, 20L);
      assertThat(answer).as(answer).doesNotStartWith("HTTP/1.1 2");
    }
  }

  private HttpResponse<String> structured(String body) throws Exception {
    return structured(body, "application/cloudevents+json");
  }

  private HttpResponse<String> structured(String body, String contentType) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(base() + "/"))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String detail(HttpResponse<String> response) {
    return Json.mapper().readTree(response.body()).path("detail").asText();
  }

  /** The response's status line, or what came before the server closed the connection. */
  private static String statusOrClose(InputStream in) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    try {
      for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
        all.write(b);
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer and no close within 40 s", e);
    } catch (java.net.SocketException e) {
      // reset by the server: it gave up on the request, which is what is tested
    }
    return all.toString(StandardCharsets.UTF_8);
  }

  private String base() {
    return "http://127.0.0.1:" + port;
  }
}
