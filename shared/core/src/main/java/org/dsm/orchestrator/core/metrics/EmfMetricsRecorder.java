package org.dsm.orchestrator.core.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    List<String> components =
        record.componentDurationsMs().keySet().stream().limit(MAX_COMPONENT_METRICS).toList();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(2048);
    try (JsonGenerator json = FACTORY.createGenerator(buffer)) {
      json.writeStartObject();
      json.writeObjectFieldStart("_aws");
      json.writeNumberField("Timestamp", record.startTime().toEpochMilli());
      json.writeArrayFieldStart("CloudWatchMetrics");
      json.writeStartObject();
      json.writeStringField("Namespace", namespace);
      json.writeArrayFieldStart("Dimensions");
      json.writeArray(new String[] {"function"}, 0, 1);
      json.writeArray(new String[] {"function", "platform"}, 0, 2);
      json.writeEndArray();
      json.writeArrayFieldStart("Metrics");
      metric(json, "Duration", MILLISECONDS);
      metric(json, "ColdStart", COUNT);
      metric(json, "Error", COUNT);
      metric(json, "CpuTime", MILLISECONDS);
      if (record.initDurationMs() != null) { // the cold invocation's init phase, its own metric
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
      json.writeStringField("function", record.function());
      json.writeStringField("platform", record.platform());
      json.writeNumberField("Duration", record.totalDurationMs());
      json.writeNumberField("ColdStart", record.coldStart() ? 1 : 0);
      json.writeNumberField("Error", record.failed() ? 1 : 0);
      json.writeNumberField("CpuTime", record.cpuTimeMs());
      if (record.initDurationMs() != null) {
        json.writeNumberField("InitDuration", record.initDurationMs());
      }
      json.writeNumberField("MetricsUnwritten", unwritten.takeUnreported());
      for (String component : components) {
        json.writeNumberField(
            "Duration." + component, record.componentDurationsMs().get(component));
      }
      json.writeStringField("project_id", record.projectId());
      json.writeStringField("invocation_id", record.invocationId());
      json.writeStringField("trigger", record.trigger());
      json.writeNumberField("status_code", record.statusCode());
      json.writeStringField("error_type", record.errorType());
      json.writeBooleanField("cold_start", record.coldStart());
      json.writeStringField("app_version", record.appVersion());
      json.writeNumberField("schema_version", record.schemaVersion());
      json.writeNumberField("metrics_unwritten", unwritten.total());
      json.writeEndObject();
    }
    buffer.write('\n');
    return buffer.toByteArray();
  }

  private static final String MILLISECONDS = "Milliseconds";
  private static final String COUNT = "Count";

  private static void metric(JsonGenerator json, String name, String unit) throws IOException {
    json.writeStartObject();
    json.writeStringField("Name", name);
    json.writeStringField("Unit", unit);
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
