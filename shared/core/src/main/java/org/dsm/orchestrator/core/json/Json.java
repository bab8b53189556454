package org.dsm.orchestrator.core.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapping of the API: snake_case names, ISO dates, nulls kept (the original's shape
 * has them).
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.ALWAYS)
          // as UTF-8 bytes, a character outside the BMP is written as itself (4 bytes), as the
          // String path writes it, not as two \\u escapes
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@link #write}'s JSON as UTF-8 bytes, serialised straight to bytes. The same text, except a
   * lone surrogate (a JSON "\\ud800" escape in some input makes one): written as its \\u escape,
   * where encoding the String replaces it with '?'.
   */
  public static byte[] writeBytes(Object value) {
    try {
      return value instanceof StreamedJson streamed
          ? streamed(streamed)
          : MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * As {@link ObjectMapper#writeValueAsBytes} does it: a recycled buffer, the mapping's generator.
   */
  private static byte[] streamed(StreamedJson value) {
    BufferRecycler recycler = MAPPER.getFactory()._getBufferRecycler();
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(recycler)) {
      try (JsonGenerator generator = MAPPER.createGenerator(bytes, JsonEncoding.UTF8)) {
        value.writeJson(generator);
      }
      byte[] result = bytes.toByteArray();
      bytes.release();
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      recycler.releaseToPool();
    }
  }
}
