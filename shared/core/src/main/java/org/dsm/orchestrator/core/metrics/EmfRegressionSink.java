package org.dsm.orchestrator.core.metrics;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsm.orchestrator.core.port.RegressionSink;
import org.dsm.orchestrator.core.regression.RegressionReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * One CloudWatch Embedded Metric Format line per regression check: the metric {@code Regressions}
 * (number of causes, 0 when none) with dimensions function and source, and the causes as a
 * property, so a CloudWatch alarm on {@code Regressions > 0} needs no log parsing.
 */
public final class EmfRegressionSink implements RegressionSink {
  private static final Logger LOG = LoggerFactory.getLogger(EmfRegressionSink.class);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final PrintStream out;
  private final String namespace;

  public EmfRegressionSink(PrintStream out, String namespace) {
    this.out = out;
    this.namespace = namespace;
  }

  public EmfRegressionSink() {
    this(System.out, EmfMetricsRecorder.DEFAULT_NAMESPACE);
  }

  @Override
  public void publish(String source, String function, RegressionReport report) {
    try {
      String line = MAPPER.writeValueAsString(document(source, function, report));
      synchronized (out) {
        out.println(line);
      }
    } catch (Exception e) {
      LOG.warn("EMF regression line for {} not written: {}", function, e.toString());
    }
  }

  Map<String, Object> document(String source, String function, RegressionReport report) {
    Map<String, Object> directive = new LinkedHashMap<>();
    directive.put("Namespace", namespace);
    directive.put("Dimensions", List.of(List.of("function", "source")));
    directive.put("Metrics", List.of(Map.of("Name", "Regressions", "Unit", "Count")));
    Map<String, Object> aws = new LinkedHashMap<>();
    aws.put("Timestamp", System.currentTimeMillis());
    aws.put("CloudWatchMetrics", List.of(directive));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("_aws", aws);
    document.put("function", function);
    document.put("source", source);
    document.put("Regressions", report.causes().size());
    document.put("regression_status", report.status());
    document.put("regression_causes", report.causes());
    document.put("baseline", report.baseline());
    return document;
  }
}
