package org.dsm.orchestrator.functions.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/** True when REDIS_HOST is set to something (the deployment files set it empty by default). */
final class RedisConfigured implements Condition {
  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return StringUtils.hasText(
        context.getEnvironment().getProperty(EnvironmentVariables.REDIS_HOST));
  }
}
