package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.testing.OperatorTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Periodic refreshes stay batched: refreshes fall into slots, and the first refresh of a slot reads the sources of
 * every resource of the slot at once. One reconcile thread makes the difference visible: without slots each
 * refresh would read its own parameter alone, one GetParameters call per resource.
 */
class RefreshSlotsIT extends OperatorTest {
  private static final int RESOURCES = 30;
  private static final Pattern SYNCED =
      Pattern.compile("kaso_sync_total\\{kind=\"ExternalParameter\",result=\"Synced\"} (\\d+)(\\.0)?\\n");

  @Override
  protected Map<String, String> settings() {
    return Map.of("KASO_RECONCILE_THREADS", "1", "KASO_MIN_REFRESH_INTERVAL", "1s");
  }

  @Test
  void aRefreshCycleReadsEachSlotInFullBatches() {
    for (int i = 0; i < RESOURCES; i++) {
      aws.putParameter("/slots/p" + i, "v" + i, ParameterType.STRING);
      int n = i;
      resources.createParameter(NS, "slot-" + i, s -> {
        // 30 s: slots of 1 s, the +/-10% jitter spreads the resources over about 7 of them.
        s.setRefreshInterval("30s");
        s.setParameters(List.of(new ParameterRef("/slots/p" + n, "VALUE")));
      });
    }
    eventually().untilAsserted(() -> assertThat(synced()).isEqualTo(RESOURCES));
    int before = operator.calls().count("GetParameters");

    eventually().atMost(Duration.ofMinutes(2))
        .untilAsserted(() -> assertThat(synced()).as("every resource refreshed once")
            .isGreaterThanOrEqualTo(2 * RESOURCES));
    int cycle = operator.calls().count("GetParameters") - before;
    assertThat(cycle).as("one refresh cycle of %d resources in about 7 slots: not a call per resource", RESOURCES)
        .isGreaterThan(0).isLessThanOrEqualTo(RESOURCES / 2);
  }

  private int synced() {
    Matcher m = SYNCED.matcher(operator.scrapeMetrics());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
