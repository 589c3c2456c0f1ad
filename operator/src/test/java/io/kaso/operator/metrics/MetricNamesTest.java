package io.kaso.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** README's metrics table and the code name the same meters, from one list. */
class MetricNamesTest {
  private static final Path ROOT = Path.of(System.getProperty("kaso.repoRoot", ".."));

  @Test
  void readmeListsExactlyTheMetersTheCodeRegisters() throws IOException {
    List<String> documented = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\| `(kaso_[a-z_]+)` \\|").matcher(Files.readString(ROOT.resolve("README.md")));
    while (m.find()) {
      documented.add(m.group(1));
    }
    assertThat(documented).containsExactlyElementsOf(MetricNames.ALL);
  }

  @Test
  void noMeterNameIsSpelledOutsideTheList() throws IOException {
    Path main = ROOT.resolve("operator/src/main/java");
    try (Stream<Path> files = Files.walk(main)) {
      List<String> offenders = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !p.endsWith("MetricNames.java"))
          .filter(p -> read(p).contains("\"kaso_"))
          .map(p -> main.relativize(p).toString()).toList();
      assertThat(offenders).as("meter names are MetricNames constants").isEmpty();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
