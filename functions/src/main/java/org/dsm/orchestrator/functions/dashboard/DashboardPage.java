package org.dsm.orchestrator.functions.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.dsm.orchestrator.core.metrics.BucketAccumulator;
import org.dsm.orchestrator.core.metrics.MetricsAggregate.LatencySummary;
import org.dsm.orchestrator.core.monitor.Operations;
import org.dsm.orchestrator.core.regression.Regression;
import org.dsm.orchestrator.core.regression.RegressionReport;
import org.dsm.orchestrator.core.report.PerformanceHistory;
import org.dsm.orchestrator.core.report.PerformanceHistory.Slice;

/**
 * The history page: one self-contained HTML document (inline CSS and server-drawn inline SVG, no
 * script, nothing fetched), so it renders behind any proxy and under a {@code default-src 'none'}
 * policy. Charts: invocations per slice, error and cold-start rates, and p50/p95/p99 over time for
 * each component, outermost first, with the thresholds drawn where they apply and the regressions
 * of the window marked on their components. Every series is an SVG element carrying {@code
 * data-series}, so a test (or a person with the inspector) finds it by name.
 */
public final class DashboardPage {
  public static final String CONTENT_TYPE = "text/html; charset=utf-8";

  /** Scripts, frames and fetches are all refused: the page needs none. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
          + "form-action 'none'; frame-ancestors 'none'";

  static final int WIDTH = 760;
  static final int HEIGHT = 190;
  static final int LEFT = 64;
  static final int RIGHT = 16;
  static final int TOP = 12;
  static final int BOTTOM = 28;
  private static final String[] PERCENTILE_COLOURS = {"#2b8a3e", "#1c7ed6", "#c92a2a"};

  private DashboardPage() {}

  public static String render(PerformanceHistory h) {
    StringBuilder html = new StringBuilder(32_768);
    long invocations = h.slices().stream().mapToLong(Slice::invocations).sum();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Performance history - ")
        .append(esc(h.projectId()))
        .append(" (")
        .append(esc(h.window()))
        .append(")</title><style>")
        .append(CSS)
        .append("</style></head><body>\n");
    html.append("<header><h1>Performance history &middot; ")
        .append(esc(h.projectId()))
        .append("</h1><p id=\"summary\">orchestrations over the last <b>")
        .append(esc(h.window()))
        .append("</b> (")
        .append(time(h.from(), true))
        .append(" &ndash; ")
        .append(time(h.to(), true))
        .append(" UTC) &middot; ")
        .append(h.slices().size())
        .append(" slices of ")
        .append(minutes(h))
        .append(" &middot; store <b>")
        .append(esc(h.store()))
        .append("</b> &middot; <b id=\"invocations-total\">")
        .append(invocations)
        .append("</b> invocations</p></header>\n");
    incomplete(html, h.incomplete());
    regressions(html, h.regressions());
    html.append("<section class=\"row\">");
    invocationsChart(html, h);
    ratesChart(html, h);
    html.append("</section>\n<section id=\"components\">");
    if (h.components().isEmpty()) {
      html.append(
          "<p class=\"empty\">No orchestration of this project was recorded in the window.</p>");
    }
    for (String component : h.components()) {
      componentChart(html, h, component);
    }
    html.append(
            "</section>\n<footer>p50 <span class=\"key p50\"></span> p95 <span class=\"key p95\">")
        .append("</span> p99 <span class=\"key p99\"></span> &middot; dashed: threshold &middot; ")
        .append("percentiles merged across instances from the metrics store</footer>\n")
        .append("</body></html>\n");
    return html.toString();
  }

  /**
   * Why the figures drawn may undercount, above everything they qualify; nothing when known whole.
   */
  private static void incomplete(StringBuilder html, List<String> reasons) {
    if (reasons.isEmpty()) {
      return;
    }
    html.append("<section id=\"incomplete\"><h2>These figures may undercount</h2><ul>");
    for (String reason : reasons) {
      html.append("<li>").append(esc(reason)).append("</li>");
    }
    html.append("</ul></section>\n");
  }

