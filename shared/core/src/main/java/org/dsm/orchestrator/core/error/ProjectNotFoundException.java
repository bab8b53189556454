package org.dsm.orchestrator.core.error;

/** The project does not exist in the DSM project service (404). */
public final class ProjectNotFoundException extends OrchestratorException {
  private static final long serialVersionUID = 1L;

  public ProjectNotFoundException(String projectId) {
    super("Project " + projectId + " not found.", null);
  }

  @Override
  public int httpStatus() {
    return 404;
  }
}
