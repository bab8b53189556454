package org.dsm.orchestrator.functions.api;

/**
 * A use case's answer that is a whole HTML page rather than a JSON body; served with its own
 * content security policy.
 */
public record HtmlPage(String html, String contentSecurityPolicy) {}
