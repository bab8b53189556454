package org.dsm.orchestrator.functions.observability;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;

/**
 * Over HTTP, the console's lines are written by one background thread, in order, none dropped.
 * Written by the request threads themselves, each line took the console appender's lock across its
 * write system call; with 64 connections on two cores the lock holder was often descheduled holding
 * it, and every other request queued behind: JFR under wrk counted about 100 s of such waits of 10
 * ms or more in 12 s (summed over threads), the largest wait of the request path
 * (docs/results/BENCHMARKS-changes.md). The request thread now only hands the event over (MDC,
 * message and thread captured); the queue blocks instead of discarding when full, and Spring Boot's
 * shutdown stops the appender, which drains it.
 *
 * <p>Web mode only: on Lambda a line still pending when the handler returns could be frozen with
 * the sandbox, so there the console is written synchronously.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
public class AsyncConsoleLogging implements InitializingBean {
  static final String CONSOLE = "CONSOLE";
  static final String ASYNC_CONSOLE = "ASYNC_CONSOLE";
  static final int QUEUE = 1024;

  @Override
  public void afterPropertiesSet() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      wrapConsole(context);
    }
  }

  /** Puts the root logger's console appender behind an async one; false when there is none. */
  static boolean wrapConsole(LoggerContext context) {
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Appender<ILoggingEvent> console = root.getAppender(CONSOLE);
    if (console == null || root.getAppender(ASYNC_CONSOLE) != null) {
      return false;
    }
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName(ASYNC_CONSOLE);
    async.setQueueSize(QUEUE);
    async.setDiscardingThreshold(0); // never drop INFO lines when the queue fills
    async.setNeverBlock(false); // a full queue makes the caller wait rather than lose the line
    async.setIncludeCallerData(false);
    async.addAppender(console);
    async.start();
    root.addAppender(async);
    root.detachAppender(console);
    return true;
  }
}
