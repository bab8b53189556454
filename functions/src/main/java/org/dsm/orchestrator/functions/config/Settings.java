package org.dsm.orchestrator.functions.config;

import java.util.Locale;
import java.util.Set;
import org.springframework.core.env.Environment;

/**
 * Typed reads of the environment contract ({@link EnvironmentVariables}); a bad value fails the
 * start with a message naming the variable and what it accepts, never a stack trace deep inside a
 * store or engine.
 */
public final class Settings {
  private final Environment env;

  public Settings(Environment env) {
    this.env = env;
  }

  public String text(String name, String fallback) {
    String value = env.getProperty(name);
    return value == null || value.isBlank() ? fallback : value.trim();
  }

  public String choice(String name, String fallback, Set<String> allowed) {
    String value = text(name, fallback).toLowerCase(Locale.ROOT);
    if (!allowed.contains(value)) {
      throw new IllegalStateException(
          name
              + " must be one of "
              + allowed.stream().sorted().toList()
              + ", got '"
              + text(name, fallback)
              + "'");
    }
    return value;
  }

  public int integer(String name, int fallback, int min, int max) {
    String value = text(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new IllegalStateException(
            name + " must be between " + min + " and " + max + ", got " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + " must be an integer, got '" + value + "'");
    }
  }

  public double decimal(String name, double fallback, double min, double max) {
    String value = text(name, null);
    if (value == null) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (!(parsed >= min && parsed <= max)) {
        throw new IllegalStateException(
            name + " must be between " + min + " and " + max + ", got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(name + " must be a number, got '" + value + "'");
    }
  }

  public boolean bool(String name, boolean fallback) {
    String value = text(name, null);
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default ->
          throw new IllegalStateException(name + " must be true or false, got '" + value + "'");
    };
  }
}
