package org.dsm.orchestrator.core.report;

import java.time.Duration;

/**
 * Why stored figures over a span may undercount, in one wording for the report's history and the
 * history page. {@code span} names the span in the sentence ("this window", "it").
 */
final class Undercount {
  private Undercount() {}

  /** The store's size bounds (the in-memory ring) dropped records of the span. */
  static String sizeBoundsDropped(String store, String span) {
    return "the "
        + store
        + " store's size bounds dropped part of "
        + span
        + " (a durable store keeps it)";
  }

  /** Records of this instance the store did not confirm (failed or unanswered writes). */
  static String unconfirmed(long records, String span, String seeAlso) {
    return "the store did not confirm "
        + records
        + " invocation record(s) of this instance in "
        + span
        + " (writes that failed or went unanswered"
        + seeAlso
        + ")";
  }

  /** This instance's newest records had not reached the store when it was read. */
  static String stillOnTheirWay(String store, Duration waited) {
    return "this instance's newest records were still on their way to the "
        + store
        + " store after "
        + waited.toSeconds()
        + " s";
  }

  /** A regression baseline the store's bounds cut short: a part would be compared with a whole. */
  static String baselineCut(String store) {
    return "the " + store + " store no longer holds the whole baseline window";
  }
}
