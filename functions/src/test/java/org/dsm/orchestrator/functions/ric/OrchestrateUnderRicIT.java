package org.dsm.orchestrator.functions.ric;

/** The orchestrate function under the official runtime client, on-demand init. */
class OrchestrateUnderRicIT extends RicFunctionRun {
  OrchestrateUnderRicIT() {
    super(SamFunction.ORCHESTRATE, "orchestrate-dry-run.json");
  }
}
