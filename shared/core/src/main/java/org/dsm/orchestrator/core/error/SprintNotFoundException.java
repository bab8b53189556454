package org.dsm.orchestrator.core.error;

/** The sprint does not exist in the DSM sprint service (404). */
public final class SprintNotFoundException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  public SprintNotFoundException(String sprintId) {
    super("Sprint " + sprintId + " not found.", null);
  }

  @Override
  public int httpStatus() {
    return 404;
  }
}
