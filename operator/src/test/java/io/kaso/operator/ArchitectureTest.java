package io.kaso.operator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.fabric8.kubernetes.client.CustomResource;
import org.junit.jupiter.api.Test;

/** The dependency picture of STYLE.md, enforced. */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.kaso.operator");

  /**
   * Besides java.*, core may use three pure computation libraries, no I/O in them: Jackson's JSON tree and parser
   * (secret values), JMESPath over it (property expressions) and RE2J (tenants' regular expressions, linear time).
   */
  @Test
  void coreIsPureJavaPlusTheApiAndPortValueTypes() {
    classes().that().resideInAPackage("io.kaso.operator.core..").should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "javax.crypto..", "io.kaso.operator.core..", "io.kaso.operator.api.v1alpha1..",
            "io.kaso.operator.source", "com.fasterxml.jackson.core..", "com.fasterxml.jackson.databind..",
            "io.burt.jmespath..", "com.google.re2j..")
        .check(CLASSES);
  }

  @Test
  void theCoreDoesNotUseTheCustomResourceClasses() {
    noClasses().that().resideInAPackage("io.kaso.operator.core..").should().dependOnClassesThat()
        .areAssignableTo(CustomResource.class).check(CLASSES);
  }

  @Test
  void thePortIsPureJava() {
    classes().that().resideInAPackage("io.kaso.operator.source").should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.kaso.operator.source").check(CLASSES);
  }

  @Test
  void theAwsAdaptersKnowNothingOfKubernetes() {
    noClasses().that().resideInAPackage("io.kaso.operator.source.aws..").should().dependOnClassesThat()
        .resideInAnyPackage("io.fabric8..", "io.javaoperatorsdk..", "io.kaso.operator.reconciler..",
            "io.kaso.operator.api..")
        .check(CLASSES);
  }

  @Test
  void theTemplateEngineIsJinjavaBehindTheCorePort() {
    classes().that().resideInAPackage("io.kaso.operator.template..").should().onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.kaso.operator.core..", "io.kaso.operator.template..",
            "com.hubspot.jinjava..", "jinjava..", "com.google.re2j..")
        .check(CLASSES);
  }

  @Test
  void onlyTheCompositionRootKnowsTheTemplateEngine() {
    noClasses().that().resideOutsideOfPackages("io.kaso.operator", "io.kaso.operator.template..")
        .should().dependOnClassesThat().resideInAnyPackage("io.kaso.operator.template..", "com.hubspot.jinjava..",
            "jinjava..")
        .because("templates are rendered through core's TemplateEngine port").check(CLASSES);
  }

  @Test
  void reconcilersUseThePortNeverTheAdapters() {
    noClasses().that().resideOutsideOfPackages("io.kaso.operator", "io.kaso.operator.source.aws..")
        .should().dependOnClassesThat().resideInAPackage("io.kaso.operator.source.aws..")
        .because("only KasoOperator, the composition root, knows the AWS adapters").check(CLASSES);
  }

  @Test
  void nothingButTheCompositionRootImportsTheReconcilers() {
    noClasses().that().resideOutsideOfPackages("io.kaso.operator", "io.kaso.operator.reconciler..")
        .should().dependOnClassesThat().resideInAPackage("io.kaso.operator.reconciler..").check(CLASSES);
  }

  @Test
  void kubernetesIoKnowsNothingOfReconcilersEventsOrAws() {
    noClasses().that().resideInAPackage("io.kaso.operator.kube..").should().dependOnClassesThat()
        .resideInAnyPackage("io.kaso.operator.reconciler..", "io.kaso.operator.events..", "io.kaso.operator.config..",
            "io.javaoperatorsdk..", "software.amazon..")
        .because("kube is the Kubernetes I/O the reconcilers use, not the other way round").check(CLASSES);
  }

  @Test
  void reconcilersDoNotTalkToTheKubernetesClientThemselves() {
    noClasses().that().resideInAPackage("io.kaso.operator.reconciler..").should().dependOnClassesThat()
        .resideInAnyPackage("io.fabric8.kubernetes.client.dsl..", "software.amazon..")
        .because("Kubernetes reads and writes go through kube, AWS through the source port").check(CLASSES);
  }

  @Test
  void settingsAreReadByTheCompositionRootOnly() {
    noClasses().that().resideOutsideOfPackages("io.kaso.operator", "io.kaso.operator.config..")
        .should().dependOnClassesThat().resideInAPackage("io.kaso.operator.config..")
        .because("collaborators get plain values, not the settings object").check(CLASSES);
  }
}
