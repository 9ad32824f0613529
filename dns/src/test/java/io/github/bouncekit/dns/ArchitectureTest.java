package io.github.bouncekit.dns;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The module boundaries of DESIGN §2, checked on the compiled classes of core and dns. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.github.bouncekit");

  @Test
  void coreNeverDependsOnDns() {
    noClasses()
        .that()
        .resideInAPackage("io.github.bouncekit..")
        .and()
        .resideOutsideOfPackage("io.github.bouncekit.dns..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.github.bouncekit.dns..")
        .because("core must stay usable without the dns module")
        .check(CLASSES);
  }

  @Test
  void onlyTheDnsjavaPackageUsesDnsjava() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.github.bouncekit.dns.dnsjava..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.xbill.DNS..")
        .because("dnsjava stays behind the DnsClient seam")
        .check(CLASSES);
  }

  @Test
  void theImportSeesCoreClasses() {
    // Guards the rules above against passing on an empty import.
    org.assertj.core.api.Assertions.assertThat(CLASSES.containPackage("io.github.bouncekit.status"))
        .isTrue();
  }
}
