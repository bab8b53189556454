package org.dsm.orchestrator.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A request Tomcat refuses before any servlet runs gets the same error shape as the API's own
 * errors: {@code Content-Type: application/json} (API.md: every error), a JSON {@code detail}. On
 * Lambda the same paths reach the API (API Gateway delivers them decoded) and are answered with it.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TomcatRejectionsHttpTest {
  @LocalServerPort int port;

  @Test
  void answersWithTheApisErrorContentType() throws Exception {
    for (String path :
        List.of(
            "/orchestrate/project/TEST%5C001",
            "/orchestrate/project/TEST%00",
            "/orchestrate/project/TEST%2F001",
            "/orchestrate/project/TEST%G1")) {
      String raw =
          send(
              "POST "
                  + path
                  + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                  + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
      String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
      String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);

      assertThat(head).as(path).startsWith("HTTP/1.1 400");
      assertThat(head.lines().filter(l -> l.regionMatches(true, 0, "Content-Type:", 0, 13)))
          .as(path)
          .containsExactly("Content-Type: application/json");
      assertThat(Json.mapper().readTree(body).path("detail").asText()).as(path).isNotBlank();
    }
  }

  private String send(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