  private static void regressions(StringBuilder html, RegressionReport r) {
    String status = r == null ? RegressionReport.NO_BASELINE : r.status();
    html.append("<section id=\"regressions\" class=\"")
        .append(esc(status))
        .append("\"><h2>Regressions against the previous window: <span id=\"regression-status\">")
        .append(esc(status))
        .append("</span></h2>");
    if (r == null || r.regressions().isEmpty()) {
      html.append("<p>")
          .append(
              r == null || r.note() == null
                  ? "No component is worse than in the previous window by more than the margins."
                  : esc(r.note()))
          .append("</p></section>\n");
      return;
    }
    html.append("<table><thead><tr><th>component</th><th>metric</th><th>before</th><th>now</th>")
        .append("<th>change</th><th>role</th></tr></thead><tbody>");
    for (Regression g : r.regressions()) {
      html.append("<tr class=\"")
          .append(esc(g.role()))
          .append("\" data-regression=\"")
          .append(esc(g.component()))
          .append("\"><td>")
          .append(esc(g.component()))
          .append("</td><td>")
          .append(esc(g.metric()))
          .append("</td><td>")
          .append(num(g.baseline()))
          .append("</td><td>")
          .append(num(g.current()))
          .append("</td><td>+")
          .append(num(g.change()))
          .append(g.relativeChange() == null ? "" : " (" + pct(g.relativeChange()) + ")")
          .append("</td><td>")
          .append(
              g.isCause() ? "<b>cause</b>" : "explained by " + esc(String.valueOf(g.explainedBy())))
          .append("</td></tr>");
    }
    html.append("</tbody></table></section>\n");
  }

  private static void invocationsChart(StringBuilder html, PerformanceHistory h) {
    double max = Math.max(1, h.slices().stream().mapToLong(Slice::invocations).max().orElse(0));
    Frame f = new Frame(h, niceCeiling(max));
    html.append(
            "<figure class=\"chart half\" id=\"chart-invocations\"><figcaption>Invocations per ")
        .append(minutes(h))
        .append("</figcaption>");
    f.open(html, "invocations");
    double slot = f.plotWidth() / h.slices().size();
    for (int i = 0; i < h.slices().size(); i++) {
      long n = h.slices().get(i).invocations();
      if (n == 0) {
        continue;
      }
      double y = f.y(n);
      html.append("<rect data-series=\"invocations\" x=\"")
          .append(fmt(LEFT + i * slot + slot * 0.1))
          .append("\" y=\"")
          .append(fmt(y))
          .append("\" width=\"")
          .append(fmt(slot * 0.8))
          .append("\" height=\"")
          .append(fmt(TOP + f.plotHeight() - y))
          .append("\" fill=\"#495057\"><title>")
          .append(n)
          .append(" at ")
          .append(time(h.slices().get(i).from(), false))
          .append("</title></rect>");
    }
    html.append("</svg></figure>");
  }

  private static void ratesChart(StringBuilder html, PerformanceHistory h) {
    double errorLimit = 1 - h.thresholds().successRatePercent() / 100.0;
    double max =
        h.slices().stream()
            .mapToDouble(s -> Math.max(s.errorRate(), s.coldStartRate()))
            .max()
            .orElse(0);
    Frame f = new Frame(h, Math.min(1.0, niceCeiling(Math.max(max, errorLimit * 1.2))));
    f.percent = true;
    html.append("<figure class=\"chart half\" id=\"chart-rates\"><figcaption>")
        .append("Error rate <span class=\"key err\"></span> and cold-start rate ")
        .append("<span class=\"key cold\"></span></figcaption>");
    f.open(html, "rates");
    f.threshold(html, errorLimit, "error_rate", "max error rate " + pct(errorLimit));
    f.line(html, "error_rate", "#e8590c", s -> s.invocations() == 0 ? Double.NaN : s.errorRate());
    f.line(
        html,
        "cold_start_rate",
        "#7048e8",
        s -> s.invocations() == 0 ? Double.NaN : s.coldStartRate());
    html.append("</svg></figure>");
  }

  private static void componentChart(StringBuilder html, PerformanceHistory h, String component) {
    double max = 0;
    for (Slice s : h.slices()) {
      LatencySummary l = s.components().get(component);
      if (l != null && l.count() > 0) {
        max = Math.max(max, l.p99Ms());
      }
    }
    Double threshold = threshold(h, component);
    boolean thresholdOnScale = threshold != null && threshold <= Math.max(max, 1e-9) * 1.5;
    Frame f = new Frame(h, niceCeiling(thresholdOnScale ? Math.max(max, threshold) * 1.05 : max));
    Regression regression = regressionOf(h.regressions(), component);
    html.append("<figure class=\"chart")
        .append(regression == null ? "" : " regressed " + esc(regression.role()))
        .append("\" data-component=\"")
        .append(esc(component))
        .append("\"><figcaption><b>")
        .append(esc(component))
        .append("</b> ms (p50 / p95 / p99)");
    if (threshold != null) {
      html.append(" &middot; threshold ")
          .append(num(threshold))
          .append(" ms")
          .append(thresholdOnScale ? "" : " (above this scale)");
    }
    if (regression != null) {
      html.append(" <span class=\"badge\">")
          .append(
              regression.isCause()
                  ? "regression: p95 "
                      + num(regression.baseline())
                      + " &rarr; "
                      + num(regression.current())
                      + " ms"
                  : "slower, explained by " + esc(String.valueOf(regression.explainedBy())))
          .append("</span>");
    }
    html.append("</figcaption>");
    f.open(html, component);
    if (thresholdOnScale) {
      f.threshold(html, threshold, component, "threshold " + num(threshold) + " ms");
    }
    String[] names = {"p50", "p95", "p99"};
    List<ToDoubleFunction<LatencySummary>> values =
        List.of(LatencySummary::p50Ms, LatencySummary::p95Ms, LatencySummary::p99Ms);
    for (int p = 0; p < names.length; p++) {
      ToDoubleFunction<LatencySummary> value = values.get(p);
      f.line(
          html,
          component + ":" + names[p],
          PERCENTILE_COLOURS[p],
          s -> {
            LatencySummary l = s.components().get(component);
            return l == null || l.count() == 0 ? Double.NaN : value.applyAsDouble(l);
          });
    }
    html.append("</svg></figure>\n");
  }

