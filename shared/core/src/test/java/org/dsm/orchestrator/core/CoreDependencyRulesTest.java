package org.dsm.orchestrator.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core stays plain Java: platform glue (Spring, AWS, JDBC) lives in the edge modules. */
class CoreDependencyRulesTest {
  private static final JavaClasses CORE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.dsm.orchestrator.core");

  @Test
  void coreDoesNotDependOnSpringAwsOrJdbc() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "software.amazon..",
            "com.amazonaws..",
            "java.sql..",
            "javax.sql..")
        .check(CORE);
  }

  @Test
  void enginesDoNotDependOnDataSourcesUseCasesOrStores() {
    noClasses()
        .that()
        .resideInAnyPackage("..core.decision..", "..core.pattern..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "..core.data..", "..core.orchestration..", "..core.metrics..", "..core.report..")
        .check(CORE);
  }

  /** Monitors may judge a stored aggregate (a value), but never reach data sources or use cases. */
  @Test
  void monitorsDoNotDependOnDataSourcesOrUseCases() {
    noClasses()
        .that()
        .resideInAPackage("..core.monitor..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("..core.data..", "..core.orchestration..", "..core.report..")
        .check(CORE);
  }
}
