package org.dsm.orchestrator.core.data.embedded;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import org.dsm.orchestrator.core.domain.HistoricalProject;

/**
 * Not a test: measures what 1,000,000 synthetic projects cost (time to iterate, bytes allocated,
 * heap retained by the lazy view versus a materialised copy). Run after {@code mvn -o test-compile
 * -pl shared/core}: {@code java -cp
 * shared/core/target/classes:shared/core/target/test-classes:<jackson-databind jar>
 * org.dsm.orchestrator.core.data.embedded.SyntheticProjectsFootprint}
 */
public final class SyntheticProjectsFootprint {
  private SyntheticProjectsFootprint() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : SyntheticProjects.MAX_COUNT;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 5; round++) {
      System.gc();
      long heapBefore = memory.getHeapMemoryUsage().getUsed();
      long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      List<HistoricalProject> list = SyntheticProjects.generate(count);
      double checksum = 0;
      for (HistoricalProject p : list) {
        checksum += p.completionRate() + p.teamSize();
      }
      long iterateNanos = System.nanoTime() - start;
      long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
      System.gc();
      long retainedView = memory.getHeapMemoryUsage().getUsed() - heapBefore;
      List<HistoricalProject> copy = List.copyOf(list);
      System.gc();
      long retainedCopy = memory.getHeapMemoryUsage().getUsed() - heapBefore;
      System.out.printf(
          "round %d: %d projects iterated in %.1f ms (%.0f ns each), %.0f B allocated each, "
              + "view retains %d KB, materialised copy retains %.1f MB (checksum %.1f, %d)%n",
          round,
          count,
          iterateNanos / 1e6,
          (double) iterateNanos / count,
          (double) allocated / count,
          retainedView / 1024,
          retainedCopy / 1e6,
          checksum,
          copy.size());
    }
  }
}
