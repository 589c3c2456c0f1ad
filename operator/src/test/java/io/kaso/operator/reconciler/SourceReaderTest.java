package io.kaso.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.core.SourcesGone.Presence;
import io.kaso.operator.source.SourceException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceReaderTest {

  @Test
  void onlyNotFoundOrNothingMatchedIsGone() {
    assertThat(SourceReader.presenceOf(() -> true)).isEqualTo(Presence.PRESENT);
    assertThat(SourceReader.presenceOf(() -> false)).isEqualTo(Presence.GONE);
    assertThat(SourceReader.presenceOf(() -> {
      throw new SourceException.NotFound("secret a was not found");
    })).isEqualTo(Presence.GONE);
  }

  @Test
  void anyOtherFailureLeavesItUnknownSoNothingIsDeleted() {
    for (SourceException e : List.of(new SourceException.AccessDenied("denied", null),
        new SourceException.Throttled("throttled", null), new SourceException.Unavailable("down", null),
        new SourceException.InvalidCiphertext("kms", null), new SourceException.Unexpected("odd", null))) {
      assertThat(SourceReader.presenceOf(() -> {
        throw e;
      })).as(e.getClass().getSimpleName()).isEqualTo(Presence.UNKNOWN);
    }
  }
}
