package io.kaso.operator.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the image without a Docker engine: pinned bases, a non-root user, a runtime that needs no
 * shell, JVM sizing by container memory, and the jar the build really produces.
 */
class DockerfileTest {
  static final Path ROOT = Path.of(System.getProperty("kaso.repoRoot", ".."));

  static List<String> lines() throws IOException {
    return Files.readAllLines(ROOT.resolve("Dockerfile")).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** The ARG lines before the first FROM, with their defaults: the base images. */
  private static Map<String, String> buildArgs() throws IOException {
    Map<String, String> args = new LinkedHashMap<>();
    for (String line : lines()) {
      if (line.startsWith("FROM ")) {
        break;
      }
      Matcher arg = Pattern.compile("ARG ([A-Z_]+)=(\\S+)").matcher(line);
      if (arg.matches()) {
        args.put(arg.group(1), arg.group(2));
      }
    }
    return args;
  }

  /** The FROM lines, a build argument replaced by its default. */
  private static List<String> froms() throws IOException {
    Map<String, String> args = buildArgs();
    return lines().stream().filter(l -> l.startsWith("FROM ")).map(from -> {
      String resolved = from;
      for (Map.Entry<String, String> arg : args.entrySet()) {
        resolved = resolved.replace("${" + arg.getKey() + "}", arg.getValue());
      }
      return resolved;
    }).toList();
  }

  @Test
  void baseImagesArePinnedToExactTags() throws IOException {
    List<String> froms = froms();
    assertThat(froms).hasSize(2);
    for (String from : froms) {
      String image = from.split("\\s+")[1];
      assertThat(image).as(from).matches(".+:[0-9][^:]*").doesNotEndWith(":latest").doesNotContain("${");
    }
    assertThat(froms.get(0)).contains("-jdk").contains(" AS build");
    assertThat(froms.get(1)).contains("-jre");
  }

  /** The cluster tier builds this file on other Java 17 bases: both are build arguments, and nothing else is. */
  @Test
  void baseImagesAreBuildArguments() throws IOException {
    assertThat(buildArgs()).containsOnlyKeys("BUILD_IMAGE", "RUNTIME_IMAGE");
    assertThat(lines().stream().filter(l -> l.startsWith("FROM ")))
        .containsExactly("FROM ${BUILD_IMAGE} AS build", "FROM ${RUNTIME_IMAGE}");
  }

  /** JVM options on the command line: JAVA_TOOL_OPTIONS would make the JVM print a line before the JSON logs. */
  @Test
  void jvmOptionsAreOnTheCommandLineNotInJavaToolOptions() throws IOException {
    assertThat(String.join("\n", lines())).doesNotContain("JAVA_TOOL_OPTIONS").doesNotContain("JDK_JAVA_OPTIONS")
        .doesNotContain("_JAVA_OPTIONS");
    assertThat(entrypoint()).startsWith("java").endsWith("-jar /app/kaso-operator.jar")
        .contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError");
  }

  /** The ENTRYPOINT's words, joined by spaces. */
  static String entrypoint() throws IOException {
    String line = lines().stream().filter(l -> l.startsWith("ENTRYPOINT ")).reduce((a, b) -> b).orElseThrow();
    Matcher words = Pattern.compile("\"([^\"]*)\"").matcher(line);
    List<String> result = new ArrayList<>();
    while (words.find()) {
      result.add(words.group(1));
    }
    return String.join(" ", result);
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
    assertThat(entrypoint()).startsWith("java ").endsWith(" -jar /app/kaso-operator.jar");
    assertThat(dockerfile).contains("COPY --from=build --chown=65532:65532 /src/kaso-operator.jar /app/kaso-operator.jar");
  }
}
