package org.dsm.orchestrator.core.domain;

import java.util.regex.Pattern;
import org.dsm.orchestrator.core.error.InvalidRequestException;

/** A validated project id: letters, digits, '-' and '_', 1 to 64 characters. */
public record ProjectId(String value) {
  public static final int MAX_LENGTH = 64;
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");

  public ProjectId {
    if (value == null || value.isEmpty()) {
      throw new InvalidRequestException("project_id is required");
    }
    if (value.length() > MAX_LENGTH) {
      throw new InvalidRequestException("project_id is longer than " + MAX_LENGTH + " characters");
    }
    if (!VALID.matcher(value).matches()) {
      throw new InvalidRequestException("project_id may contain only letters, digits, '-' and '_'");
    }
  }

  public static ProjectId of(String value) {
    return new ProjectId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
