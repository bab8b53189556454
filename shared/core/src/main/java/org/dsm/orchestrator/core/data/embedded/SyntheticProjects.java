package org.dsm.orchestrator.core.data.embedded;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.dsm.orchestrator.core.error.InvalidRequestException;

/**
 * N synthetic historical project summaries for scale benchmarks. The list stores nothing: element
 * {@code i} is computed from {@code i} alone by a fixed mixing function, so a million projects cost
 * a few bytes of heap, every run and every JVM sees the same values, and {@code get(i)} is O(1).
 * Success-factor lists are shared constants.
 */
public final class SyntheticProjects {
  public static final int MAX_COUNT = 1_000_000;
  private static final String[] DOMAINS = {
    "general", "frontend", "backend", "database", "mobile", "data"
  };
  private static final List<List<String>> FACTORS =
      List.of(
          List.of("early_integration"),
          List.of("automated_testing", "clear_requirements"),
          List.of("good_communication"),
          List.of("small_batches", "stable_team"),
          List.of());

  private SyntheticProjects() {}

  /**
   * @throws InvalidRequestException when {@code count} is outside [0, {@value #MAX_COUNT}]
   */
  public static List<HistoricalProject> generate(int count) {
    if (count < 0 || count > MAX_COUNT) {
      throw new InvalidRequestException(
          "synthetic project count must be between 0 and " + MAX_COUNT + ", got " + count);
    }
    return new Generated(count);
  }

  /**
   * "SYN-0000001" for index 0; built by hand because String.format costs ~1 KB of garbage per call.
   */
  public static String id(int index) {
    char[] chars = {'S', 'Y', 'N', '-', '0', '0', '0', '0', '0', '0', '0'};
    int n = index + 1;
    for (int i = chars.length - 1; i >= 4 && n > 0; i--, n /= 10) {
      chars[i] = (char) ('0' + n % 10);
    }
    return new String(chars);
  }

  /** The summary at {@code index}; the same for the same index, always. */
  public static HistoricalProject at(int index) {
    long h = mix(index);
    int teamSize = 2 + (int) (h & 15); // 2..17
    double complexity = 0.1 + ((h >>> 4) & 127) / 160.0; // 0.1..0.89
    String domain = DOMAINS[(int) ((h >>> 11) & 0x7fff) % DOMAINS.length];
    int sprintWeeks = 1 + (int) ((h >>> 26) & 3); // 1..4
    int sprints = 1 + (int) ((h >>> 28) & 15); // 1..16
    double completion = ((h >>> 32) & 1023) / 1023.0; // 0..1
    Integer optimal = ((h >>> 42) & 7) == 0 ? null : 3 + (int) ((h >>> 45) & 15);
    List<String> factors = FACTORS.get((int) ((h >>> 49) & 0x7fff) % FACTORS.size());
    return new HistoricalProject(
        id(index),
        teamSize,
        round2(complexity),
        domain,
        (double) sprints * sprintWeeks,
        round2(completion),
        sprintWeeks,
        factors,
        optimal);
  }

  /** SplitMix64's finaliser: a bijective, well-spread hash of the index. */
  private static long mix(long index) {
    long z = index * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double round2(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static final class Generated extends AbstractList<HistoricalProject>
      implements RandomAccess {
    private final int size;

    Generated(int size) {
      this.size = size;
    }

    @Override
    public HistoricalProject get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException("index " + index + " of " + size);
      }
      return at(index);
    }

    @Override
    public int size() {
      return size;
    }
  }
}
