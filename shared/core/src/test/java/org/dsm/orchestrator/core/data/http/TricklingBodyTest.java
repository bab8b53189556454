package org.dsm.orchestrator.core.data.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A service that sends its headers at once and then its body a byte at a time: the call's timeout
 * bounds the whole call, body included, so the worst cases the deadline checks count (each call its
 * timeout) hold. The body here is complete after 1.75 timeouts, which the earlier bound of twice
 * the timeout let through.
 */
class TricklingBodyTest {
  private static final Duration TIMEOUT = Duration.ofMillis(400);
  private static final int BODY_BYTES = 8;
  private static final long BODY_MILLIS = TIMEOUT.toMillis() * 7 / 4;

  private ServerSocket listener;
  private Thread acceptor;

  @BeforeEach
  void trickle() throws IOException {
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!listener.isClosed()) {
                try {
                  Socket socket = listener.accept();
                  Thread answer = new Thread(() -> answerSlowly(socket));
                  answer.setDaemon(true);
                  answer.start();
                } catch (IOException closed) {
                  return;
                }
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws IOException {
    listener.close();
  }

  @Test
  void aBodyStillArrivingWhenTheTimeoutEndsIsNoAnswer() {
    String url = "http://127.0.0.1:" + listener.getLocalPort();
    HttpDsmClient client = new HttpDsmClient(HttpDsmConfig.of(url, url, url, url, TIMEOUT));
    LocalDate today = LocalDate.of(2026, 12, 7);

    Throwable failure =
        catchThrowable(() -> client.load(ProjectId.of("TRICKLE-1"), today, today.plusWeeks(2)));

    assertThat(failure)
        .isInstanceOf(DependencyUnavailableException.class)
        .hasMessageContaining("no answer within " + TIMEOUT.toMillis() + " ms");
  }

  private static void answerSlowly(Socket socket) {
    try (socket) {
      BufferedReader request =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      for (String line = request.readLine(); line != null && !line.isEmpty(); ) {
        line = request.readLine();
      }
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                  + BODY_BYTES
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] body = "{\"a\":1 }".getBytes(StandardCharsets.US_ASCII);
      for (byte b : body) {
        Thread.sleep(BODY_MILLIS / BODY_BYTES);
        out.write(b);
        out.flush();
      }
    } catch (IOException | InterruptedException gone) {
      // the client gave up: what the test expects
    }
  }
}
