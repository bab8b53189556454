package org.dsm.orchestrator.functions.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dsm.orchestrator.functions.lambda.LambdaHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * On Lambda (the real FunctionInvoker, fed an API Gateway event file) the start-up writes no
 * plain-text lines about looking for the start class, every line is JSON, and a request's line
 * carries the Lambda request id as its invocation id and the X-Ray trace root.
 */
@ExtendWith(OutputCaptureExtension.class)
class StructuredLogLambdaTest {
  @Test
  void startsWithoutManifestNoiseAndLogsTheLambdaRequestId(CapturedOutput output) throws Exception {
    String previous = System.getProperty("MAIN_CLASS");
    System.clearProperty("MAIN_CLASS"); // as on Lambda, where nothing sets it
    try {
      LambdaHandler handler = new LambdaHandler("performanceMetrics");
      Context lambda =
          (Context)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {Context.class},
                  (proxy, method, args) ->
                      switch (method.getName()) {
                        case "getAwsRequestId" -> "lambda-log-7";
                        case "getRemainingTimeInMillis" -> 30_000;
                        case "getMemoryLimitInMB" -> 1024;
                        default -> null;
                      });
      System.setProperty(
          "com.amazonaws.xray.traceHeader",
          "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
      handler.handleRequest(
          new ByteArrayInputStream(
              Files.readAllBytes(
                  Path.of("..", "events", "metrics-happy-path.json").toAbsolutePath())),
          new ByteArrayOutputStream(),
          lambda);
    } finally {
      System.clearProperty("com.amazonaws.xray.traceHeader");
      if (previous != null) {
        System.setProperty("MAIN_CLASS", previous);
      }
    }

    assertThat(output.getAll())
        .doesNotContain("Searching for start class")
        .doesNotContain("FunctionClassUtils");
    List<JsonNode> lines = StructuredLogHttpTest.jsonLines(output.getOut());
    assertThat(lines)
        .filteredOn(l -> "lambda-log-7".equals(l.path("invocation_id").asText()))
        .singleElement()
        .satisfies(
            line -> {
              assertThat(line.path("function").asText()).isEqualTo("performanceMetrics");
              assertThat(line.path("project_id").asText()).isEqualTo("TEST-001");
              assertThat(line.path("trace_id").asText())
                  .isEqualTo("1-5759e988-bd862e3fe1be46a994272793");
            });
  }

  /** Starts the handler the way the Lambda runtime does, in this fresh JVM. */
  public static final class Start {
    public static void main(String[] args) {
      new LambdaHandler("orchestrate");
    }
  }

  @Test
  void aFreshJvmStartLogsOnlyJsonLinesAndLoadsNoMetricsLibrary() throws Exception {
    // a fresh JVM: logging not yet configured by any earlier test, MAIN_CLASS unset, as on Lambda
    Path classes = Files.createTempFile("lambda-start-classes", ".log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + classes,
                "-cp",
                System.getProperty("java.class.path"),
                Start.class.getName())
            .redirectErrorStream(true)
            .start();
    String out =
        new String(
            process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();

    List<JsonNode> lines = StructuredLogHttpTest.jsonLines(out);
    assertThat(lines).isNotEmpty();
    assertThat(out).doesNotContain("Searching for start class");
    // the Prometheus/OTLP export is web-mode only: Lambda loads none of Micrometer's registry
    String loaded = Files.readString(classes);
    Files.deleteIfExists(classes);
    assertThat(loaded).contains("org.dsm.orchestrator.functions.lambda.LambdaHandler");
    assertThat(loaded)
        .doesNotContain("io.micrometer.core.instrument.")
        .doesNotContain("io.micrometer.prometheusmetrics.")
        .doesNotContain("io.micrometer.registry.otlp.")
        .doesNotContain("io.prometheus.");
  }
}
