package org.dsm.orchestrator.core.domain;

public record TeamMember(String id, String name) {}
