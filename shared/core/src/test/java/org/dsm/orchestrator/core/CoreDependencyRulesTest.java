package org.dsm.orchestrator.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The core stays plain Java: platform glue (Spring, AWS, JDBC) lives in the edge modules. */
class CoreDependencyRulesTest {
  /** The use cases: orchestration, the performance report and history, the daily scrum. */
  static final String[] USE_CASES = {
    "..core.orchestration..", "..core.report..", "..core.schedule.."
  };

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

  /** Data sources are adapters of the ports: they never reach into a use case. */
  @Test
  void dataSourcesDoNotDependOnUseCases() {
    noClasses()
        .that()
        .resideInAPackage("..core.data..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(USE_CASES)
        .check(CORE);
  }

  /** The report reads the shared invocation and history types, never the orchestration's own. */
  @Test
  void reportDoesNotReachIntoOrchestration() {
    noClasses()
        .that()
        .resideInAPackage("..core.report..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..core.orchestration..")
        .check(CORE);
  }

  /** Ports and the shared invocation and history types sit below every use case. */
  @Test
  void portsAndSharedTypesDoNotDependOnUseCases() {
    noClasses()
        .that()
        .resideInAnyPackage("..core.port..", "..core.invocation..", "..core.history..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(USE_CASES)
        .check(CORE);
  }
}
