package org.dsm.orchestrator.core.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private static final ObjectMapper MAPPER = new ObjectMapper();

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
      String line = MAPPER.writeValueAsString(document(record));
      synchronized (out) { // one whole line per invocation, never interleaved
        out.println(line);
      }
      if (out.checkError()) {
        countFailure(record, "the output stream reported an error");
      }
    } catch (JsonProcessingException | RuntimeException e) {
      countFailure(record, e.toString());
    }
  }

  Map<String, Object> document(InvocationRecord record) {
    List<Map<String, String>> metrics = new ArrayList<>();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("function", record.function());
    root.put("platform", record.platform());
    metrics.add(metric("Duration", "Milliseconds"));
    root.put("Duration", record.totalDurationMs());
    metrics.add(metric("ColdStart", "Count"));
    root.put("ColdStart", record.coldStart() ? 1 : 0);
    metrics.add(metric("Error", "Count"));
    root.put("Error", record.failed() ? 1 : 0);
    metrics.add(metric("CpuTime", "Milliseconds"));
    root.put("CpuTime", record.cpuTimeMs());
    if (record.initDurationMs() != null) { // the cold invocation's init phase, its own metric
      metrics.add(metric("InitDuration", "Milliseconds"));
      root.put("InitDuration", record.initDurationMs());
    }
    metrics.add(metric("MetricsUnwritten", "Count"));
    root.put("MetricsUnwritten", unwritten.takeUnreported());
    record.componentDurationsMs().entrySet().stream()
        .limit(MAX_COMPONENT_METRICS)
        .forEach(
            component -> {
              String name = "Duration." + component.getKey();
              metrics.add(metric(name, "Milliseconds"));
              root.put(name, component.getValue());
            });
    root.put("project_id", record.projectId());
    root.put("invocation_id", record.invocationId());
    root.put("trigger", record.trigger());
    root.put("status_code", record.statusCode());
    root.put("error_type", record.errorType());
    root.put("cold_start", record.coldStart());
    root.put("app_version", record.appVersion());
    root.put("schema_version", record.schemaVersion());
    root.put("metrics_unwritten", unwritten.total());
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", namespace);
    directive.put("Dimensions", List.of(List.of("function"), List.of("function", "platform")));
    directive.put("Metrics", metrics);
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("Timestamp", record.startTime().toEpochMilli());
    aws.put("CloudWatchMetrics", List.of(directive));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("_aws", aws);
    document.putAll(root);
    return document;
  }

  private static Map<String, String> metric(String name, String unit) {
    return Map.of("Name", name, "Unit", unit);
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
