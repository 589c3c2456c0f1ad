package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsGoStyleDurations() {
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("0")).isZero();
    assertThat(Durations.parse("0s")).isZero();
  }

  @Test
  void refusesWhatIsNotADurationNamingIt() {
    for (String bad : new String[] {"", "1", "1x", "h", "1h 30m", "-1h", "1hh", "1m1"}) {
      assertThatThrownBy(() -> Durations.parse(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Durations.parse("10x")).hasMessageContaining("'10x' is not a duration");
  }

  @Property
  void formatThenParseGivesTheSameDuration(@ForAll @LongRange(min = 0, max = 10_000_000_000L) long millis) {
    Duration d = Duration.ofMillis(millis);
    assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
  }
}
