package org.dsm.orchestrator.functions.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * GET /metrics: the Prometheus exposition of this instance (text format 0.0.4, or OpenMetrics when
 * the scraper asks for it). More specific than the API controller's catch-all, so only GET lands
 * here; any other method on /metrics gets the API's JSON 404. 404 as well when the export is not
 * Prometheus.
 */
@RestController
@ConditionalOnWebApplication
public class MetricsScrapeController {
  static final String OPENMETRICS = "application/openmetrics-text";
  static final String TEXT_004 = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPENMETRICS_100 =
      "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private final MeterRegistry registry;

  public MetricsScrapeController(MeterRegistry registry) {
    this.registry = registry;
  }

  @GetMapping("/metrics")
  public ResponseEntity<String> scrape(
      @RequestHeader(value = "Accept", required = false) String accept) {
    if (!(registry instanceof PrometheusMeterRegistry prometheus)) {
      return ResponseEntity.status(404)
          .header("Content-Type", "application/json")
          .body(
              "{\"detail\":\"Not found: metrics are not exported for scraping (METRICS_EXPORT)\"}");
    }
    String type = accept != null && accept.contains(OPENMETRICS) ? OPENMETRICS_100 : TEXT_004;
    return ResponseEntity.ok().header("Content-Type", type).body(prometheus.scrape(type));
  }
}
