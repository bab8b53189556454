package org.dsm.orchestrator.store.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A JDBC URL split into where the database is and the credentials its query carries ({@code
 * user=…}, {@code password=…}). pgjdbc lets the URL's parameters win over the user and password the
 * pool passes, so a URL that names a user would silently override {@code METRICS_JDBC_USER} and the
 * user a rotated secret names, and a URL password would keep being sent after the secret rotated
 * (checked against PostgreSQL 16 and pgjdbc 42.7: {@code current_user} is the URL's). The pool gets
 * the URL without them and the credentials separately ({@link #merged}).
 *
 * @param url the URL without {@code user} and {@code password} parameters
 * @param user the URL's user, or null
 * @param password the URL's password, or null
 */
record JdbcUrlCredentials(String url, String user, String password) {
  static JdbcUrlCredentials parse(String jdbcUrl) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    int query = jdbcUrl.indexOf('?');
    if (query < 0) {
      return new JdbcUrlCredentials(jdbcUrl, null, null);
    }
    String user = null;
    String password = null;
    List<String> kept = new ArrayList<>();
    for (String parameter : jdbcUrl.substring(query + 1).split("&")) {
      int eq = parameter.indexOf('=');
      String name = eq < 0 ? parameter : parameter.substring(0, eq);
      String value =
          eq < 0 ? "" : URLDecoder.decode(parameter.substring(eq + 1), StandardCharsets.UTF_8);
      switch (name) {
        case "user" -> user = value;
        case "password" -> password = value;
        default -> {
          if (!parameter.isEmpty()) {
            kept.add(parameter);
          }
        }
      }
    }
    String base = jdbcUrl.substring(0, query);
    return new JdbcUrlCredentials(
        kept.isEmpty() ? base : base + "?" + String.join("&", kept), user, password);
  }

  /**
   * The user to configure: the one given apart from the URL, else the URL's. Both, and different:
   * refused, since either choice would ignore a setting the operator made.
   */
  String user(String given) {
    return merged("user", given, user);
  }

  /** The password to configure, as {@link #user}. */
  String password(String given) {
    return merged("password", given, password);
  }

  /**
   * With credentials from a secret store: a password in the URL would be sent instead of the
   * secret's current one, so it is refused.
   */
  void refusePasswordBesideSecret() {
    if (password != null) {
      throw new IllegalArgumentException(
          "METRICS_JDBC_URL carries a password, and the password also comes from a secret"
              + " (METRICS_JDBC_PASSWORD_SECRET_ARN): remove password= from the URL");
    }
  }

  private static String merged(String what, String given, String inUrl) {
    if (given != null && inUrl != null && !given.equals(inUrl)) {
      throw new IllegalArgumentException(
          "METRICS_JDBC_URL names a "
              + what
              + " that differs from the one configured apart from it"
              + " (METRICS_JDBC_"
              + what.toUpperCase(java.util.Locale.ROOT)
              + "): keep one of them");
    }
    return given != null ? given : inUrl;
  }
}
