package org.dsm.orchestrator.functions;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The training run of a JDK 25 AOT cache ({@code -XX:AOTCacheOutput}): starts the HTTP app on a
 * free port with the embedded demo data and the in-memory store, sends it real requests (dry-run
 * orchestrations and reports, as a warm instance serves them), then closes the context so the JVM
 * exits and writes the cache. A cache trained on context refresh alone misses every class and
 * profile the first request needs.
 *
 * <p>{@code java -XX:AOTCacheOutput=app.aot -cp app.jar org.dsm.orchestrator.functions.AotTraining
 * [requests]}; the image and {@code scripts/bench/aot-cache.sh} run exactly this.
 */
public final class AotTraining {

  private AotTraining() {}

  public static void main(String[] args) throws Exception {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    System.setProperty("server.port", "0");
    // the same start as FunctionsApplication.main, so the cache holds what the image's start loads
    try (ConfigurableApplicationContext context = FunctionsApplication.http(args).run()) {
      int port = ((WebServerApplicationContext) context).getWebServer().getPort();
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      URI orchestrate = URI.create("http://127.0.0.1:" + port + "/orchestrate/project/TEST-001");
      URI report =
          URI.create(
              "http://127.0.0.1:"
                  + port
                  + "/orchestrate/intelligence/performance/metrics/TEST-001");
      int failures = 0;
      for (int i = 0; i < requests; i++) {
        HttpRequest request =
            i % 10 == 9
                ? HttpRequest.newBuilder(report).GET().build()
                : HttpRequest.newBuilder(orchestrate)
                    .header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"options\":{\"dry_run\":true}}"))
                    .build();
        if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
          failures++;
        }
      }
      if (failures > 0) {
        // a cache trained on error paths would warm the wrong code: fail the image build
        throw new IllegalStateException(failures + " of " + requests + " training requests failed");
      }
    }
  }
}