  private static Double threshold(PerformanceHistory h, String component) {
    if (component.equals(Operations.TOTAL_ORCHESTRATION)
        || component.equals(Operations.REQUEST_TO_RESPONSE)
        || component.equals(BucketAccumulator.TOTAL)) {
      return h.thresholds().totalMs();
    }
    if (component.equals(Operations.FULL_PATTERN_ANALYSIS)) {
      return h.thresholds().patternAnalysisMs();
    }
    return null;
  }

  private static Regression regressionOf(RegressionReport report, String component) {
    if (report == null) {
      return null;
    }
    return report.regressions().stream()
        .filter(r -> r.component().equals(component) && r.metric().equals(Regression.P95))
        .findFirst()
        .orElse(null);
  }

  /** One chart's coordinate system: slices on x, 0..max on y, with grid and labels. */
  private static final class Frame {
    final PerformanceHistory h;
    final double max;
    boolean percent;

    Frame(PerformanceHistory h, double max) {
      this.h = h;
      this.max = max <= 0 ? 1 : max;
    }

    double plotWidth() {
      return WIDTH - LEFT - RIGHT;
    }

    double plotHeight() {
      return HEIGHT - TOP - BOTTOM;
    }

    double x(int slice) {
      return LEFT + (slice + 0.5) * plotWidth() / h.slices().size();
    }

    double y(double value) {
      return TOP + plotHeight() * (1 - Math.min(value, max) / max);
    }

    void open(StringBuilder html, String name) {
      html.append("<svg role=\"img\" aria-label=\"")
          .append(esc(name))
          .append("\" viewBox=\"0 0 ")
          .append(WIDTH)
          .append(' ')
          .append(HEIGHT)
          .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
      for (int i = 0; i <= 4; i++) {
        double v = max * i / 4;
        double y = y(v);
        html.append("<line class=\"grid\" x1=\"")
            .append(LEFT)
            .append("\" x2=\"")
            .append(WIDTH - RIGHT)
            .append("\" y1=\"")
            .append(fmt(y))
            .append("\" y2=\"")
            .append(fmt(y))
            .append("\"/><text class=\"axis\" x=\"")
            .append(LEFT - 6)
            .append("\" y=\"")
            .append(fmt(y + 4))
            .append("\" text-anchor=\"end\">")
            .append(percent ? pct(v) : num(v))
            .append("</text>");
      }
      int n = h.slices().size();
      int every = Math.max(1, (int) Math.ceil(n / 6.0));
      boolean days = Duration.between(h.from(), h.to()).toHours() > 48;
      for (int i = 0; i < n; i += every) {
        html.append("<text class=\"axis\" x=\"")
            .append(fmt(x(i)))
            .append("\" y=\"")
            .append(HEIGHT - 8)
            .append("\" text-anchor=\"middle\">")
            .append(time(h.slices().get(i).from(), days))
            .append("</text>");
      }
    }

    void threshold(StringBuilder html, double value, String name, String label) {
      double y = y(value);
      html.append("<line class=\"threshold\" data-threshold=\"")
          .append(esc(name))
          .append("\" x1=\"")
          .append(LEFT)
          .append("\" x2=\"")
          .append(WIDTH - RIGHT)
          .append("\" y1=\"")
          .append(fmt(y))
          .append("\" y2=\"")
          .append(fmt(y))
          .append("\"/><text class=\"threshold-label\" x=\"")
          .append(WIDTH - RIGHT - 4)
          .append("\" y=\"")
          .append(fmt(y - 4))
          .append("\" text-anchor=\"end\">")
          .append(esc(label))
          .append("</text>");
    }

