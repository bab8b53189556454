package org.dsm.orchestrator.functions.lambda;

import java.util.Set;
import org.dsm.orchestrator.functions.api.ApiResponse;
import org.dsm.orchestrator.functions.config.EnvironmentVariables;
import org.dsm.orchestrator.functions.config.Settings;

/**
 * Which authorizer API Gateway runs in front of the functions (API_AUTHORIZER: iam | jwt | none,
 * set by the template from its parameters). With iam or jwt, an HTTP event that carries no
 * authenticated caller never reached us through that authorizer (a route deployed without it, or a
 * direct invoke of someone holding lambda:InvokeFunction with a hand-made event), so it is refused
 * with 401 instead of running unattributed. none (an explicitly open deployment, local runs) checks
 * nothing.
 */
public record ApiAuthorizer(String mode) {
  public static final String IAM = "iam";
  public static final String JWT = "jwt";
  public static final String NONE = "none";

  static ApiAuthorizer from(Settings settings) {
    return new ApiAuthorizer(
        settings.choice(EnvironmentVariables.API_AUTHORIZER, NONE, Set.of(IAM, JWT, NONE)));
  }

  /** The refusal for a request without a caller, or null when it may proceed. */
  ApiResponse refuse(String principal) {
    if (mode.equals(NONE) || principal != null) {
      return null;
    }
    return ApiResponse.error(
        401,
        "Unauthenticated: this API requires "
            + (mode.equals(IAM) ? "a SigV4-signed request (IAM)" : "a bearer token (JWT)"));
  }
}
