package org.dsm.orchestrator.core.metrics;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An {@link InvocationRecord} as {@link InMemoryMetricsStore}'s ring keeps it: the same fields,
 * with the component durations in a {@code double[]} beside a names array shared by every record of
 * the same layout, and the start time as two numbers. A record kept as given is about twenty
 * objects (its map, a boxed double per component, the instant, the dedup key); every one of them is
 * copied by each young collection until it is promoted, and the ring holds thousands. This form is
 * a few objects. Equality is the store's dedup key: function, invocation id and start.
 */
final class RingRecord {
  /**
   * {@link MetricsQueries#NEWEST_FIRST} on this form: start, invocation id, function, newest first.
   */
  static final Comparator<RingRecord> NEWEST_FIRST =
      (a, b) -> b.compareKey(a.startSecond, a.startNano, a.invocationId, a.function);

  private final int schemaVersion;
  private final String function;
  private final String invocationId;
  private final String projectId;
  private final String platform;
  private final String trigger;
  private final boolean coldStart;
  private final long startSecond;
  private final int startNano;
  private final double totalDurationMs;
  private final String[] componentNames;
  private final double[] componentDurations;
  private final int statusCode;
  private final String errorType;
  private final double memoryIncreaseMb;
  private final double cpuTimeMs;
  private final String appVersion;
  private final String principal;
  private final Double initDurationMs;

  private RingRecord(InvocationRecord record, String[] names, double[] durations) {
    schemaVersion = record.schemaVersion();
    function = record.function();
    invocationId = record.invocationId();
    projectId = record.projectId();
    platform = record.platform();
    trigger = record.trigger();
    coldStart = record.coldStart();
    startSecond = record.startTime().getEpochSecond();
    startNano = record.startTime().getNano();
    totalDurationMs = record.totalDurationMs();
    componentNames = names;
    componentDurations = durations;
    statusCode = record.statusCode();
    errorType = record.errorType();
    memoryIncreaseMb = record.memoryIncreaseMb();
    cpuTimeMs = record.cpuTimeMs();
    appVersion = record.appVersion();
    principal = record.principal();
    initDurationMs = record.initDurationMs();
  }

  String function() {
    return function;
  }

  String projectId() {
    return projectId;
  }

  /** Whether this record started at or after {@code from} and before {@code to}. */
  boolean startsWithin(Instant from, Instant to) {
    return !startsBefore(from) && startsBefore(to);
  }

  Instant startTime() {
    return Instant.ofEpochSecond(startSecond, startNano);
  }

  boolean startsBefore(Instant instant) {
    return startSecond < instant.getEpochSecond()
        || (startSecond == instant.getEpochSecond() && startNano < instant.getNano());
  }

  /** {@link MetricsQueries.Cursor#precedes}: this record comes after the cursor, newest first. */
  boolean after(MetricsQueries.Cursor cursor) {
    Instant start = cursor.startTime();
    return compareKey(
            start.getEpochSecond(), start.getNano(), cursor.invocationId(), cursor.function())
        < 0; // older than the cursor
  }

  /** This record's (start, invocation id, function) against another's, oldest first. */
  private int compareKey(long second, int nano, String otherId, String otherFunction) {
    int order =
        startSecond != second
            ? Long.compare(startSecond, second)
            : Integer.compare(startNano, nano);
    if (order == 0) {
      order = invocationId.compareTo(otherId);
    }
    return order != 0 ? order : function.compareTo(otherFunction);
  }

  InvocationRecord toRecord() {
    Map<String, Double> components = new HashMap<>(componentNames.length * 2);
    for (int i = 0; i < componentNames.length; i++) {
      components.put(componentNames[i], componentDurations[i]);
    }
    return new InvocationRecord(
        schemaVersion,
        function,
        invocationId,
        projectId,
        platform,
        trigger,
        coldStart,
        Instant.ofEpochSecond(startSecond, startNano),
        totalDurationMs,
        components,
        statusCode,
        errorType,
        memoryIncreaseMb,
        cpuTimeMs,
        appVersion,
        principal,
        initDurationMs);
  }

  /**
   * The dedup key: function, invocation id and start, as in the other stores. The id alone is not
   * one invocation's: over HTTP it is the client's X-Request-Id, which a retry keeps.
   */
  @Override
  public boolean equals(Object other) {
    return other instanceof RingRecord that
        && startSecond == that.startSecond
        && startNano == that.startNano
        && Objects.equals(function, that.function)
        && Objects.equals(invocationId, that.invocationId);
  }

  @Override
  public int hashCode() {
    return (31 * Objects.hashCode(function) + Objects.hashCode(invocationId)) * 31
        + Long.hashCode(startSecond * 1_000_000_000L + startNano);
  }

  /**
   * Packs records for one store, sharing names arrays between records of the same component layout
   * (at most {@value #MAX_LAYOUTS} layouts; a record of another gets its own). Not thread-safe: the
   * store packs under its write lock.
   */
  static final class Packer {
    static final int MAX_LAYOUTS = 256;
    private final Map<List<String>, String[]> layouts = new HashMap<>();
    private String[] last = new String[0];

    RingRecord pack(InvocationRecord record) {
      Map<String, Double> components = record.componentDurationsMs();
      String[] names = new String[components.size()];
      double[] durations = new double[names.length];
      int i = 0;
      for (Map.Entry<String, Double> component : components.entrySet()) {
        names[i] = component.getKey();
        durations[i++] = component.getValue();
      }
      return new RingRecord(record, shared(names), durations);
    }

    private String[] shared(String[] names) {
      if (Arrays.equals(names, last)) {
        return last;
      }
      String[] known = layouts.get(List.of(names));
      if (known == null && layouts.size() < MAX_LAYOUTS) {
        layouts.put(List.of(names), names);
        known = names;
      }
      if (known != null) {
        last = known;
        return known;
      }
      return names;
    }
  }
}
