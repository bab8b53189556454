package org.dsm.orchestrator.functions.hardening;

import java.util.Map;

/** Prints the server's threads when a request hangs, so a failure in CI says where it was stuck. */
final class ThreadDumps {
  private ThreadDumps() {}

  static void print(String why) {
    StringBuilder out = new StringBuilder("=== thread dump: ").append(why).append('\n');
    for (Map.Entry<Thread, StackTraceElement[]> entry : Thread.getAllStackTraces().entrySet()) {
      String name = entry.getKey().getName();
      if (name.startsWith("http-nio")
          || name.startsWith("dsm-")
          || name.contains("metrics")
          || name.startsWith("pool-")
          || name.startsWith("main")) {
        out.append('"').append(name).append("\" ").append(entry.getKey().getState()).append('\n');
        for (StackTraceElement frame : entry.getValue()) {
          out.append("    at ").append(frame).append('\n');
        }
      }
    }
    System.err.println(out);
  }
}
