package org.dsm.orchestrator.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.assertj.core.api.SoftAssertions;
import org.dsm.orchestrator.core.Core;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDataset;
import org.dsm.orchestrator.core.data.embedded.EmbeddedDsm;
import org.dsm.orchestrator.core.domain.OrchestrationOptions;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.dsm.orchestrator.core.domain.ProjectSnapshot;
import org.dsm.orchestrator.core.error.DependencyUnavailableException;
import org.dsm.orchestrator.core.error.ProjectNotFoundException;
import org.dsm.orchestrator.core.fixtures.MutableClock;
import org.dsm.orchestrator.core.invocation.Deadline;
import org.dsm.orchestrator.core.invocation.FunctionNames;
import org.dsm.orchestrator.core.invocation.InvocationContext;
import org.dsm.orchestrator.core.metrics.MetricsAggregate.LatencySummary;
import org.dsm.orchestrator.core.monitor.ProcessResourceMonitor;
import org.dsm.orchestrator.core.orchestration.OrchestrationRequest;
import org.dsm.orchestrator.core.port.DsmPorts;
import org.dsm.orchestrator.core.port.MetricsStore;
import org.dsm.orchestrator.core.port.MetricsStore.MetricsQuery;
import org.dsm.orchestrator.core.port.MetricsStore.RecordPage;
import org.dsm.orchestrator.core.port.ProjectStateSource;
import org.dsm.orchestrator.core.report.PerformanceHistory;
import org.dsm.orchestrator.core.report.PerformanceReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ground truth for every store: a known workload (three hours across a UTC midnight, three
 * functions, two projects and none, 4xx, 5xx and errors recorded with a success status, cold
 * starts, durations from a microsecond to seconds, records exactly on minute boundaries and a
 * microsecond either side, batches written on time, late and retried) is written, and every figure
 * the store reports over many windows and filters is compared with what the records say: counts and
 * rates exactly, mean and max exactly, p50/p95/p99 equal to one histogram of the window's records
 * and within the histogram's precision (1 %) of the true nearest-rank percentile; the history pages
 * hold exactly the window's records, newest first. The comparisons run with the minutes open, after
 * they settled and were compacted, and with the retention cut-off inside the workload.
 */
public abstract class GroundTruthContract {
  private static final Duration RETENTION = Duration.ofDays(7);
  private static final String[] COMPONENTS = {
    "total_orchestration", "chronicle_fetch", "rule_decision", "similarity_analysis"
  };

  protected MetricsStore store;
  protected MutableClock clock;
  private String orchestrate;
  private String report;
  private String benchmark;
  private String projectA;
  private String projectB;
  private Instant base;
  private Instant end;
  private final List<InvocationRecord> truth = new ArrayList<>();

  /** The store under test, judging age by {@code maintenance}. */
  protected abstract MetricsStore createStore(StoreMaintenance maintenance);

  /** The precision the store keeps start times at (PostgreSQL and DynamoDB: microseconds). */
  protected static Instant micros(Instant time) {
    return time.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }

