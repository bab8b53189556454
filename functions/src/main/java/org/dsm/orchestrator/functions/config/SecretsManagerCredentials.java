package org.dsm.orchestrator.functions.config;

import java.util.function.Supplier;
import org.dsm.orchestrator.store.jdbc.RotatingCredentialsPool.Credentials;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The JDBC credentials, read from AWS Secrets Manager by ARN each time they are asked for (at
 * start, after a SnapStart restore, when the database refuses them): never kept in the function's
 * configuration, so nothing in the Lambda console or {@code GetFunctionConfiguration} shows them.
 * The secret is either the password itself or a JSON object with {@code password} and optionally
 * {@code username} (the shape RDS-managed and rotated secrets have); a username there replaces
 * METRICS_JDBC_USER, so the alternating-users rotation works.
 */
public final class SecretsManagerCredentials implements Supplier<Credentials>, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SecretsManagerClient client;
  private final String secretArn;

  public SecretsManagerCredentials(SecretsManagerClient client, String secretArn) {
    this.client = client;
    this.secretArn = secretArn;
  }

  /**
   * A client on the default credentials chain (the function's role on Lambda). The endpoint can be
   * pointed elsewhere with the SDK's own AWS_ENDPOINT_URL_SECRETS_MANAGER (tests, VPC endpoints).
   */
  public static SecretsManagerCredentials create(String region, String secretArn) {
    return new SecretsManagerCredentials(
        SecretsManagerClient.builder()
            .httpClient(UrlConnectionHttpClient.create())
            .region(Region.of(region))
            .build(),
        secretArn);
  }

  @Override
  public Credentials get() {
    String value;
    try {
      value = client.getSecretValue(request -> request.secretId(secretArn)).secretString();
    } catch (SdkException e) {
      // the SDK's message names the error code (access denied, not found), never the secret
      throw new IllegalStateException(
          "could not read the JDBC password from Secrets Manager ("
              + secretArn
              + "): "
              + e.getMessage(),
          e);
    }
    if (value == null) {
      throw new IllegalStateException(
          "secret " + secretArn + " has no SecretString (a binary secret cannot be a password)");
    }
    return parse(value);
  }

  private Credentials parse(String value) {
    if (!value.stripLeading().startsWith("{")) {
      return new Credentials(null, value);
    }
    JsonNode json;
    try {
      json = JSON.readTree(value);
    } catch (tools.jackson.core.JacksonException e) {
      throw new IllegalStateException("secret " + secretArn + " looks like JSON but is not", null);
    }
    if (!json.path("password").isString()) {
      throw new IllegalStateException(
          "secret " + secretArn + " is a JSON object without a \"password\" string");
    }
    String username = json.path("username").isString() ? json.path("username").stringValue() : null;
    return new Credentials(username, json.path("password").stringValue());
  }

  @Override
  public void close() {
    client.close();
  }
}
