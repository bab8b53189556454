/**
 * Small text helpers shared by the core and the adapters (hashing user text into names and keys).
 */
package org.dsm.orchestrator.core.text;
