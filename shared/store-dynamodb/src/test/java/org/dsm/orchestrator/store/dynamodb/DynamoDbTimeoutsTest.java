package org.dsm.orchestrator.store.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.dsm.orchestrator.core.idempotency.IdempotencyKey;
import org.dsm.orchestrator.core.idempotency.IdempotencyStoreException;
import org.junit.jupiter.api.Test;

/**
 * DynamoDB (or the network to it) can take a request and not answer. The SDK's defaults have no
 * limit on a whole call (the HTTP clients' 30 s read timeout, then the retries), so a store call on
 * the request path could hold a request past API Gateway's 29 s. Every call is bounded instead: it
 * fails as the store's ordinary failure (here the idempotency check's 503) within {@link
 * DynamoDbConnection#API_CALL_TIMEOUT}.
 */
class DynamoDbTimeoutsTest {

  @Test
  void aCallDynamoDbNeverAnswersFailsWithinTheCallTimeout() throws Exception {
    assertThat(DynamoDbConnection.API_CALL_TIMEOUT).isLessThanOrEqualTo(Duration.ofSeconds(5));
    try (BlackHole blackHole = new BlackHole();
        DynamoDbIdempotencyStore store =
            DynamoDbIdempotencyStore.create(
                "metrics", "us-east-1", URI.create("http://127.0.0.1:" + blackHole.port()))) {
      Instant now = Instant.now();
      CompletableFuture<Throwable> claim =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  store.claim(
                      IdempotencyKey.unscoped("k-timeout"),
                      "fp",
                      "owner",
                      now,
                      now.plusSeconds(300));
                  return null;
                } catch (RuntimeException e) {
                  return e;
                }
              });

      // generous: six times the bound; without it a single attempt waited 30 s
      Throwable failure = claim.get(30, TimeUnit.SECONDS);

      assertThat(failure).isInstanceOf(IdempotencyStoreException.class);
      assertThat(blackHole.connections()).isPositive(); // the request did reach "DynamoDB"
    }
  }

  /** Accepts connections and reads requests, never answers. */
  private static final class BlackHole implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0);
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();

    BlackHole() throws IOException {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket socket = server.accept();
                    accepted.add(socket);
                    Thread reader = new Thread(() -> drain(socket), "black-hole-reader");
                    reader.setDaemon(true);
                    reader.start();
                  }
                } catch (IOException closed) {
                  // closed
                }
              },
              "black-hole");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    private static void drain(Socket socket) {
      try (InputStream in = socket.getInputStream()) {
        in.transferTo(OutputStreamNowhere.INSTANCE);
      } catch (IOException closed) {
        // closed
      }
    }

    int port() {
      return server.getLocalPort();
    }

    int connections() {
      return accepted.size();
    }

    @Override
    public void close() throws IOException {
      server.close();
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  private static final class OutputStreamNowhere extends java.io.OutputStream {
    static final OutputStreamNowhere INSTANCE = new OutputStreamNowhere();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
