package org.dsm.orchestrator.functions.observability;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.boot.logging.structured.ElasticCommonSchemaProperties;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.core.env.Environment;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * Spring Boot's Elastic Common Schema lines, the same documents, written with Jackson's streaming
 * generator. Spring's own ECS formatter composes each line from lambdas through its JsonWriter,
 * then re-encodes the text; under C1 (the template's and image's JIT) that was most of the cost of
 * a log line: about 0.1 ms of a warm Lambda invocation and 50-100 µs of CPU per HTTP request with
 * one access line each (docs/results/BENCHMARKS-changes.md). Events this writer does not cover
 * field for field (a throwable, key-value pairs, a dotted context key, which Spring nests, or any
 * {@code logging.structured.json.*} customisation) go to Spring's formatter itself, so every line
 * is Spring's document; {@code EcsLogFormatterTest} compares the two over such events.
 *
 * <p>Selected by {@code logging.structured.format.console} in application.properties.
 */
public final class EcsLogFormatter implements StructuredLogFormatter<ILoggingEvent> {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String ECS_VERSION = "8.11";

  private final Long pid;
  private final ElasticCommonSchemaProperties.Service service;
  private final boolean customised;
  private volatile StructuredLogEncoder spring; // built on the first event this writer leaves to it

  public EcsLogFormatter(Environment environment) {
    this.pid = environment.getProperty("spring.application.pid", Long.class);
    this.service = ElasticCommonSchemaProperties.get(environment).service();
    this.customised =
        Binder.get(environment)
            .bind("logging.structured.json", Bindable.mapOf(String.class, Object.class))
            .isBound();
  }

  private StructuredLogEncoder spring() {
    StructuredLogEncoder encoder = spring;
    if (encoder == null) {
      synchronized (this) {
        encoder = spring;
        if (encoder == null) {
          encoder = new StructuredLogEncoder();
          encoder.setFormat("ecs");
          encoder.setCharset(StandardCharsets.UTF_8);
          encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
          encoder.start();
          spring = encoder;
        }
      }
    }
    return encoder;
  }

  @Override
  public String format(ILoggingEvent event) {
    return new String(formatAsBytes(event, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }

  @Override
  public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
    if (!covers(event) || !charset.equals(StandardCharsets.UTF_8)) {
      byte[] utf8 = spring().encode(event);
      return charset.equals(StandardCharsets.UTF_8)
          ? utf8
          : new String(utf8, StandardCharsets.UTF_8).getBytes(charset);
    }
    try {
      return write(event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private boolean covers(ILoggingEvent event) {
    if (customised || event.getThrowableProxy() != null) {
      return false;
    }
    if (event.getKeyValuePairs() != null && !event.getKeyValuePairs().isEmpty()) {
      return false;
    }
    for (String key : event.getMDCPropertyMap().keySet()) {
      if (key.indexOf('.') >= 0) {
        return false;
      }
    }
    return true;
  }

  private byte[] write(ILoggingEvent event) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
    try (JsonGenerator json = JSON.createGenerator(buffer)) {
      json.writeStartObject();
      json.writeStringProperty("@timestamp", event.getInstant().toString());
      json.writeObjectPropertyStart("log");
      json.writeStringProperty("level", event.getLevel().toString());
      json.writeStringProperty("logger", event.getLoggerName());
      json.writeEndObject();
      json.writeObjectPropertyStart("process");
      if (pid != null) {
        json.writeNumberProperty("pid", pid);
      }
      json.writeObjectPropertyStart("thread");
      json.writeStringProperty("name", event.getThreadName());
      json.writeEndObject();
      json.writeEndObject();
      json.writeObjectPropertyStart("service");
      writeIfHasLength(json, "name", service.name());
      writeIfHasLength(json, "version", service.version());
      writeIfHasLength(json, "environment", service.environment());
      json.writeObjectPropertyStart("node");
      writeIfHasLength(json, "name", service.nodeName());
      json.writeEndObject();
      json.writeEndObject();
      json.writeStringProperty("message", event.getFormattedMessage());
      for (Map.Entry<String, String> entry : event.getMDCPropertyMap().entrySet()) {
        json.writeStringProperty(entry.getKey(), entry.getValue());
      }
      Set<String> tags = tags(event.getMarkerList());
      if (!tags.isEmpty()) {
        json.writeArrayPropertyStart("tags");
        for (String tag : tags) {
          json.writeString(tag);
        }
        json.writeEndArray();
      }
      json.writeObjectPropertyStart("ecs");
      json.writeStringProperty("version", ECS_VERSION);
      json.writeEndObject();
      json.writeEndObject();
    }
    buffer.write('\n');
    return buffer.toByteArray();
  }

  private static void writeIfHasLength(JsonGenerator json, String name, String value) {
    if (value != null && !value.isEmpty()) {
      json.writeStringProperty(name, value);
    }
  }

  /** The markers' names and those of their references, sorted, as Spring's ECS tags. */
  private static Set<String> tags(List<Marker> markers) {
    Set<String> names = new TreeSet<>();
    if (markers != null) {
      add(names, markers.iterator());
    }
    return names;
  }

  private static void add(Set<String> names, Iterator<Marker> markers) {
    while (markers.hasNext()) {
      Marker marker = markers.next();
      names.add(marker.getName());
      if (marker.hasReferences()) {
        add(names, marker.iterator());
      }
    }
  }
}
