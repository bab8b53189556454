package org.dsm.orchestrator.functions.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.api.OrchestratorApi;
import org.dsm.orchestrator.functions.config.EnvironmentVariables;
import org.dsm.orchestrator.functions.config.Settings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The app's own JWT check for a Knative Service published outside the cluster (Spring Security's
 * OAuth2 resource server). Off unless AUTH_JWT_ISSUER is set, and never on Lambda (no web
 * application there; API Gateway authenticates): this class is the only place Spring Security is
 * configured, and Spring Boot's security auto-configuration is not on the classpath, so without it
 * no filter, no default user and no login page exist.
 *
 * <p>When on: every path but {@code GET /health} needs a bearer token signed by a key of the
 * issuer's JWK set (AUTH_JWT_JWKS_URI, or found through the issuer's OIDC discovery document on the
 * first request), unexpired, from AUTH_JWT_ISSUER, for one of the AUTH_JWT_AUDIENCE audiences, and
 * carrying scope AUTH_JWT_SCOPE when that is set. A request without a valid token gets 401 with
 * {@code WWW-Authenticate: Bearer ...}, one without the scope 403; both with the API's JSON {@code
 * {"detail": ...}} body. The token's {@code sub} becomes the request's principal (HttpApiController
 * passes it on to the invocation record and the idempotency scope).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Conditional(JwtSecurity.Enabled.class)
@EnableWebSecurity
public class JwtSecurity {

  /** AUTH_JWT_ISSUER set and not blank. */
  static final class Enabled implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      String issuer = context.getEnvironment().getProperty(EnvironmentVariables.AUTH_JWT_ISSUER);
      return issuer != null && !issuer.isBlank();
    }
  }

  @Bean
  public JwtDecoder jwtDecoder(Settings settings) {
    String issuer = settings.text(EnvironmentVariables.AUTH_JWT_ISSUER, null);
    String jwks = settings.text(EnvironmentVariables.AUTH_JWT_JWKS_URI, null);
    List<String> audiences = audiences(settings);
    OAuth2TokenValidator<Jwt> validator =
        new DelegatingOAuth2TokenValidator<>(
            JwtValidators.createDefaultWithIssuer(issuer), // signature time checks: exp, nbf
            new JwtClaimValidator<List<String>>(
                JwtClaimNames.AUD,
                aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
    if (jwks != null) {
      NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwks).build();
      decoder.setJwtValidator(validator);
      return decoder;
    }
    // discovery on first use, so a start never waits for (or fails on) the issuer
    return new SupplierJwtDecoder(
        () -> {
          NimbusJwtDecoder decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(issuer);
          decoder.setJwtValidator(validator);
          return decoder;
        });
  }

  @Bean
  public SecurityFilterChain jwtFilterChain(HttpSecurity http, JwtDecoder decoder, Settings s)
      throws Exception {
    String scope = s.text(EnvironmentVariables.AUTH_JWT_SCOPE, null);
    BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    BearerTokenAccessDeniedHandler denied = new BearerTokenAccessDeniedHandler();
    http.authorizeHttpRequests(
            requests -> {
              requests.requestMatchers(HttpMethod.GET, OrchestratorApi.HEALTH).permitAll();
              if (scope == null) {
                requests.anyRequest().authenticated();
              } else {
                requests.anyRequest().hasAuthority("SCOPE_" + scope);
              }
            })
        .oauth2ResourceServer(
            server ->
                server
                    .jwt(jwt -> jwt.decoder(decoder))
                    .authenticationEntryPoint(
                        (request, response, e) -> {
                          bearer.commence(request, response, e);
                          write(response, "Unauthenticated: " + reason(e));
                        })
                    .accessDeniedHandler(
                        (request, response, e) -> {
                          denied.handle(request, response, e);
                          write(response, "Forbidden: the token lacks the scope '" + scope + "'");
                        }))
        // a stateless API: no session, no CSRF token (no cookies are ever read), no saved requests
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .csrf(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable);
    return http.build();
  }

  /**
   * Spring Security's firewall refused an encoded '/', '\' or '%' in a path itself (400, Tomcat's
   * generic detail), so with the check on an id such as {@code a%2Fb} or {@code TEST-00%2531} was
   * not answered as without it and on Lambda (the API's id 400). Allowed here: the only rule that
   * is not "authenticated" is {@code GET /health}, an exact path no encoded character can reach,
   * and the API decodes the id segment once and validates it. The firewall's other checks stay.
   */
  @Bean
  public WebSecurityCustomizer encodedIdCharacters() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowUrlEncodedSlash(true);
    firewall.setAllowBackSlash(true);
    firewall.setAllowUrlEncodedPercent(true);
    return web -> web.httpFirewall(firewall);
  }

  private static List<String> audiences(Settings settings) {
    String value = settings.text(EnvironmentVariables.AUTH_JWT_AUDIENCE, null);
    if (value == null) {
      throw new IllegalStateException(
          EnvironmentVariables.AUTH_JWT_AUDIENCE
              + " is required with "
              + EnvironmentVariables.AUTH_JWT_ISSUER
              + ": without it any token of the issuer, for any application, would pass");
    }
    Set<String> audiences =
        Arrays.stream(value.split(","))
            .map(String::trim)
            .filter(a -> !a.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    return List.copyOf(audiences);
  }

  private static String reason(AuthenticationException e) {
    if (e instanceof OAuth2AuthenticationException oauth
        && oauth.getError().getDescription() != null) {
      return "invalid bearer token (" + oauth.getError().getDescription() + ")";
    }
    return "a bearer token is required";
  }

  private static void write(HttpServletResponse response, String detail) throws IOException {
    ApiResponse error = ApiResponse.error(response.getStatus(), detail);
    response.setContentType(ApiResponse.JSON);
    response.getOutputStream().write(error.bodyBytes());
  }
}
