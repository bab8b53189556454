package org.dsm.orchestrator.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.Arrays;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON mapping of the API: snake_case names, ISO dates, nulls kept (the original's shape
 * has them). Jackson 3, the version Spring Boot 4 runs on, with Jackson 2's defaults (properties in
 * declaration order, nulls for primitives tolerated, trailing tokens ignored) so the API's bytes
 * and what it accepts did not change when the core moved off Jackson 2; a cold start then loads one
 * JSON library instead of two.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .configureForJackson2()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .changeDefaultPropertyInclusion(
              inclusion -> inclusion.withValueInclusion(JsonInclude.Include.ALWAYS))
          // as UTF-8 bytes, a character outside the BMP is written as itself (4 bytes), as the
          // String path writes it, not as two \\u escapes
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Throws Jackson's unchecked {@code JacksonException} for a value that cannot be written. */
  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /**
   * {@link #write}'s JSON as UTF-8 bytes, serialised straight to bytes. The same text, except a
   * lone surrogate (a JSON "\\ud800" escape in some input makes one): written as its \\u escape,
   * where encoding the String replaces it with '?'.
   */
  public static byte[] writeBytes(Object value) {
    return value instanceof StreamedJson streamed
        ? streamed(streamed)
        : MAPPER.writeValueAsBytes(value);
  }

  /**
   * A node's text as Jackson 2's {@code asText()} gave it, which the API's parsing relies on: a
   * scalar's value as text, "null" for JSON null, "" for an object, an array or a missing node.
   * Jackson 3's {@code asString()} throws for objects and arrays, which would turn a malformed
   * request into a server error.
   */
  public static String text(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isContainer()) {
      return "";
    }
    return node.isNull() ? "null" : node.asString();
  }

  /** A JSON string's value, else null (Jackson 2's {@code textValue()}; Jackson 3's throws). */
  public static String textValue(JsonNode node) {
    return node != null && node.isString() ? node.stringValue() : null;
  }

  /** {@link #text}, but null for a missing node or JSON null (Jackson 2's {@code asText(null)}). */
  public static String textOrNull(JsonNode node) {
    return node == null || node.isMissingNode() || node.isNull() ? null : text(node);
  }

  /**
   * The mapping's generator over {@link ExactBytes}: a document that fits the generator's own
   * (recycled) buffer reaches the stream in one write and is copied once, into the result.
   */
  private static byte[] streamed(StreamedJson value) {
    ExactBytes bytes = new ExactBytes();
    try (JsonGenerator generator = MAPPER.createGenerator(bytes, JsonEncoding.UTF8)) {
      value.writeJson(generator);
    }
    return bytes.toByteArray();
  }

  /**
   * Collects what a generator writes: its first write is kept as an exact copy (the whole document
   * when it fits the generator's buffer, as the API's responses do), later writes are appended.
   * Jackson's own builder copies a document of that size into growing blocks and then once more
   * into the result.
   */
  static final class ExactBytes extends OutputStream {
    private byte[] first;
    private ByteArrayOutputStream more;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (first == null && more == null) {
        first = Arrays.copyOfRange(b, off, off + len);
        return;
      }
      if (more == null) {
        more = new ByteArrayOutputStream(Math.max(64, (first.length + len) * 2));
        more.write(first, 0, first.length);
        first = null;
      }
      more.write(b, off, len);
    }

    byte[] toByteArray() {
      if (more != null) {
        return more.toByteArray();
      }
      return first == null ? new byte[0] : first;
    }
  }
}