  @BeforeEach
  void open() {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    orchestrate = "orchestrate-" + suffix;
    report = "performanceMetrics-" + suffix;
    benchmark = "orchestrateBenchmark-" + suffix;
    projectA = "GT-A-" + suffix;
    projectB = "GT-B-" + suffix;
    Random random = new Random(suffix.hashCode());
    // 22:30 of a random day in 2041..2049: the workload crosses a UTC midnight (DynamoDB's day
    // partitions) and no other test's data is in its hours
    base = Instant.parse("2041-01-01T22:30:00Z").plus(Duration.ofDays(random.nextInt(365 * 8)));
    end = base.plus(Duration.ofHours(3));
    clock = new MutableClock(base);
    store = createStore(new StoreMaintenance(RETENTION, clock));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void everyFigureMatchesTheRecordsBeforeAndAfterCompactionAndAtTheRetentionCutoff() {
    Random random = new Random(base.getEpochSecond());
    writeWorkload(random);
    List<Window> windows = windows(random);

    clock.set(end.plus(Duration.ofMinutes(1))); // the last minutes still open
    compareAll(windows, "open minutes");

    clock.set(end.plus(Duration.ofMinutes(20))); // every minute settled: reads compact them
    store.maintain();
    compareAll(windows, "compacting read");
    compareAll(windows, "after compaction");

    // the cut-off 70 min 17.25 s into the workload: inside a minute, between records
    clock.set(base.plus(RETENTION).plus(Duration.ofMinutes(70)).plusMillis(17_250));
    compareAll(windows, "retention cut-off inside the window");
    store.maintain();
    compareAll(windows, "after the retention sweep");
  }

  /**
   * The use cases on this store: orchestrations of two projects (cold and warm, dry runs, a DSM
   * service down: 503, unknown projects: 404) and benchmark runs, a minute or so apart; then the
   * report and the history page must say what the records written for them say, over a window whose
   * start falls between them.
   */
  @Test
  void theReportAndTheHistoryPageSayWhatTheWrittenRecordsSay() {
    Remembering remembering = new Remembering(store);
    AtomicBoolean stateDown = new AtomicBoolean();
    DsmPorts embedded = EmbeddedDsm.create().ports();
    ProjectStateSource state =
        new ProjectStateSource() {
          @Override
          public ProjectSnapshot load(ProjectId projectId, LocalDate from, LocalDate to) {
            if (stateDown.get()) {
              throw new DependencyUnavailableException("project-service", "down in the test", null);
            }
            return embedded.state().load(projectId, from, to);
          }

          @Override
          public boolean isDailyScrumScheduled(ProjectId projectId, String scheduleName) {
            return embedded.state().isDailyScrumScheduled(projectId, scheduleName);
          }
        };
    DsmPorts ports =
        new DsmPorts(
            state, embedded.chronicle(), embedded.actions(), embedded.health(), embedded.records());
    ProjectId test = ProjectId.of(EmbeddedDataset.TEST);
    ProjectId steady = ProjectId.of(EmbeddedDataset.STEADY);
    clock.set(base);
    try (ProcessResourceMonitor resources = new ProcessResourceMonitor()) {
      Core core =
          Core.builder()
              .ports(ports)
              .store(remembering)
              .resources(resources)
              .executor(Runnable::run)
              .clock(clock)
              .appVersion("gt")
              .build();
      for (int i = 0; i < 90; i++) {
        clock.set(base.plusSeconds(13L * i).plusNanos(1_000L * i)); // across minute edges
        String id = "gt-" + i;
        OrchestrationRequest request =
            new OrchestrationRequest(
                i % 9 == 4 ? steady : test,
                OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
                OrchestrationOptions.DEFAULTS.withDryRun(true));
        InvocationContext context = new InvocationContext(id, "local", "http", i % 30 == 0);
        switch (i % 9) {
          case 1 -> {
            stateDown.set(true);
            assertThatThrownBy(() -> core.orchestration().orchestrate(request, context))
                .isInstanceOf(DependencyUnavailableException.class);
            stateDown.set(false);
          }
          case 2 ->
              assertThatThrownBy(
                      () ->
                          core.orchestration()
                              .orchestrate(
                                  new OrchestrationRequest(
                                      ProjectId.of("NOPE-" + id),
                                      OrchestrationRequest.ANALYZE_AND_ORCHESTRATE,
                                      OrchestrationOptions.DEFAULTS.withDryRun(true)),
                                  context))
                  .isInstanceOf(ProjectNotFoundException.class);
          case 7 ->
              core.benchmark()
                  .run(
                      List.of(test),
                      2,
                      new InvocationContext("bench-" + i, "local", "benchmark", false));
          default -> core.orchestration().orchestrate(request, context);
        }
      }
      clock.set(base.plusSeconds(13L * 90 + 5));
      Duration window = Duration.ofMinutes(12); // starts inside the workload's second minute
      PerformanceReport report =
          core.reports()
              .report(test, window, new InvocationContext("gt-report", "local", "http", false));
      PerformanceReport.History history = report.history();
      assertThat(history.error()).isNull();
      assertThat(history.incomplete()).isFalse();
      List<InvocationRecord> written = remembering.written();
      List<InvocationRecord> expected =
          written.stream()
              .filter(r -> r.function().equals(FunctionNames.ORCHESTRATE))
              .filter(r -> EmbeddedDataset.TEST.equals(r.projectId()))
              .filter(
                  r ->
                      !r.startTime().isBefore(history.from())
                          && r.startTime().isBefore(history.to()))
              .toList();
      assertThat(expected).hasSizeGreaterThan(30); // ok, 503s and cold starts among them
      assertThat(expected).anyMatch(r -> r.statusCode() == 503);
      assertThat(expected).anyMatch(InvocationRecord::coldStart);
      SoftAssertions softly = new SoftAssertions();
      compare(
          softly,
          "report history",
          expected,
          new MetricsAggregate(
              history.invocations(),
              history.errorRate(),
              history.coldStartRate(),
              history.components(),
              history.clientErrorRate()));
      softly
          .assertThat(history.benchmarkInvocations())
          .as("benchmark_invocations")
          .isEqualTo(
              written.stream()
                  .filter(r -> r.function().equals(FunctionNames.ORCHESTRATE_BENCHMARK))
                  .filter(r -> EmbeddedDataset.TEST.equals(r.projectId()))
                  .filter(
                      r ->
                          !r.startTime().isBefore(history.from())
                              && r.startTime().isBefore(history.to()))
                  .count());
      softly.assertThat(report.componentMetrics()).isEqualTo(history.components());

      PerformanceHistory page = core.history().history(test, window, clock.instant());
      softly.assertThat(page.incomplete()).as("page incomplete").isEmpty();
      for (PerformanceHistory.Slice slice : page.slices()) {
        compare(
            softly,
            "page slice " + slice.from(),
            written.stream()
                .filter(r -> r.function().equals(FunctionNames.ORCHESTRATE))
                .filter(r -> EmbeddedDataset.TEST.equals(r.projectId()))
                .filter(
                    r ->
                        !r.startTime().isBefore(slice.from()) && r.startTime().isBefore(slice.to()))
                .toList(),
            new MetricsAggregate(
                slice.invocations(),
                slice.errorRate(),
                slice.coldStartRate(),
                slice.components(),
                // the page draws no client-error rate: take the truth's
                0.0));
      }
      softly.assertAll();
    }
  }

  /** The store, remembering every record written to it: the truth the reports are held to. */
  private static final class Remembering implements MetricsStore {
    private final MetricsStore store;
    private final List<InvocationRecord> written =
        new java.util.concurrent.CopyOnWriteArrayList<>();

    Remembering(MetricsStore store) {
      this.store = store;
    }

    List<InvocationRecord> written() {
      return List.copyOf(written);
    }

    @Override
    public void write(List<InvocationRecord> batch) {
      store.write(batch);
      written.addAll(batch);
    }

    @Override
    public void write(List<InvocationRecord> batch, Deadline deadline) {
      store.write(batch, deadline);
      written.addAll(batch);
    }

    @Override
    public RecordPage query(MetricsQuery query) {
      return store.query(query);
    }

    @Override
    public MetricsAggregate aggregate(String function, String projectId, Instant from, Instant to) {
      return store.aggregate(function, projectId, from, to);
    }

    @Override
    public boolean holdsEverythingIn(Instant from, Instant to) {
      return store.holdsEverythingIn(from, to);
    }

    @Override
    public String name() {
      return store.name();
    }
  }

  /** The records, written as instances would write them. */
  private void writeWorkload(Random random) {
    Set<Instant> starts = new HashSet<>();
    List<Instant> times = new ArrayList<>();
    // records on minute boundaries, a microsecond before and after, and at midnight
    for (int minute = 0; minute < 180; minute += 7) {
      Instant boundary = base.plus(Duration.ofMinutes(minute));
      times.add(boundary);
      times.add(boundary.minusNanos(1_000));
      times.add(boundary.plusNanos(1_000));
    }
    for (int i = 0; i < 700; i++) {
      times.add(base.plusNanos(1_000L * (long) (random.nextDouble() * 3 * 3600 * 1_000_000L)));
    }
    times.removeIf(t -> !starts.add(t) || t.isBefore(base));
    times.sort(Comparator.naturalOrder());
    int n = 0;
    for (Instant start : times) {
      truth.add(record(random, "inv-" + (n++), start));
    }
    // the same invocation id used again by a later invocation (a client's retried X-Request-Id)
    truth.add(
        rekey(truth.get(5), truth.get(5).invocationId(), truth.get(5).startTime().plusMillis(1)));
    truth.sort(Comparator.comparing(InvocationRecord::startTime));

    int i = 0;
    List<InvocationRecord> retryLater = null;
    while (i < truth.size()) {
      int size = 1 + random.nextInt(40);
      List<InvocationRecord> batch = truth.subList(i, Math.min(truth.size(), i + size));
      Instant last = batch.get(batch.size() - 1).startTime();
      int kind = random.nextInt(10);
      // most batches within seconds; some after their minutes turned late (5 min) or even settled
      Duration delay =
          kind == 0
              ? Duration.ofMinutes(6 + random.nextInt(20))
              : Duration.ofMillis(200 + random.nextInt(3_000));
      clock.set(last.plus(delay));
      store.write(List.copyOf(batch));
      if (kind == 1) {
        store.write(List.copyOf(batch)); // a retry after a lost answer
      }
      if (kind == 2 && retryLater == null) {
        retryLater = List.copyOf(batch);
      }
      i += size;
    }
    if (retryLater != null) { // retried after its minutes turned late
      clock.set(retryLater.get(retryLater.size() - 1).startTime().plus(Duration.ofMinutes(8)));
      store.write(retryLater);
    }
    assertThat(truth).hasSizeGreaterThan(700);
  }

  private InvocationRecord record(Random random, String id, Instant start) {
    String function =
        switch (random.nextInt(10)) {
          case 0, 1 -> report;
          case 2 -> benchmark;
          default -> orchestrate;
        };
    String project = random.nextBoolean() ? projectA : projectB;
    int status = 200;
    String errorType = null;
    int outcome = random.nextInt(20);
    boolean ranUseCase = true;
    switch (outcome) {
      case 0 -> { // bad input: rejected before the use case
        status = 400;
        errorType = "InvalidRequest";
        ranUseCase = false;
      }
      case 1 -> { // an unknown project: filed under none
        status = 404;
        errorType = "ProjectNotFoundException";
        project = null;
      }
      case 2 -> {
        status = 500;
        errorType = "IllegalStateException";
      }
      case 3, 4 -> { // a DSM service down
        status = 503;
        errorType = "DependencyUnavailableException";
      }
      case 5 -> errorType = "RecordedFailure"; // an error recorded with a success status
      default -> {}
    }
    Map<String, Double> components = new LinkedHashMap<>();
    if (ranUseCase) {
      for (String component : COMPONENTS) {
        if (random.nextInt(4) > 0) {
          components.put(component, duration(random));
        }
      }
    }
    double total =
        components.values().stream().mapToDouble(Double::doubleValue).sum() + duration(random);
    return new InvocationRecord(
        InvocationRecord.CURRENT_SCHEMA_VERSION,
        function,
        id,
        project,
        "local",
        function.equals(benchmark) ? "benchmark" : "http",
        random.nextInt(10) == 0,
        start,
        total,
        components,
        status,
        errorType,
        1.0,
        2.0,
        "gt",
        null,
        null);
  }

  /** From a microsecond to seconds, log-uniform, at microsecond resolution. */
  private static double duration(Random random) {
    double ms = Math.pow(10, -3 + random.nextDouble() * 6.5);
    return Math.round(ms * 1000.0) / 1000.0;
  }

  private static InvocationRecord rekey(InvocationRecord r, String id, Instant start) {
    return new InvocationRecord(
        r.schemaVersion(),
        r.function(),
        id,
        r.projectId(),
        r.platform(),
        r.trigger(),
        r.coldStart(),
        start,
        r.totalDurationMs() + 1,
        r.componentDurationsMs(),
        r.statusCode(),
        r.errorType(),
        r.memoryIncreaseMb(),
        r.cpuTimeMs(),
        r.appVersion(),
        r.principal(),
        r.initDurationMs());
  }

  private record Window(Instant from, Instant to, String why) {}

  private List<Window> windows(Random random) {
    List<Window> windows = new ArrayList<>();
    Instant midnight = base.plus(Duration.ofMinutes(90));
    windows.add(new Window(base.minus(Duration.ofHours(1)), end.plus(Duration.ofHours(1)), "all"));
    windows.add(new Window(base, end, "aligned, three hours"));
    windows.add(new Window(midnight, end, "from midnight"));
    windows.add(new Window(base.plusSeconds(600), midnight, "to midnight"));
    windows.add(new Window(midnight.minusSeconds(1), midnight.plusSeconds(1), "across midnight"));
    windows.add(
        new Window(base.plus(Duration.ofMinutes(7)), base.plus(Duration.ofMinutes(8)), "a minute"));
    windows.add(
        new Window(
            base.plus(Duration.ofMinutes(7)).minusNanos(1_000),
            base.plus(Duration.ofMinutes(14)).plusNanos(1_000),
            "a microsecond beyond whole minutes"));
    windows.add(
        new Window(
            base.plus(Duration.ofMinutes(7)).plusNanos(1_000),
            base.plus(Duration.ofMinutes(14)).minusNanos(1_000),
            "a microsecond inside whole minutes"));
    // exactly at records' starts: the one at `from` counts, the one at `to` does not
    for (int i = 0; i < 8; i++) {
      Instant a = truth.get(random.nextInt(truth.size())).startTime();
      Instant b = truth.get(random.nextInt(truth.size())).startTime();
      if (!a.equals(b)) {
        windows.add(
            new Window(a.isBefore(b) ? a : b, a.isBefore(b) ? b : a, "edges on records' starts"));
      }
    }
    for (int i = 0; i < 10; i++) {
      long x = (long) (random.nextDouble() * 3 * 3600 * 1_000_000L);
      long len = (long) (Math.pow(10, random.nextDouble() * 4) * 1_000_000L); // 1 s .. 3 h
      windows.add(
          new Window(
              base.plusNanos(x * 1_000), base.plusNanos((x + Math.max(1, len)) * 1_000), "random"));
    }
    return windows;
  }

  private void compareAll(List<Window> windows, String phase) {
    SoftAssertions softly = new SoftAssertions();
    String[] functions = {orchestrate, report, null};
    String[] projects = {projectA, projectB, null};
    int cases = 0;
    for (Window window : windows) {
      for (String function : functions) {
        for (String project : projects) {
          String label =
              phase
                  + ", "
                  + window.why()
                  + " "
                  + window.from()
                  + ".."
                  + window.to()
                  + " fn="
                  + function
                  + " project="
                  + project;
          List<InvocationRecord> expected = expected(function, project, window.from(), window.to());
          compare(
              softly,
              label,
              expected,
              store.aggregate(function, project, window.from(), window.to()));
          cases++;
        }
      }
    }
    // the history pages: every filter over the whole workload and two windows with ragged edges
    for (Window window : List.of(windows.get(0), windows.get(6), windows.get(windows.size() - 1))) {
      for (String function : functions) {
        for (String project : projects) {
          for (int pageSize : new int[] {7, 100}) {
            List<String> expected =
                expected(function, project, window.from(), window.to()).stream()
                    .sorted(MetricsQueries.NEWEST_FIRST)
                    .map(GroundTruthContract::key)
                    .toList();
            softly
                .assertThat(pages(function, project, window.from(), window.to(), pageSize))
                .as(
                    phase
                        + ", pages of "
                        + pageSize
                        + " "
                        + window
                        + " fn="
                        + function
                        + " project="
                        + project)
                .containsExactlyElementsOf(expected);
          }
        }
      }
    }
    assertThat(cases).isGreaterThan(200);
    softly.assertAll();
  }

  private List<InvocationRecord> expected(
      String function, String project, Instant from, Instant to) {
    Instant live =
        from.isBefore(clock.instant().minus(RETENTION)) ? clock.instant().minus(RETENTION) : from;
    return truth.stream()
        .filter(r -> function == null || function.equals(r.function()))
        .filter(r -> project == null || project.equals(r.projectId()))
        .filter(r -> !r.startTime().isBefore(live) && r.startTime().isBefore(to))
        .toList();
  }

  private List<String> pages(String function, String project, Instant from, Instant to, int size) {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      RecordPage page = store.query(new MetricsQuery(function, project, from, to, size, token));
      page.records().forEach(r -> keys.add(key(r)));
      token = page.nextPageToken();
    } while (token != null && keys.size() <= truth.size());
    return keys;
  }

