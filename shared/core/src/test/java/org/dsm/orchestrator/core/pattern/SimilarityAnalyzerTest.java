package org.dsm.orchestrator.core.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dsm.orchestrator.core.data.embedded.SyntheticProjects;
import org.dsm.orchestrator.core.domain.HistoricalProject;
import org.junit.jupiter.api.Test;

class SimilarityAnalyzerTest {
  private static HistoricalProject project(
      String id, int team, double complexity, String domain, double weeks) {
    return new HistoricalProject(id, team, complexity, domain, weeks, 0.9, 2.0, List.of(), null);
  }

  private final ProjectFeatures target = new ProjectFeatures(6, 0.5, "backend", 20.0);

  @Test
  void resultsAreSortedBestFirstAndCutToTopN() {
    List<HistoricalProject> candidates = new ArrayList<>();
    for (int team = 1; team <= 20; team++) {
      candidates.add(project("P" + team, team, 0.5, "backend", 20));
    }
    var matches = new SimilarityAnalyzer(0.0, 3).findSimilar("T", target, candidates);

    assertThat(matches).extracting(m -> m.project().projectId()).containsExactly("P6", "P7", "P5");
    assertThat(matches.get(0).similarity())
        .isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(matches.get(1).similarity()).isGreaterThanOrEqualTo(matches.get(2).similarity());
  }

  @Test
  void theThresholdIsInclusiveAndConfigurable() {
    var candidates =
        List.of(project("SAME", 6, 0.5, "backend", 20), project("FAR", 20, 0.0, "frontend", 0));
    double far =
        SimilarityAnalyzer.cosine(
            SimilarityAnalyzer.vector(6, 0.5, "backend", 20.0),
            SimilarityAnalyzer.vector(20, 0.0, "frontend", 0.0));

    assertThat(new SimilarityAnalyzer(far, 10).findSimilar("T", target, candidates)).hasSize(2);
    assertThat(new SimilarityAnalyzer(Math.nextUp(far), 10).findSimilar("T", target, candidates))
        .hasSize(1);
  }

  @Test
  void theTargetItselfIsSkipped() {
    var candidates =
        List.of(project("T", 6, 0.5, "backend", 20), project("U", 6, 0.5, "backend", 20));
    assertThat(new SimilarityAnalyzer(0.0, 10).findSimilar("T", target, candidates))
        .extracting(m -> m.project().projectId())
        .containsExactly("U");
  }

  @Test
  void domainsMapCaseInsensitivelyWithAnUnknownDefault() {
    assertThat(SimilarityAnalyzer.domainValue("Backend")).isEqualTo(0.8);
    assertThat(SimilarityAnalyzer.domainValue("DATABASE")).isEqualTo(0.9);
    assertThat(SimilarityAnalyzer.domainValue("frontend")).isEqualTo(0.2);
    assertThat(SimilarityAnalyzer.domainValue("ml")).isEqualTo(0.5);
  }

  @Test
  void unknownFeaturesAreLeftOutNotComparedAsZero() {
    // the candidate knows only team size and duration: compared on those two, it is identical
    var partial = new HistoricalProject("P", 6, null, null, 20.0, 0.9, 2.0, List.of(), null);
    var matches = new SimilarityAnalyzer(0.7, 10, 2).findSimilar("T", target, List.of(partial));
    assertThat(matches).singleElement().satisfies(m -> assertThat(m.similarity()).isEqualTo(1.0));
  }

  @Test
  void tooFewSharedFeaturesMeanNoMatch() {
    var teamOnly = new HistoricalProject("P", 6, null, null, null, 0.9, 2.0, List.of(), null);
    assertThat(new SimilarityAnalyzer(0.0, 10, 2).findSimilar("T", target, List.of(teamOnly)))
        .isEmpty();
    // a project without team, domain and complexity matches nothing, however complete the others
    var full = project("FULL", 6, 0.5, "backend", 20);
    var noTeam = new ProjectFeatures(null, null, null, 20.0);
    assertThat(new SimilarityAnalyzer(0.0, 10, 2).findSimilar("T", noTeam, List.of(full)))
        .isEmpty();
  }

  @Test
  void aZeroVectorHasSimilarityZero() {
    double[] zero = {0, 0, 0, 0};
    assertThat(SimilarityAnalyzer.cosine(zero, new double[] {1, 0, 0, 0})).isZero();
  }

  @Test
  void similarProjectsCarryRoundedScoresAndTheSourceFields() {
    var p = new HistoricalProject("A", 3, 0.4, "general", 10.0, 0.83, 2.5, List.of("pairing"), 7);
    SimilarProject s =
        SimilarityAnalyzer.toSimilarProject(new SimilarityAnalyzer.Match(p, 0.123456));
    assertThat(s).isEqualTo(new SimilarProject("A", 0.1235, 3, 0.83, 2.5, List.of("pairing")));
  }

  /**
   * The early skip of hopeless candidates must not change the result: compare with sorting every
   * candidate.
   */
  @Test
  void selectionMatchesAFullSortIncludingTies() {
    List<HistoricalProject> candidates = new ArrayList<>(SyntheticProjects.generate(20_000));
    for (int i = 0; i < 500; i++) {
      HistoricalProject p = candidates.get(i);
      // same features, other id: exact ties that only the id ordering separates
      candidates.add(
          new HistoricalProject(
              "DUP-" + i,
              p.teamSize(),
              p.avgTaskComplexity(),
              p.domainCategory(),
              p.projectDurationWeeks(),
              p.completionRate(),
              p.avgSprintLengthWeeks(),
              p.keySuccessFactors(),
              p.optimalTaskCount()));
    }
    for (int topN : new int[] {1, 5, 50}) {
      for (double threshold : new double[] {0.0, 0.95}) {
        List<String> expected =
            fullSort(candidates, threshold).stream()
                .limit(topN)
                .map(m -> m.project().projectId() + "@" + m.similarity())
                .toList();
        List<String> actual =
            new SimilarityAnalyzer(threshold, topN)
                .findSimilar("T", target, candidates).stream()
                    .map(m -> m.project().projectId() + "@" + m.similarity())
                    .toList();
        assertThat(actual).as("top %d at threshold %s", topN, threshold).isEqualTo(expected);
      }
    }
  }

  private List<SimilarityAnalyzer.Match> fullSort(
      List<HistoricalProject> candidates, double threshold) {
    double[] a =
        SimilarityAnalyzer.vector(
            target.teamSize(),
            target.avgTaskComplexity(),
            target.domainCategory(),
            target.projectDurationWeeks());
    List<SimilarityAnalyzer.Match> all = new ArrayList<>();
    for (HistoricalProject c : candidates) {
      double score =
          SimilarityAnalyzer.cosine(
              a,
              SimilarityAnalyzer.vector(
                  c.teamSize(),
                  c.avgTaskComplexity(),
                  c.domainCategory(),
                  c.projectDurationWeeks()));
      if (score >= threshold) {
        all.add(new SimilarityAnalyzer.Match(c, score));
      }
    }
    all.sort(
        Comparator.comparingDouble(SimilarityAnalyzer.Match::similarity)
            .reversed()
            .thenComparing(m -> m.project().projectId()));
    return all;
  }
}
