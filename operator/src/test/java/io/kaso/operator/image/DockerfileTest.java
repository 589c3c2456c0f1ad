package io.kaso.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the image without a Docker engine: pinned bases, a non-root user, a runtime that needs no
 * shell, JVM sizing by container memory, and the jar the build really produces.
 */
class DockerfileTest {
  private static final Path ROOT = Path.of(System.getProperty("kaso.repoRoot", ".."));

  private static List<String> lines() throws IOException {
    return Files.readAllLines(ROOT.resolve("Dockerfile")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  @Test
  void baseImagesArePinnedToExactTags() throws IOException {
    List<String> froms = lines().stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(froms).hasSize(2);
    for (String from : froms) {
      String image = from.split("\\s+")[1];
      assertThat(image).as(from).matches(".+:[0-9][^:]*").doesNotEndWith(":latest");
    }
    assertThat(froms.get(0)).contains("-jdk").contains(" AS build");
    assertThat(froms.get(1)).contains("-jre");
  }

  @Test
  void theRuntimeRunsAsTheNonRootUserWithoutAShell() throws IOException {
    List<String> lines = lines();
    int runtime = lines.lastIndexOf(lines.stream().filter(l -> l.startsWith("FROM ")).reduce((a, b) -> b)
        .orElseThrow());
    List<String> stage = lines.subList(runtime, lines.size());
    assertThat(stage).contains("USER 65532:65532");
    assertThat(stage).noneMatch(l -> l.startsWith("RUN "));
    String entrypoint = stage.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
    assertThat(entrypoint).as("exec form: no shell").matches("ENTRYPOINT \\[.*]");
    assertThat(String.join("\n", stage)).contains("MaxRAMPercentage");
  }

  @Test
  void theImageTakesTheJarTheBuildProduces() throws IOException {
    String pom = Files.readString(ROOT.resolve("operator/pom.xml"));
    Matcher artifact = Pattern.compile("<artifactId>(kaso-operator)</artifactId>").matcher(pom);
    assertThat(artifact.find()).isTrue();
    assertThat(pom).contains("<shadedClassifierName>all</shadedClassifierName>");
    String dockerfile = String.join("\n", lines());
    assertThat(dockerfile).contains("operator/target/" + artifact.group(1) + "-*-all.jar");
    assertThat(dockerfile).contains("ENTRYPOINT [\"java\", \"-jar\", \"/app/kaso-operator.jar\"]");
  }
}