    /** A polyline per run of slices with data (gaps where a slice has none), plus its points. */
    void line(StringBuilder html, String series, String colour, ToDoubleFunction<Slice> value) {
      StringBuilder d = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      boolean pen = false;
      int points = 0;
      for (int i = 0; i < h.slices().size(); i++) {
        double v = value.applyAsDouble(h.slices().get(i));
        if (Double.isNaN(v)) {
          pen = false;
          continue;
        }
        d.append(pen ? " L" : " M").append(fmt(x(i))).append(',').append(fmt(y(v)));
        pen = true;
        points++;
        dots.append("<circle cx=\"")
            .append(fmt(x(i)))
            .append("\" cy=\"")
            .append(fmt(y(v)))
            .append("\" r=\"2.2\" fill=\"")
            .append(colour)
            .append("\"><title>")
            .append(esc(series))
            .append(' ')
            .append(percent ? pct(v) : num(v) + " ms")
            .append(" at ")
            .append(time(h.slices().get(i).from(), false))
            .append("</title></circle>");
      }
      html.append("<g data-series=\"")
          .append(esc(series))
          .append("\" data-points=\"")
          .append(points)
          .append("\"><path fill=\"none\" stroke=\"")
          .append(colour)
          .append("\" stroke-width=\"1.6\" d=\"")
          .append(d.toString().trim())
          .append("\"/>")
          .append(dots)
          .append("</g>");
    }
  }

  /** 1, 2 or 5 times a power of ten, at least {@code value}. */
  static double niceCeiling(double value) {
    if (!(value > 0)) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * magnitude >= value) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String minutes(PerformanceHistory h) {
    if (h.slices().isEmpty()) {
      return "-";
    }
    long m = Duration.between(h.slices().get(0).from(), h.slices().get(0).to()).toMinutes();
    return m % 60 == 0 ? (m / 60) + " h" : m + " min";
  }

  private static final DateTimeFormatter HOURS =
      DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAYS =
      DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static String time(Instant t, boolean withDay) {
    return (withDay ? DAYS : HOURS).format(t);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e12) {
      return Long.toString((long) v);
    }
    return Math.abs(v) >= 10
        ? String.format(Locale.ROOT, "%.1f", v)
        : String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private static String pct(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction).replace(".0%", "%");
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static final String CSS =
      "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:20px;color:#212529;"
          + "background:#f8f9fa}header h1{font-size:20px;margin:0 0 4px}header p{margin:0 0 12px;color:#495057}"
          + "h2{font-size:15px;margin:0 0 6px}section{margin-bottom:14px}.row{display:flex;flex-wrap:wrap;gap:12px}"
          + ".chart{background:#fff;border:1px solid #dee2e6;border-radius:6px;padding:8px;margin:0 0 12px;"
          + "width:760px;max-width:100%}.chart.half{width:560px}.chart figcaption{margin-bottom:4px}"
          + ".chart svg{width:100%;height:auto;display:block}.chart.regressed.cause{border:2px solid #c92a2a}"
          + ".chart.regressed.explained{border:2px dashed #f08c00}.badge{background:#c92a2a;color:#fff;"
          + "border-radius:4px;padding:1px 6px;font-size:12px}.explained .badge{background:#f08c00}"
          + ".grid{stroke:#e9ecef;stroke-width:1}.axis{font-size:11px;fill:#868e96}"
          + ".threshold{stroke:#c92a2a;stroke-width:1.2;stroke-dasharray:6 4}"
          + ".threshold-label{font-size:11px;fill:#c92a2a}#incomplete{background:#fff4e6;border:2px solid #e8590c;"
          + "border-radius:6px;padding:8px;margin-bottom:8px}#regressions{background:#fff;border:1px solid #dee2e6;"
          + "border-radius:6px;padding:8px}#regressions.regressed{border:2px solid #c92a2a}"
          + "#regressions.ok h2 span{color:#2b8a3e}#regressions.regressed h2 span{color:#c92a2a}"
          + "table{border-collapse:collapse}td,th{padding:2px 10px;border-bottom:1px solid #e9ecef;text-align:left}"
          + "tr.cause td{font-weight:600;color:#c92a2a}.key{display:inline-block;width:18px;height:3px;"
          + "vertical-align:middle}.key.p50{background:#2b8a3e}.key.p95{background:#1c7ed6}"
          + ".key.p99{background:#c92a2a}.key.err{background:#e8590c}.key.cold{background:#7048e8}"
          + "footer{color:#868e96;font-size:12px}.empty{color:#868e96}";
}
