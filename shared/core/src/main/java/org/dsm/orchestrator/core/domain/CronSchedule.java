package org.dsm.orchestrator.core.domain;

import org.dsm.orchestrator.core.error.InvalidRequestException;

/** Validates a standard 5-field cron expression (minute hour day-of-month month day-of-week) — flaw F22. */
public final class CronSchedule {
  private CronSchedule() {}

  /** @throws InvalidRequestException naming the bad field */
  public static void validate(String expression) {
    throw new UnsupportedOperationException("TODO: implemented by the decision engine work");
  }
}
