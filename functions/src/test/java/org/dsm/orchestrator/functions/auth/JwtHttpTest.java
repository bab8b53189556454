package org.dsm.orchestrator.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsm.orchestrator.core.json.Json;
import org.dsm.orchestrator.core.metrics.InvocationRecord;
import org.dsm.orchestrator.core.metrics.MetricsRecorder;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.functions.FunctionsApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The app's JWT check over real HTTP (embedded Tomcat, as on Knative), with tokens signed by an RSA
 * key generated here and its JWK set served by a real local HTTP server: a valid token passes and
 * its subject is stored with the invocation; an expired one, one for another audience, one signed
 * by another key, one without the required scope and none at all are refused with the API's JSON
 * errors; /health stays open.
 */
@SpringBootTest(
    classes = FunctionsApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtHttpTest {
  private static final String ISSUER = "https://issuer.test.example";
  private static final String AUDIENCE = "dsm-orchestrator";
  private static final String SCOPE = "orchestrator";
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final RSAKey KEY = rsaKey("test-key");
  private static final AtomicInteger JWKS_FETCHES = new AtomicInteger();
  private static final HttpServer JWKS = jwksServer();

  @LocalServerPort int port;
  @Autowired MetricsStore store;
  @Autowired MetricsRecorder recorder;

  @DynamicPropertySource
  static void jwtCheck(DynamicPropertyRegistry registry) {
    registry.add("AUTH_JWT_ISSUER", () -> ISSUER);
    registry.add("AUTH_JWT_AUDIENCE", () -> "another-api, " + AUDIENCE);
    registry.add("AUTH_JWT_SCOPE", () -> SCOPE);
    registry.add(
        "AUTH_JWT_JWKS_URI",
        () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/.well-known/jwks.json");
  }

  @AfterAll
  static void stopJwks() {
    JWKS.stop(0);
  }

  @Test
  void aValidTokenPassesAndItsSubjectIsRecordedWithTheInvocation() throws Exception {
    String subject = "user-" + UUID.randomUUID();
    HttpResponse<String> response = orchestrate(token(KEY, claims(subject)), null);

    assertThat(response.statusCode()).isEqualTo(200);
    String invocationId =
        Json.mapper().readTree(response.body()).path("invocation").path("invocation_id").asText();
    recorder.flush();
    List<InvocationRecord> records =
        store
            .query(
                new MetricsStore.MetricsQuery(
                    "orchestrate",
                    "TEST-001",
                    Instant.now().minus(Duration.ofMinutes(5)),
                    Instant.now().plusSeconds(5),
                    200,
                    null))
            .records();
    assertThat(records)
        .filteredOn(r -> r.invocationId().equals(invocationId))
        .singleElement()
        .extracting(InvocationRecord::principal)
        .isEqualTo(subject);
    assertThat(JWKS_FETCHES).hasPositiveValue();
  }

  @Test
  void withoutATokenTheAnswerIsA401WithABearerChallenge() throws Exception {
    HttpResponse<String> response = orchestrate(null, null);

    assertRefused(response, 401, "a bearer token is required");
    // Spring Security 7 also names its RFC 9728 metadata document (resource_metadata=...)
    assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    JWTClaimsSet expired =
        new JWTClaimsSet.Builder(claims("alice"))
            .issueTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
            .expirationTime(Date.from(Instant.now().minus(Duration.ofHours(1))))
            .build();

    assertRefused(orchestrate(token(KEY, expired), null), 401, "expired");
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() throws Exception {
    JWTClaimsSet otherAudience =
        new JWTClaimsSet.Builder(claims("alice")).audience("some-other-api").build();

    assertRefused(orchestrate(token(KEY, otherAudience), null), 401, "aud");
  }

  @Test
  void aTokenFromAnotherIssuerIsRefused() throws Exception {
    JWTClaimsSet otherIssuer =
        new JWTClaimsSet.Builder(claims("alice")).issuer("https://evil.example").build();

    assertRefused(orchestrate(token(KEY, otherIssuer), null), 401, "iss");
  }

  @Test
  void aTokenSignedByAnotherKeyWithTheSameKeyIdIsRefused() throws Exception {
    assertRefused(
        orchestrate(token(rsaKey("test-key"), claims("alice")), null), 401, "invalid bearer token");
  }

  @Test
  void aTokenWithoutTheRequiredScopeIsA403() throws Exception {
    JWTClaimsSet noScope = new JWTClaimsSet.Builder(claims("alice")).claim("scope", "read").build();

    HttpResponse<String> response = orchestrate(token(KEY, noScope), null);

    assertRefused(response, 403, "scope");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
        .contains("insufficient_scope");
  }

  @Test
  void theMetricsRouteIsGuardedTooAndTheHealthProbeIsOpen() throws Exception {
    HttpResponse<String> metrics =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/orchestrate/intelligence/performance/metrics/TEST-001"))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertRefused(metrics, 401, "bearer token");

    HttpResponse<String> health =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/health")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(Json.mapper().readTree(health.body()).path("status").asText()).isEqualTo("ok");
  }

  @Test
  void oneCallersIdempotencyKeyDoesNotReplayForAnother() throws Exception {
    String key = "k-" + UUID.randomUUID();
    HttpResponse<String> alice = orchestrate(token(KEY, claims("alice")), key);
    HttpResponse<String> aliceAgain = orchestrate(token(KEY, claims("alice")), key);
    HttpResponse<String> bob = orchestrate(token(KEY, claims("bob")), key);

    assertThat(alice.statusCode()).isEqualTo(200);
    assertThat(aliceAgain.headers().firstValue("Idempotent-Replayed")).hasValue("true");
    assertThat(aliceAgain.body()).isEqualTo(alice.body());
    assertThat(bob.statusCode()).isEqualTo(200);
    assertThat(bob.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(bob.body()).isNotEqualTo(alice.body());
  }

  /**
   * An id with an encoded '/', '\' or '%' is the API's 400 with the check on too, as without it and
   * on Lambda: Spring Security's firewall refused all three before the API (Tomcat's generic 400).
   */
  @Test
  void anEncodedSlashBackslashOrPercentInTheIdIsTheApisAnswer() throws Exception {
    for (String id : List.of("a%2Fb", "TEST%5C001", "TEST-00%2531")) {
      HttpResponse<String> response =
          CLIENT.send(
              HttpRequest.newBuilder(uri("/orchestrate/project/" + id))
                  .header("Authorization", "Bearer " + token(KEY, claims("alice")))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());

      assertRefused(response, 400, "project_id may contain only letters, digits, '-' and '_'");
    }
    // and without a token it is still refused for want of one, not answered
    HttpResponse<String> anonymous =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/orchestrate/project/a%2Fb"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertRefused(anonymous, 401, "a bearer token is required");
  }

  private static void assertRefused(HttpResponse<String> response, int status, String reason)
      throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
    assertThat(Json.mapper().readTree(response.body()).path("detail").asText()).contains(reason);
  }

  private HttpResponse<String> orchestrate(String token, String idempotencyKey) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/orchestrate/project/TEST-001"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"options\": {\"dry_run\": true}}"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static JWTClaimsSet claims(String subject) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(ISSUER)
        .subject(subject)
        .audience(AUDIENCE)
        .claim("scope", "read " + SCOPE)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .jwtID(UUID.randomUUID().toString())
        .build();
  }

  private static String token(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(),
            claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  private static RSAKey rsaKey(String keyId) {
    try {
      return new RSAKeyGenerator(2048).keyID(keyId).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The issuer's JWK set endpoint: the public half of KEY only. */
  private static HttpServer jwksServer() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      byte[] body = new JWKSet(KEY.toPublicJWK()).toString(true).getBytes(StandardCharsets.UTF_8);
      server.createContext(
          "/.well-known/jwks.json",
          exchange -> {
            JWKS_FETCHES.incrementAndGet();
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
      return server;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
