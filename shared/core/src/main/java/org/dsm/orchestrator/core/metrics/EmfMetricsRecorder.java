package org.dsm.orchestrator.core.metrics;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * Prints one CloudWatch Embedded Metric Format line per invocation, so on Lambda the log pipeline
 * turns it into CloudWatch metrics (percentiles and alarms included) with no network call.
 * Dimensions are function and platform (low cardinality); project, invocation id, trigger and
 * version go in as properties, searchable in Logs Insights without creating a metric per project.
 * Writes to the given stream (stdout in production).
 */
public final class EmfMetricsRecorder implements MetricsRecorder {
  public static final String DEFAULT_NAMESPACE = "DsmOrchestrator";

  /** EMF allows 100 metrics per object; the fixed ones take up to 6. */
  static final int MAX_COMPONENT_METRICS = 94;

  private static final Logger LOG = LoggerFactory.getLogger(EmfMetricsRecorder.class);
  private static final JsonFactory FACTORY = new JsonFactory();

  private final PrintStream out;
  private final String namespace;
  private final AtomicLong failed = new AtomicLong();
  private final UnwrittenRecords unwritten;

  /**
   * @param unwritten the store's lost records: each line carries {@code MetricsUnwritten} (records
   *     lost since the previous line, so the metric's sum is the number lost) and {@code
   *     metrics_unwritten} (the instance's total so far)
   */
  public EmfMetricsRecorder(PrintStream out, String namespace, UnwrittenRecords unwritten) {
    this.out = out;
    this.namespace = namespace;
    this.unwritten = unwritten;
  }

  public EmfMetricsRecorder(PrintStream out, String namespace) {
    this(out, namespace, new UnwrittenRecords());
  }

  public EmfMetricsRecorder() {
    this(System.out, DEFAULT_NAMESPACE);
  }

  public EmfMetricsRecorder(UnwrittenRecords unwritten) {
    this(System.out, DEFAULT_NAMESPACE, unwritten);
  }

  /** The same lines, formatted and written to nowhere. */
  @Override
  public MetricsRecorder rehearsal() {
    return new EmfMetricsRecorder(
        new PrintStream(OutputStream.nullOutputStream()), namespace, new UnwrittenRecords());
  }

  @Override
  public void record(InvocationRecord record) {
    try {
      byte[] line = line(record);
      synchronized (out) { // one whole line per invocation, never interleaved
        out.write(line, 0, line.length);
        out.flush();
      }
      if (out.checkError()) {
        countFailure(record, "the output stream reported an error");
      }
    } catch (IOException | RuntimeException e) {
      countFailure(record, e.toString());
    }
  }

  /**
   * The record's EMF document as one UTF-8 line (newline included), written field by field: the
   * directive names each metric before the values follow, so the components are walked twice. No
   * intermediate maps; the line goes out in a single write.
   */
  byte[] line(InvocationRecord record) throws IOException {
    // CloudWatch drops a whole line with a metric value that is no number, and JSON has no NaN or
    // Infinity (Jackson writes them as strings): such a value is left out, the others kept
    List<String> components =
        record.componentDurationsMs().entrySet().stream()
            .filter(component -> Double.isFinite(component.getValue()))
            .map(Map.Entry::getKey)
            .limit(MAX_COMPONENT_METRICS)
            .toList();
    boolean duration = Double.isFinite(record.totalDurationMs());
    boolean cpuTime = Double.isFinite(record.cpuTimeMs());
    boolean initDuration =
        record.initDurationMs() != null && Double.isFinite(record.initDurationMs());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(2048);
    try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
      json.writeStartObject();
      json.writeObjectPropertyStart("_aws");
      json.writeNumberProperty("Timestamp", record.startTime().toEpochMilli());
      json.writeArrayPropertyStart("CloudWatchMetrics");
      json.writeStartObject();
      json.writeStringProperty("Namespace", namespace);
      json.writeArrayPropertyStart("Dimensions");
      json.writeArray(new String[] {"function"}, 0, 1);
      json.writeArray(new String[] {"function", "platform"}, 0, 2);
      json.writeEndArray();
      json.writeArrayPropertyStart("Metrics");
      if (duration) {
        metric(json, "Duration", MILLISECONDS);
      }
      metric(json, "ColdStart", COUNT);
      metric(json, "Error", COUNT);
      if (cpuTime) {
        metric(json, "CpuTime", MILLISECONDS);
      }
      if (initDuration) { // the cold invocation's init phase, its own metric
        metric(json, "InitDuration", MILLISECONDS);
      }
      metric(json, "MetricsUnwritten", COUNT);
      for (String component : components) {
        metric(json, "Duration." + component, MILLISECONDS);
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeEndArray();
      json.writeEndObject();
      json.writeStringProperty("function", record.function());
      json.writeStringProperty("platform", record.platform());
      if (duration) {
        json.writeNumberProperty("Duration", record.totalDurationMs());
      }
      json.writeNumberProperty("ColdStart", record.coldStart() ? 1 : 0);
      json.writeNumberProperty("Error", record.failed() ? 1 : 0);
      if (cpuTime) {
        json.writeNumberProperty("CpuTime", record.cpuTimeMs());
      }
      if (initDuration) {
        json.writeNumberProperty("InitDuration", record.initDurationMs());
      }
      json.writeNumberProperty("MetricsUnwritten", unwritten.takeUnreported());
      for (String component : components) {
        json.writeNumberProperty(
            "Duration." + component, record.componentDurationsMs().get(component));
      }
      json.writeStringProperty("project_id", record.projectId());
      json.writeStringProperty("invocation_id", record.invocationId());
      json.writeStringProperty("trigger", record.trigger());
      json.writeNumberProperty("status_code", record.statusCode());
      json.writeStringProperty("error_type", record.errorType());
      json.writeBooleanProperty("cold_start", record.coldStart());
      json.writeStringProperty("app_version", record.appVersion());
      json.writeNumberProperty("schema_version", record.schemaVersion());
      json.writeNumberProperty("metrics_unwritten", unwritten.total());
      json.writeEndObject();
    }
    buffer.write('\n');
    return buffer.toByteArray();
  }

  private static final String MILLISECONDS = "Milliseconds";
  private static final String COUNT = "Count";

  private static void metric(JsonGenerator json, String name, String unit) {
    json.writeStartObject();
    json.writeStringProperty("Name", name);
    json.writeStringProperty("Unit", unit);
    json.writeEndObject();
  }

  private void countFailure(InvocationRecord record, String reason) {
    long total = failed.incrementAndGet();
    LOG.warn(
        "EMF line for {} of {} not written ({} so far): {}",
        record.invocationId(),
        record.function(),
        total,
        reason);
  }

  @Override
  public void flush() {
    out.flush();
  }

  @Override
  public long failedRecords() {
    return failed.get();
  }
}
