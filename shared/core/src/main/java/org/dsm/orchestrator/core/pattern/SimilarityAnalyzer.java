package org.dsm.orchestrator.core.pattern;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import org.dsm.orchestrator.core.domain.HistoricalProject;

/**
 * Cosine similarity over the original's 4-dimensional feature vector: team size / 20, task
 * complexity, domain value, duration / 52 weeks. Unlike the original, the threshold and top-N come
 * from configuration and the result is sorted (best first); selection keeps only N candidates in
 * memory however many projects are scanned.
 *
 * <p>Unknown features (null) are missing, not zero: each pair is compared on the features both
 * sides know, and only when they share at least {@code minSharedFeatures} of them (with one shared
 * feature every cosine is 1.0, so a match would say nothing). A target that knows fewer features
 * than that matches nothing.
 */
final class SimilarityAnalyzer {
  static final double MAX_TEAM_SIZE = 20.0;
  static final double MAX_COMPLEXITY = 1.0;
  static final double MAX_DURATION_WEEKS = 52.0;
  static final double UNKNOWN_DOMAIN_VALUE = 0.5;
  private static final Map<String, Double> DOMAIN_VALUES =
      Map.of("general", 0.5, "frontend", 0.2, "backend", 0.8, "database", 0.9);

  /** A historical project with its unrounded similarity to the target. */
  record Match(HistoricalProject project, double similarity) {}

  private static final Comparator<Match> BEST_FIRST =
      Comparator.comparingDouble(Match::similarity)
          .reversed()
          .thenComparing(m -> m.project().projectId());

  private final double threshold;
  private final int topN;
  private final int minSharedFeatures;

  SimilarityAnalyzer(double threshold, int topN) {
    this(threshold, topN, 1);
  }

  SimilarityAnalyzer(double threshold, int topN, int minSharedFeatures) {
    this.threshold = threshold;
    this.topN = topN;
    this.minSharedFeatures = minSharedFeatures;
  }

  /**
   * The at most N most similar projects at or above the threshold, best first, excluding the target
   * itself.
   */
  List<Match> findSimilar(
      String targetId, ProjectFeatures target, List<HistoricalProject> candidates) {
    double[] a =
        vector(
            target.teamSize(),
            target.avgTaskComplexity(),
            target.domainCategory(),
            target.projectDurationWeeks());
    if (known(a) < minSharedFeatures) {
      return List.of(); // too little is known about the target to call anything similar
    }
    PriorityQueue<Match> best =
        new PriorityQueue<>(BEST_FIRST.reversed()); // worst kept match on top
    for (HistoricalProject candidate : candidates) {
      if (candidate.projectId().equals(targetId)) {
        continue;
      }
      double[] b =
          vector(
              candidate.teamSize(),
              candidate.avgTaskComplexity(),
              candidate.domainCategory(),
              candidate.projectDurationWeeks());
      if (shared(a, b) < minSharedFeatures) {
        continue;
      }
      double score = cosine(a, b);
      if (score < threshold) {
        continue;
      }
      // Strictly worse than the worst kept match: it would be added and polled straight away (ties
      // still go
      // through the queue, which orders them by id). Saves the allocation and the heap churn for
      // most candidates.
      if (best.size() == topN && score < best.peek().similarity()) {
        continue;
      }
      best.add(new Match(candidate, score));
      if (best.size() > topN) {
        best.poll();
      }
    }
    List<Match> result = new ArrayList<>(best);
    result.sort(BEST_FIRST);
    return result;
  }

  static SimilarProject toSimilarProject(Match match) {
    HistoricalProject p = match.project();
    return new SimilarProject(
        p.projectId(),
        PythonNumbers.round(match.similarity(), 4),
        p.teamSize(),
        p.completionRate(),
        p.avgSprintLengthWeeks(),
        p.keySuccessFactors());
  }

  /** The scaled features; NaN marks an unknown one. */
  static double[] vector(Integer teamSize, Double complexity, String domain, Double durationWeeks) {
    return new double[] {
      teamSize == null ? Double.NaN : teamSize / MAX_TEAM_SIZE,
      complexity == null ? Double.NaN : complexity / MAX_COMPLEXITY,
      domain == null ? Double.NaN : domainValue(domain),
      durationWeeks == null ? Double.NaN : durationWeeks / MAX_DURATION_WEEKS
    };
  }

  /** A named domain's value; domains the original did not name count as 0.5, as there. */
  static double domainValue(String domain) {
    return DOMAIN_VALUES.getOrDefault(domain.toLowerCase(Locale.ROOT), UNKNOWN_DOMAIN_VALUE);
  }

  private static int known(double[] v) {
    int n = 0;
    for (double x : v) {
      n += Double.isNaN(x) ? 0 : 1;
    }
    return n;
  }

  private static int shared(double[] a, double[] b) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += Double.isNaN(a[i]) || Double.isNaN(b[i]) ? 0 : 1;
    }
    return n;
  }

  /**
   * The cosine of the two vectors over the features both know; 0.0 when either has norm 0 there (as
   * in the original).
   */
  static double cosine(double[] a, double[] b) {
    double dot = 0.0;
    double normA = 0.0;
    double normB = 0.0;
    for (int i = 0; i < a.length; i++) {
      if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
        continue;
      }
      dot += a[i] * b[i];
      normA += a[i] * a[i];
      normB += b[i] * b[i];
    }
    if (normA == 0.0 || normB == 0.0) {
      return 0.0;
    }
    return dot / (Math.sqrt(normA) * Math.sqrt(normB));
  }
}
