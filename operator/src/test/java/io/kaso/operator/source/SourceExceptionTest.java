package io.kaso.operator.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceExceptionTest {

  @Test
  void aFailureToldAnotherWayKeepsItsKindSoARetriedFailureIsNeverTakenForASpecError() {
    List<SourceException> kinds = List.of(new SourceException.NotFound("a"), new SourceException.AccessDenied("a", null),
        new SourceException.Throttled("a", null), new SourceException.Unavailable("a", null),
        new SourceException.InvalidCiphertext("a", null), new SourceException.KubernetesApi("a", null),
        new SourceException.Unexpected("a", null), new SourceException.InvalidRequest("a", null));
    for (SourceException e : kinds) {
      SourceException told = e.withMessage("reading secret prod/db: " + e.getMessage());
      assertThat(told).as(e.getClass().getSimpleName()).isExactlyInstanceOf(e.getClass())
          .hasMessage("reading secret prod/db: a");
    }
  }
}
