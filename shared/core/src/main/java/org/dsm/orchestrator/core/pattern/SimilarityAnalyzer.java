package org.dsm.orchestrator.core.pattern;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import org.dsm.orchestrator.core.domain.HistoricalProject;

/**
 * Cosine similarity over the reference's 4-dimensional feature vector (section 5.3): team size /
 * 20, task complexity, domain value, duration / 52 weeks. Unlike the original, the threshold and
 * top-N come from configuration and the result is sorted (best first); selection keeps only N
 * candidates in memory however many projects are scanned.
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

  SimilarityAnalyzer(double threshold, int topN) {
    this.threshold = threshold;
    this.topN = topN;
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
    double normA = norm(a);
    PriorityQueue<Match> best =
        new PriorityQueue<>(BEST_FIRST.reversed()); // worst kept match on top
    for (HistoricalProject candidate : candidates) {
      if (candidate.projectId().equals(targetId)) {
        continue;
      }
      double score =
          cosine(
              a,
              normA,
              vector(
                  candidate.teamSize(),
                  candidate.avgTaskComplexity(),
                  candidate.domainCategory(),
                  candidate.projectDurationWeeks()));
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

  static double[] vector(int teamSize, double complexity, String domain, double durationWeeks) {
    return new double[] {
      teamSize / MAX_TEAM_SIZE,
      complexity / MAX_COMPLEXITY,
      domainValue(domain),
      durationWeeks / MAX_DURATION_WEEKS
    };
  }

  static double domainValue(String domain) {
    if (domain == null) {
      return UNKNOWN_DOMAIN_VALUE;
    }
    return DOMAIN_VALUES.getOrDefault(domain.toLowerCase(Locale.ROOT), UNKNOWN_DOMAIN_VALUE);
  }

  /** The cosine of the two vectors; 0.0 when either has norm 0 (as in the original). */
  static double cosine(double[] a, double normA, double[] b) {
    double normB = norm(b);
    if (normA == 0.0 || normB == 0.0) {
      return 0.0;
    }
    double dot = 0.0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
    }
    return dot / (normA * normB);
  }

  static double norm(double[] v) {
    double sum = 0.0;
    for (double x : v) {
      sum += x * x;
    }
    return Math.sqrt(sum);
  }
}
