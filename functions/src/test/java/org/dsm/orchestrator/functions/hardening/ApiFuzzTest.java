package org.dsm.orchestrator.functions.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.dsm.orchestrator.functions.api.ApiRequest;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.functions.config.Platform;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Property-based fuzzing of {@link OrchestratorApi} wired to the real core (embedded DSM data),
 * many tries: whatever the method, path, headers, body or base64 flag, the answer is never a 5xx,
 * always a JSON object, carries {@code detail} on a 4xx and names nothing of our internals.
 */
class ApiFuzzTest extends FuzzProviders {
  private static ConfigurableApplicationContext context;
  private static OrchestratorApi api;

  @BeforeContainer
  static void start() {
    context =
        new SpringApplicationBuilder(FunctionsApplication.class)
            .web(WebApplicationType.NONE)
            .properties("APP_PLATFORM=local")
            .run();
    api = context.getBean(OrchestratorApi.class);
  }

  @AfterContainer
  static void stop() {
    context.close();
  }

  @Property(tries = 1500)
  void anyRequestIsAnsweredWithoutInternals(
      @ForAll("methods") String method,
      @ForAll("paths") String path,
      @ForAll("headers") Map<String, String> headers,
      @ForAll("bodies") byte[] body,
      @ForAll boolean base64,
      @ForAll("windows") String window) {
    byte[] sent = base64 ? FuzzInputs.base64(body).getBytes(StandardCharsets.US_ASCII) : body;
    Map<String, String> query = window.isEmpty() ? Map.of() : Map.of("window", window);
    ApiResponse response = handle(new ApiRequest(method, path, query, headers, sent, base64));
    ResponseInvariants.check(
        method, response.status(), response.body(), echo(method, path, headers, body, window));
  }

  /**
   * The orchestrate route with well-formed option objects: 200 or a 400 naming the field, never
   * anything else.
   */
  @Property(tries = 800)
  void optionBodiesAreAcceptedOrRejectedByName(
      @ForAll("projects") String project, @ForAll("optionBodies") String body) {
    ApiResponse response =
        handle(
            new ApiRequest(
                "POST",
                FuzzInputs.ORCHESTRATE + project,
                Map.of(),
                Map.of("content-type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8),
                false));
    var json = ResponseInvariants.check(response.status(), response.body(), body);
    if (response.status() == 400) {
      assertThat(json.path("detail").asText())
          .containsAnyOf(
              "options", "action", "unknown field", "JSON", "duplicate", "cron", "schedule");
    } else if (!project.equals("NO-SUCH-PROJECT")) {
      assertThat(response.status()).as(body).isEqualTo(200);
    }
  }

  /** Base64 bodies: valid base64 of a good body runs; invalid base64 is a 400 that says so. */
  @Property(tries = 300)
  void base64BodiesAreDecodedOrRejected(@ForAll("base64Texts") String text) {
    ApiResponse response =
        handle(
            new ApiRequest(
                "POST",
                FuzzInputs.ORCHESTRATE + "TEST-001",
                Map.of(),
                Map.of("content-type", "application/json"),
                text.getBytes(StandardCharsets.UTF_8),
                true));
    var json = ResponseInvariants.check(response.status(), response.body(), text);
    if (response.status() == 400) {
      assertThat(json.path("detail").asText())
          .containsAnyOf(
              "base64",
              "JSON",
              "UTF-8",
              "options",
              "object",
              "action",
              "unknown field",
              "duplicate",
              "cron",
              "schedule");
    }
  }

  @Property(tries = 500)
  void anyPathIdIsAnsweredWithoutInternals(
      @ForAll("rawIds") String id, @ForAll boolean orchestrate) {
    String path = (orchestrate ? FuzzInputs.ORCHESTRATE : FuzzInputs.METRICS) + id;
    ApiResponse response =
        handle(
            new ApiRequest(
                orchestrate ? "POST" : "GET",
                path,
                Map.of(),
                Map.of(),
                "{\"options\":{\"dry_run\":true}}".getBytes(StandardCharsets.UTF_8),
                false));
    var json = ResponseInvariants.check(response.status(), response.body(), path);
    if (id.contains("..") || id.contains("%00") || id.contains("%2F") || id.contains("/")) {
      assertThat(response.status()).as(path).isIn(400, 404);
    }
    if (response.status() == 200) {
      assertThat(json.path("project_id").asText()).matches("[A-Za-z0-9_-]{1,64}");
    }
  }

  @Provide
  Arbitrary<String> windows() {
    return FuzzInputs.windows();
  }

  @Provide
  Arbitrary<String> rawIds() {
    return FuzzInputs.rawIds();
  }

  @Provide
  Arbitrary<String> projects() {
    return Arbitraries.of(FuzzInputs.KNOWN_PROJECTS);
  }

  @Provide
  Arbitrary<String> optionBodies() {
    return FuzzInputs.optionBodies();
  }

  @Provide
  Arbitrary<String> base64Texts() {
    Arbitrary<String> valid =
        FuzzInputs.optionBodies().map(b -> FuzzInputs.base64(FuzzInputs.utf8(b)));
    Arbitrary<String> invalid =
        Arbitraries.oneOf(
            Arbitraries.strings().all().ofMaxLength(60),
            Arbitraries.of(
                "====", "e30", "e30=extra", "!!!!", "e3 0=", "e30=\n", "ew==ew==", "%%%"));
    Arbitrary<String> validOfBytes = FuzzInputs.invalidUtf8().map(FuzzInputs::base64);
    return Arbitraries.oneOf(valid, invalid, validOfBytes);
  }

  static ApiResponse handle(ApiRequest request) {
    return api.handle(request, Platform.context(Platform.LOCAL, "http", null));
  }

  static String echo(
      String method, String path, Map<String, String> headers, byte[] body, String window) {
    Map<String, String> copy = new HashMap<>(headers);
    return method
        + " "
        + path
        + " "
        + copy
        + " "
        + window
        + " "
        + new String(body, StandardCharsets.UTF_8);
  }
}
