package org.dsm.orchestrator.functions.api;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Whether a request's Content-Type lets its body be read as UTF-8 JSON: {@code application/json} or
 * any {@code type/subtype+json}, with parameters allowed but a charset other than UTF-8 refused.
 * Without the check a browser could POST {@code text/plain} (no CORS preflight) cross-site and have
 * it run as an orchestration, and a UTF-16 body would be misread.
 */
final class JsonContentType {
  private static final String TOKEN = "[a-z0-9!#$%&'*+.^_`|~-]+";
  private static final Pattern STRUCTURED_JSON = Pattern.compile(TOKEN + "/" + TOKEN + "\\+json");

  static final String REQUIRED = "Content-Type must be application/json";

  private JsonContentType() {}

  /** True for a JSON media type in UTF-8; false for anything else, absent or malformed. */
  static boolean accepts(String header) {
    if (header == null) {
      return false;
    }
    String[] parts = header.split(";", -1);
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    if (!type.equals("application/json") && !STRUCTURED_JSON.matcher(type).matches()) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip();
      if (parameter.isEmpty()) {
        continue; // "application/json;" is allowed by RFC 9110's grammar
      }
      int eq = parameter.indexOf('=');
      if (eq <= 0) {
        return false;
      }
      String name = parameter.substring(0, eq).strip();
      String value = unquoted(parameter.substring(eq + 1).strip());
      if (name.equalsIgnoreCase("charset") && !value.equalsIgnoreCase("utf-8")) {
        return false;
      }
    }
    return true;
  }

  private static String unquoted(String value) {
    return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
        ? value.substring(1, value.length() - 1)
        : value;
  }
}
