package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.api.v1alpha1.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsRegionsTest {
  private final AwsRegions regions = new AwsRegions(List.of("eu-west-2", "us-gov-west-1", "aws-global"));

  @Test
  void aKnownRegionPasses() {
    assertThatCode(() -> regions.check("eu-west-2")).doesNotThrowAnyException();
    assertThatCode(() -> regions.check("us-gov-west-1")).doesNotThrowAnyException();
  }

  @Test
  void aWellFormedRegionThatDoesNotExistIsInvalidSpec() {
    assertThatThrownBy(() -> regions.check("eu-west-9"))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
        .hasMessageContaining("eu-west-9").hasMessageContaining("not an AWS region this operator knows");
  }

  @Test
  void somethingThatIsNotARegionIsInvalidSpec() {
    for (String bad : List.of("aws-global", "EU-WEST-2", "eu-west-2.evil.example", "eu-west-2/../x", "",
        "eu-" + "x".repeat(100) + "-1")) {
      assertThatThrownBy(() -> regions.check(bad)).as(bad)
          .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec))
          .message().hasSizeLessThan(200);
    }
  }
}
