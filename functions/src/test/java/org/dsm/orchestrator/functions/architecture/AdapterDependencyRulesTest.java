package org.dsm.orchestrator.functions.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The store and scheduler modules are adapters of the core's ports: they depend on ports and
 * values, never on a use case or on the functions that assemble them.
 */
class AdapterDependencyRulesTest {
  private static final JavaClasses ADAPTERS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // the modules' test-jars are on this classpath too (shared fixtures): tests may drive use
          // cases
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("org.dsm.orchestrator.store", "org.dsm.orchestrator.schedules");

  @Test
  void adaptersDoNotDependOnUseCases() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..core.orchestration..", "..core.report..", "..core.schedule..", "..functions..")
        .check(ADAPTERS);
  }

  @Test
  void adaptersAreImported() {
    // a rule over an empty import would pass for nothing: the modules must be on the classpath
    org.assertj.core.api.Assertions.assertThat(ADAPTERS.size()).isGreaterThan(5);
  }
}
