/**
 * The default, in-process data source. {@link org.dsm.orchestrator.core.data.embedded.EmbeddedDsm}
 * implements the three DSM ports over {@link
 * org.dsm.orchestrator.core.data.embedded.EmbeddedDataset}: 56 finished projects (HIST-001..056,
 * velocity shapes rising, falling, flat, noisy, short, single, spike) and eight demo projects, one
 * per decision path (TEST-001, SELFHEAL-001, CLOSE-001, CONFLICT-001, NEWPROJ-001, EMPTYSPRINT-001,
 * STEADY-001, IDLE-001). Actions mutate the state under a per-project lock; closing a sprint bumps
 * the history version.
 *
 * <p>{@link org.dsm.orchestrator.core.data.embedded.SyntheticProjects} adds up to 1,000,000
 * generated historical summaries as a lazy list: nothing is stored, element i is a pure function of
 * i. Measured on this machine (2 shared cores, JDK 17, {@code SyntheticProjectsFootprint}):
 * iterating 1M takes 34-180 ms (34-180 ns per project; the first round is cold) and allocates ~160
 * B per project of short-lived garbage; the view retains ~0 KB, whereas a materialised copy of the
 * same million retains ~124 MB.
 */
package org.dsm.orchestrator.core.data.embedded;
