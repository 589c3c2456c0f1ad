package io.kaso.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CRDs committed in crds/ and in the chart are what the build generates from the API classes. When this fails,
 * run {@code ./mvnw -pl operator test -Dtest=CrdFilesAreCurrentTest -Dkaso.updateCrds=true} and commit the result.
 */
class CrdFilesAreCurrentTest {
  private static final Path ROOT = Path.of(System.getProperty("kaso.repoRoot", ".."));
  private static final Path GENERATED = Path.of(System.getProperty("kaso.generatedCrds",
      "target/classes/META-INF/fabric8"));
  private static final List<String> CRDS = List.of("externalparameters.kaso.io", "externalsecrets.kaso.io");

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    boolean update = Boolean.getBoolean("kaso.updateCrds");
    for (String crd : CRDS) {
      String generated = CrdManifests.normalize(Files.readString(GENERATED.resolve(crd + "-v1.yml")));
      for (Path copy : List.of(ROOT.resolve("crds").resolve(crd + ".yaml"),
          ROOT.resolve("helm/kaso/crds").resolve(crd + ".yaml"))) {
        if (update) {
          Files.createDirectories(copy.getParent());
          Files.writeString(copy, generated);
        }
        assertThat(copy).as("%s is stale: run ./mvnw -pl operator test -Dtest=CrdFilesAreCurrentTest "
            + "-Dkaso.updateCrds=true and commit it", copy).exists();
        assertThat(Files.readString(copy)).as("%s is stale: run ./mvnw -pl operator test "
            + "-Dtest=CrdFilesAreCurrentTest -Dkaso.updateCrds=true and commit it", copy).isEqualTo(generated);
      }
    }
  }
}
