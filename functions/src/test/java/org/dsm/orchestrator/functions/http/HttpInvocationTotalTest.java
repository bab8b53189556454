package org.dsm.orchestrator.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Over HTTP an invocation's total runs from the moment Tomcat read the request's first byte, as on
 * Lambda from the handler's entry: a client that takes {@value #UPLOAD_PAUSE_MS} ms to send its
 * body waits that long, and so do the response's total and the stored record's, while the use
 * case's own total does not include it. The record is accepted before the answer leaves, so a flush
 * after the answer finds it.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpInvocationTotalTest {
  private static final long UPLOAD_PAUSE_MS = 600;

  @LocalServerPort int port;
  @Autowired MetricsStore store;
  @Autowired MetricsRecorder recorder;

  @Test
  void theTotalIncludesWhatHappensBeforeTheUseCase() throws Exception {
    Instant before = Instant.now();
    byte[] body = "{\"options\":{\"dry_run\":true}}".getBytes(StandardCharsets.UTF_8);
    String response;
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /orchestrate/project/TEST-001 HTTP/1.1\r\nHost: localhost\r\n"
                  + "Content-Type: application/json\r\nConnection: close\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(UPLOAD_PAUSE_MS); // the body is still on its way
      out.write(body);
      out.flush();
      response = readAll(socket.getInputStream());
    }
    assertThat(response).startsWith("HTTP/1.1 200");
    JsonNode json = Json.mapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    JsonNode invocation = json.path("invocation");
    double total = invocation.path("total_duration_ms").asDouble();
    double useCase = -1;
    for (JsonNode component : invocation.path("components")) {
      if (component.path("operation").asText().equals("total_orchestration")) {
        useCase = component.path("duration_ms").asDouble();
      }
    }
    // the server sees the pause from its first read of the request, which a loaded machine may
    // start late: half of it is a bound that holds, and the use case's own total holds none of it
    assertThat(useCase).isPositive();
    assertThat(total - useCase).isGreaterThanOrEqualTo(UPLOAD_PAUSE_MS / 2.0);

    recorder.flush();
    String id = invocation.path("invocation_id").asText();
    List<InvocationRecord> records =
        store
            .query(
                new MetricsStore.MetricsQuery(
                    "orchestrate",
                    "TEST-001",
                    before.minusSeconds(1),
                    Instant.now().plusSeconds(1),
                    100,
                    null))
            .records();
    InvocationRecord stored =
        records.stream().filter(r -> r.invocationId().equals(id)).findFirst().orElseThrow();
    assertThat(stored.totalDurationMs()).isGreaterThanOrEqualTo(total);
    assertThat(stored.componentDurationsMs()).containsKey("total_orchestration");
    assertThat(Duration.ofMillis((long) stored.totalDurationMs()))
        .isLessThan(Duration.ofSeconds(30));
  }

  private static String readAll(InputStream in) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    in.transferTo(bytes);
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
