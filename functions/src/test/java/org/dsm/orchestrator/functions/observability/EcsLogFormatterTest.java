package org.dsm.orchestrator.functions.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.slf4j.MarkerFactory;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;
import tools.jackson.databind.ObjectMapper;

/**
 * Our ECS lines are Spring Boot's: the same JSON document and the trailing newline, event by event,
 * whether written by our generator or handed to Spring's formatter (throwables, key-value pairs,
 * dotted context keys, JSON customisations).
 */
class EcsLogFormatterTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @ParameterizedTest(name = "customised={0}")
  @ValueSource(booleans = {false, true})
  void everyLineIsTheDocumentSpringWouldWrite(boolean customised) throws Exception {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("spring.application.name", "dsm-orchestrator")
            .withProperty("spring.application.pid", "4242")
            .withProperty("logging.structured.ecs.service.version", "1.0.0");
    if (customised) {
      environment.setProperty("logging.structured.json.exclude", "process.thread");
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Object previous = context.getObject(Environment.class.getName());
    context.putObject(Environment.class.getName(), environment);
    try {
      StructuredLogEncoder spring = encoder(context, "ecs");
      StructuredLogEncoder ours = encoder(context, EcsLogFormatter.class.getName());
      for (LoggingEvent event : events(context)) {
        String expected = new String(spring.encode(event), StandardCharsets.UTF_8);
        String actual = new String(ours.encode(event), StandardCharsets.UTF_8);
        assertThat(actual).as(event.getMessage()).endsWith("\n").doesNotContain("\n\n");
        assertThat(MAPPER.readTree(actual)).as(actual).isEqualTo(MAPPER.readTree(expected));
      }
    } finally {
      if (previous != null) {
        context.putObject(Environment.class.getName(), previous);
      } else {
        context.removeObject(Environment.class.getName());
      }
    }
  }

  private static StructuredLogEncoder encoder(LoggerContext context, String format) {
    StructuredLogEncoder encoder = new StructuredLogEncoder();
    encoder.setFormat(format);
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.setContext(context);
    encoder.start();
    return encoder;
  }

  private static List<LoggingEvent> events(LoggerContext context) {
    List<LoggingEvent> events = new ArrayList<>();
    ch.qos.logback.classic.Logger logger = context.getLogger("org.dsm.test.Sample");
    Consumer<LoggingEvent> none = e -> {};
    events.add(event(logger, Level.INFO, "POST orchestrate answered 200 in 0.26 ms", null, none));
    Map<String, String> mdc = new LinkedHashMap<>();
    mdc.put("trace_id", "1-5759e988-bd862e3fe1be46a994272793");
    mdc.put("project_id", "TEST-001");
    mdc.put("invocation_id", "66f9bcf0-f897-48df-8a81-55be6321338e");
    mdc.put("function", "orchestrate");
    events.add(event(logger, Level.WARN, "with context", null, mdc, none));
    events.add(
        event(
            logger,
            Level.ERROR,
            "quotes \" back\\slash\nnew line\ttab \u0001 control é ü 日本 \uD83D\uDE00 </script>",
            null,
            none));
    events.add(
        event(
            logger,
            Level.DEBUG,
            "markers",
            null,
            e -> {
              var parent = MarkerFactory.getDetachedMarker("COMMONS-LOGGING");
              parent.add(MarkerFactory.getDetachedMarker("AUDIT"));
              e.addMarker(parent);
              e.addMarker(MarkerFactory.getDetachedMarker("BETA"));
            }));
    events.add(
        event(logger, Level.ERROR, "failed", new IllegalStateException("broken \"state\""), none));
    events.add(
        event(
            logger,
            Level.INFO,
            "dotted context",
            null,
            Map.of("user.id", "a", "user.name", "n", "plain", "b"),
            none));
    events.add(
        event(
            logger,
            Level.INFO,
            "key-value pairs",
            null,
            e -> e.addKeyValuePair(new org.slf4j.event.KeyValuePair("attempt", 3))));
    return events;
  }

  private static LoggingEvent event(
      ch.qos.logback.classic.Logger logger,
      Level level,
      String message,
      Throwable thrown,
      Consumer<LoggingEvent> more) {
    return event(logger, level, message, thrown, Map.of(), more);
  }

  private static LoggingEvent event(
      ch.qos.logback.classic.Logger logger,
      Level level,
      String message,
      Throwable thrown,
      Map<String, String> mdc,
      Consumer<LoggingEvent> more) {
    LoggingEvent event =
        new LoggingEvent(EcsLogFormatterTest.class.getName(), logger, level, message, thrown, null);
    event.setThreadName("http-nio-8080-exec-7");
    event.setMDCPropertyMap(mdc);
    more.accept(event);
    return event;
  }
}
