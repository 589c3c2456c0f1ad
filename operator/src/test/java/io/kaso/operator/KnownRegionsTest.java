package io.kaso.operator;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.core.AwsRegions;
import org.junit.jupiter.api.Test;

/** The regions a spec may name come from the AWS SDK's list, plus the operator's own region. */
class KnownRegionsTest {

  @Test
  void theSdksRegionsAndTheOperatorsOwnAreKnownATypoIsNot() {
    AwsRegions regions = AwsSources.knownRegions("xx-future-1");
    for (String region : new String[] {"eu-west-2", "us-east-1", "us-gov-west-1", "cn-north-1", "ap-southeast-2",
        "xx-future-1"}) {
      assertThatCode(() -> regions.check(region)).as(region).doesNotThrowAnyException();
    }
    assertThatThrownBy(() -> regions.check("eu-west-9")).hasMessageContaining("eu-west-9");
  }
}
