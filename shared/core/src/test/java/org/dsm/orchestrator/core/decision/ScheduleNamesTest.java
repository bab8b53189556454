package org.dsm.orchestrator.core.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.dsm.orchestrator.core.domain.ProjectId;
import org.junit.jupiter.api.Test;

class ScheduleNamesTest {

  /** The loop agrees with the rule as a regex over random ids of every length around the limit. */
  @Test
  void schedulableSprintIdsAreOneToSixtyFourLettersDigitsDashesOrUnderscores() {
    java.util.regex.Pattern rule = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,64}");
    String alphabet = "aZ09-_.é /$(";
    Random random = new Random(7);
    int schedulable = 0;
    for (int n = 0; n < 50_000; n++) {
      StringBuilder id = new StringBuilder();
      int length = random.nextInt(70);
      for (int i = 0; i < length; i++) {
        // mostly allowed characters, so long valid ids occur too
        id.append(
            random.nextInt(40) == 0
                ? alphabet.charAt(6 + random.nextInt(alphabet.length() - 6))
                : alphabet.charAt(random.nextInt(6)));
      }
      boolean expected = rule.matcher(id).matches();
      assertThat(ScheduleNames.isSchedulableSprintId(id.toString()))
          .as(id.toString())
          .isEqualTo(expected);
      schedulable += expected ? 1 : 0;
    }
    assertThat(schedulable).isBetween(5_000, 45_000);
    assertThat(ScheduleNames.isSchedulableSprintId(null)).isFalse();
  }

  @Test
  void usualIdsKeepTheOriginalName() {
    assertThat(ScheduleNames.dailyScrum("ZEP010", "ZEP010-S08"))
        .isEqualTo("run-dailyscrum-zep010-zep010-s08");
  }

  @Test
  void underscoresAreReplacedAndDisambiguated() {
    String a = ScheduleNames.dailyScrum("MY_PROJ", "MY_PROJ-S01");
    String b = ScheduleNames.dailyScrum("MY-PROJ", "MY-PROJ-S01");
    assertThat(a)
        .matches(ScheduleNames.DNS_1123_LABEL)
        .startsWith("run-dailyscrum-my-proj-my-proj-s01-");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void longIdsAreCutToFiftyTwoWithAStableHash() {
    String pid = "A".repeat(ProjectId.MAX_LENGTH);
    String name = ScheduleNames.dailyScrum(pid, pid + "-S01");
    assertThat(name)
        .hasSizeLessThanOrEqualTo(ScheduleNames.MAX_LENGTH)
        .matches(ScheduleNames.DNS_1123_LABEL);
    assertThat(ScheduleNames.dailyScrum(pid, pid + "-S01")).isEqualTo(name);
    assertThat(ScheduleNames.dailyScrum(pid, pid + "-S02")).isNotEqualTo(name);
  }

  @Test
  void anyValidProjectIdGivesAValidName() {
    Random random = new Random(42);
    String alphabet = "ABCxyz019_-";
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      StringBuilder id = new StringBuilder();
      int length = 1 + random.nextInt(ProjectId.MAX_LENGTH);
      for (int j = 0; j < length; j++) {
        id.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String pid = ProjectId.of(id.toString()).value();
      String name = ScheduleNames.dailyScrum(pid, pid + "-S" + i);
      assertThat(name)
          .hasSizeLessThanOrEqualTo(ScheduleNames.MAX_LENGTH)
          .matches(ScheduleNames.DNS_1123_LABEL);
      names.add(name);
    }
    assertThat(names)
        .hasSizeGreaterThan(1990); // distinct sprints keep distinct names (case folding aside)
  }

  @Test
  void idsEndingInDashesStillEndAlphanumeric() {
    assertThat(ScheduleNames.dailyScrum("P--", "--")).matches(ScheduleNames.DNS_1123_LABEL);
  }

  @Test
  void theRegexFreeLabelCheckAgreesWithThePattern() {
    Random random = new Random(5);
    String alphabet = "ab09-_.Z";
    for (int i = 0; i < 200_000; i++) {
      StringBuilder name = new StringBuilder();
      int length = random.nextInt(60);
      for (int k = 0; k < length; k++) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = name.toString();
      boolean expected =
          text.length() <= ScheduleNames.MAX_LENGTH
              && ScheduleNames.DNS_1123_LABEL.matcher(text).matches();
      assertThat(ScheduleNames.isShortLabel(text)).as("'%s'", text).isEqualTo(expected);
    }
  }
}
