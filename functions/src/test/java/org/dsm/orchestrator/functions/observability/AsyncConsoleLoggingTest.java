package org.dsm.orchestrator.functions.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The console behind the async appender gets every line, in each thread's order, with the context
 * (MDC, thread name) of the request that logged it, also when far more lines arrive at once than
 * the queue holds; stopping the logging drains what is queued.
 */
class AsyncConsoleLoggingTest {

  @Test
  void everyLineArrivesInOrderWithItsContextAndNoneIsDropped() throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter()); // the adapter MDC.put writes to
    ListAppender<ILoggingEvent> console = new ListAppender<>();
    console.setContext(context);
    console.setName(AsyncConsoleLogging.CONSOLE);
    console.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(console);

    assertThat(AsyncConsoleLogging.wrapConsole(context)).isTrue();
    assertThat(AsyncConsoleLogging.wrapConsole(context)).as("wrapped once").isFalse();
    assertThat(root.getAppender(AsyncConsoleLogging.CONSOLE)).isNull();
    assertThat(root.getAppender(AsyncConsoleLogging.ASYNC_CONSOLE))
        .isInstanceOf(AsyncAppender.class);

    int threads = 8;
    int perThread = AsyncConsoleLogging.QUEUE; // 8 times the queue in all
    Logger logger = context.getLogger("test");
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String name = "writer-" + t;
      Thread writer =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  MDC.put("invocation_id", name + "-" + i);
                  logger.info("line {}", i);
                  MDC.remove("invocation_id");
                }
              },
              name);
      writers.add(writer);
      writer.start();
    }
    start.countDown();
    for (Thread writer : writers) {
      writer.join();
    }
    context.stop(); // what Spring Boot's shutdown does: the async appender drains into the console

    assertThat(console.list).hasSize(threads * perThread);
    for (int t = 0; t < threads; t++) {
      String name = "writer-" + t;
      List<ILoggingEvent> own =
          console.list.stream().filter(e -> e.getThreadName().equals(name)).toList();
      assertThat(own).hasSize(perThread);
      for (int i = 0; i < perThread; i++) {
        assertThat(own.get(i).getFormattedMessage()).isEqualTo("line " + i);
        assertThat(own.get(i).getMDCPropertyMap()).containsEntry("invocation_id", name + "-" + i);
      }
    }
  }

  @Test
  void withoutAConsoleAppenderNothingChanges() {
    LoggerContext context = new LoggerContext();
    assertThat(AsyncConsoleLogging.wrapConsole(context)).isFalse();
    assertThat(
            context
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .getAppender(AsyncConsoleLogging.ASYNC_CONSOLE))
        .isNull();
  }
}
