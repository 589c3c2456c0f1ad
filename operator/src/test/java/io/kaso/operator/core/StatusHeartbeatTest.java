package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SourceVersion;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusHeartbeatTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final List<SourceVersion> SOURCES = List.of(new SourceVersion("/shop/a", "3"));
  private final StatusHeartbeat sixHours = new StatusHeartbeat(Duration.ofHours(6));

  @Test
  void aRefreshThatFindsNothingNewIsWrittenOncePerHeartbeat() {
    SyncStatus written = synced(null, T0, false, SOURCES);
    SyncStatus hourLater = synced(written, T0.plus(Duration.ofHours(1)), false, SOURCES);
    assertThat(hourLater.getLastSyncTime()).isNotEqualTo(written.getLastSyncTime());
    assertThat(sixHours.worthWriting(written, hourLater)).as("only lastSyncTime and nextRefreshTime moved").isFalse();
    SyncStatus sixHoursLater = synced(written, T0.plus(Duration.ofHours(6)), false, SOURCES);
    assertThat(sixHours.worthWriting(written, sixHoursLater)).isTrue();
    assertThat(new StatusHeartbeat(Duration.ZERO).worthWriting(written, hourLater)).as("heartbeat 0").isTrue();
  }

  @Test
  void anyOtherChangeIsWrittenAtOnce() {
    SyncStatus written = synced(null, T0, false, SOURCES);
    Instant later = T0.plusSeconds(60);
    assertThat(sixHours.worthWriting(written, synced(written, later, true, SOURCES))).as("data changed").isTrue();
    assertThat(sixHours.worthWriting(written, synced(written, later, false, List.of(new SourceVersion("/shop/a", "4")))))
        .as("a new version").isTrue();
    assertThat(sixHours.worthWriting(written, StatusBuilder.failed(written, 1, later, Reason.AccessDenied, "denied",
        later.plusSeconds(5)))).as("a failure").isTrue();
    SyncStatus failed = StatusBuilder.failed(written, 1, later, Reason.AccessDenied, "denied", later.plusSeconds(5));
    assertThat(sixHours.worthWriting(failed, synced(failed, later.plusSeconds(5), false, SOURCES))).as("recovery")
        .isTrue();
    assertThat(sixHours.worthWriting(failed, StatusBuilder.failed(failed, 1, later.plusSeconds(5), Reason.AccessDenied,
        "denied", later.plusSeconds(15)))).as("a retry time of a failure is shown").isTrue();
    assertThat(sixHours.worthWriting(null, written)).as("the first status").isTrue();
    assertThat(sixHours.worthWriting(written, written)).as("nothing changed").isFalse();
    SyncStatus newGeneration = StatusBuilder.synced(written, 2, later, false, 1, SOURCES, later.plusSeconds(3600),
        "1 key");
    assertThat(sixHours.worthWriting(written, newGeneration)).as("a new generation").isTrue();
  }

  private static SyncStatus synced(SyncStatus previous, Instant at, boolean changed, List<SourceVersion> sources) {
    return StatusBuilder.synced(previous, 1, at, changed, 1, sources, at.plus(Duration.ofHours(1)), "1 key");
  }
}