  private static String key(InvocationRecord r) {
    return r.function() + "/" + r.invocationId() + "@" + micros(r.startTime());
  }

  private static void compare(
      SoftAssertions softly,
      String label,
      List<InvocationRecord> expected,
      MetricsAggregate actual) {
    long n = expected.size();
    softly.assertThat(actual.invocations()).as(label + " invocations").isEqualTo(n);
    if (n == 0) {
      softly.assertThat(actual.components()).as(label + " components").isEmpty();
      return;
    }
    softly
        .assertThat(actual.errorRate())
        .as(label + " error rate")
        .isEqualTo((double) expected.stream().filter(InvocationRecord::failed).count() / n);
    softly
        .assertThat(actual.clientErrorRate())
        .as(label + " client error rate")
        .isEqualTo((double) expected.stream().filter(InvocationRecord::clientError).count() / n);
    softly
        .assertThat(actual.coldStartRate())
        .as(label + " cold start rate")
        .isEqualTo((double) expected.stream().filter(InvocationRecord::coldStart).count() / n);
    Map<String, List<Double>> values = new TreeMap<>();
    BucketAccumulator oneHistogram = new BucketAccumulator();
    for (InvocationRecord r : expected) {
      values
          .computeIfAbsent(BucketAccumulator.TOTAL, k -> new ArrayList<>())
          .add(r.totalDurationMs());
      r.componentDurationsMs()
          .forEach((c, ms) -> values.computeIfAbsent(c, k -> new ArrayList<>()).add(ms));
      oneHistogram.add(r);
    }
    Map<String, LatencySummary> reference = oneHistogram.toAggregate().components();
    softly
        .assertThat(actual.components().keySet())
        .as(label + " components")
        .isEqualTo(values.keySet());
    values.forEach(
        (component, list) -> {
          LatencySummary s = actual.components().get(component);
          if (s == null) {
            return;
          }
          String c = label + " " + component;
          double[] sorted = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
          softly.assertThat(s.count()).as(c + " count").isEqualTo(sorted.length);
          softly.assertThat(s.maxMs()).as(c + " max").isEqualTo(sorted[sorted.length - 1]);
          softly
              .assertThat(s.meanMs())
              .as(c + " mean")
              .isCloseTo(
                  Arrays.stream(sorted).average().orElseThrow(),
                  org.assertj.core.api.Assertions.within(1e-9 * sorted[sorted.length - 1] + 1e-12));
          LatencySummary one = reference.get(component);
          softly
              .assertThat(new double[] {s.p50Ms(), s.p95Ms(), s.p99Ms()})
              .as(c + " percentiles against one histogram of the window's records")
              .containsExactly(one.p50Ms(), one.p95Ms(), one.p99Ms());
          double[] got = {s.p50Ms(), s.p95Ms(), s.p99Ms()};
          double[] ranks = {50, 95, 99};
          for (int k = 0; k < 3; k++) {
            double exact = nearestRank(sorted, ranks[k]);
            // 2 significant digits of microseconds: within 1 %, and a value is kept to the
            // microsecond
            softly
                .assertThat(got[k])
                .as(c + " p" + (int) ranks[k] + " against the true " + exact)
                .isBetween(exact - 0.0005 - exact * 0.01, exact + 0.0005 + exact * 0.01);
          }
        });
  }

  private static double nearestRank(double[] sorted, double percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
