package org.dsm.orchestrator.core.metrics;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import org.dsm.orchestrator.core.error.InvalidRequestException;
import org.dsm.orchestrator.core.port.MetricsStore;

/** Validation and keyset paging shared by the stores: records are ordered newest first. */
public final class MetricsQueries {
  public static final int MAX_PAGE_SIZE = 1000;

  /**
   * Newest first; ties broken by invocation id, then function (descending), the same in every
   * store.
   */
  public static final Comparator<InvocationRecord> NEWEST_FIRST =
      Comparator.comparing(InvocationRecord::startTime)
          .thenComparing(InvocationRecord::invocationId)
          .thenComparing(InvocationRecord::function)
          .reversed();

  private MetricsQueries() {}

  /**
   * Cuts a page from records already sorted newest first, holding at most {@code pageSize + 1}: the
   * extra one only tells that there is a next page, whose token points after the page's last
   * record.
   */
  public static MetricsStore.RecordPage page(
      java.util.List<InvocationRecord> newestFirst, int pageSize) {
    if (newestFirst.size() <= pageSize) {
      return new MetricsStore.RecordPage(java.util.List.copyOf(newestFirst), null);
    }
    java.util.List<InvocationRecord> page = java.util.List.copyOf(newestFirst.subList(0, pageSize));
    return new MetricsStore.RecordPage(page, Cursor.after(page.get(page.size() - 1)).encode());
  }

  public static void validate(MetricsStore.MetricsQuery query) {
    if (query == null) {
      throw new InvalidRequestException("query is required");
    }
    requireWindow(query.from(), query.to());
    if (query.pageSize() < 1 || query.pageSize() > MAX_PAGE_SIZE) {
      throw new InvalidRequestException(
          "pageSize must be between 1 and " + MAX_PAGE_SIZE + ", was " + query.pageSize());
    }
  }

  public static void requireWindow(Instant from, Instant to) {
    if (from == null || to == null) {
      throw new InvalidRequestException("from and to are required");
    }
    if (!from.isBefore(to)) {
      throw new InvalidRequestException("from must be before to");
    }
  }

  /**
   * Position after the last record of a page; the next page holds records strictly older in
   * NEWEST_FIRST order.
   */
  public record Cursor(Instant startTime, String invocationId, String function) {
    public static Cursor after(InvocationRecord record) {
      return new Cursor(record.startTime(), record.invocationId(), record.function());
    }

    public String encode() {
      String raw =
          startTime.getEpochSecond()
              + ":"
              + startTime.getNano()
              + ":"
              + invocationId.length()
              + ":"
              + invocationId
              + function;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws InvalidRequestException naming pageToken when it was not made by {@link #encode()}
     */
    public static Cursor decode(String token) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String[] parts = raw.split(":", 4);
        int idLength = Integer.parseInt(parts[2]);
        return new Cursor(
            Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
            parts[3].substring(0, idLength),
            parts[3].substring(idLength));
      } catch (RuntimeException e) {
        throw new InvalidRequestException("pageToken is not a token returned by a previous page");
      }
    }

    /** True if {@code record} comes after this cursor in NEWEST_FIRST order. */
    public boolean precedes(InvocationRecord record) {
      return NEWEST_FIRST.compare(
              new InvocationRecord(
                  InvocationRecord.CURRENT_SCHEMA_VERSION,
                  function,
                  invocationId,
                  null,
                  null,
                  null,
                  false,
                  startTime,
                  0,
                  java.util.Map.of(),
                  0,
                  null,
                  0,
                  0,
                  null,
                  null,
                  null),
              record)
          < 0;
    }
  }
}
