package io.kaso.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.core.NamespacePolicy;
import io.kaso.operator.source.RateBudgets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorSettingsTest {
  private final Map<String, String> env = new HashMap<>(Map.of("AWS_REGION", "eu-west-2", "POD_NAMESPACE", "kaso"));

  @Test
  void defaultsFollowTheDesign() {
    OperatorSettings s = OperatorSettings.parse(env, new String[0]);
    assertThat(s.watchNamespaces()).isEmpty();
    assertThat(s.defaultRefreshInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(s.cacheTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.reconcileThreads()).isEqualTo(16);
    assertThat(s.rates()).isEqualTo(RateBudgets.DEFAULTS);
    assertThat(s.namespacePolicy()).isEqualTo(NamespacePolicy.Mode.Annotated);
    assertThat(s.metricsPort()).isEqualTo(8080);
    assertThat(s.healthPort()).isEqualTo(8081);
    assertThat(s.logFormat()).isEqualTo(OperatorSettings.LogFormat.json);
    assertThat(s.operatorNamespace()).isEqualTo("kaso");
  }

  @Test
  void readsEnvironmentAndFlagsWinOverIt() {
    env.put("KASO_WATCH_NAMESPACES", "shop, billing");
    env.put("KASO_CACHE_TTL", "30s");
    OperatorSettings s = OperatorSettings.parse(env,
        new String[] {"--cache-ttl=5s", "--namespace-policy", "Open", "--rate-ssm=10"});
    assertThat(s.watchNamespaces()).containsExactly("shop", "billing");
    assertThat(s.cacheTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.namespacePolicy()).isEqualTo(NamespacePolicy.Mode.Open);
    assertThat(s.rates().ssm()).isEqualTo(10);
  }

  @Test
  void aBadValueStopsStartUpWithOneLineNamingTheSetting() {
    env.put("KASO_CACHE_TTL", "10x");
    assertThatThrownBy(() -> OperatorSettings.parse(env, new String[0]))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessage("KASO_CACHE_TTL (--cache-ttl) is '10x', expected a duration such as 1h, 10s or 500ms");
  }

  @Test
  void everySettingIsChecked() {
    Map<String, String> bad = Map.of("KASO_RECONCILE_THREADS", "0", "KASO_RATE_STS", "-1",
        "KASO_NAMESPACE_POLICY", "Closed", "KASO_SESSION_TAGS", "yes", "KASO_METRICS_PORT", "99999",
        "KASO_LOG_FORMAT", "xml", "KASO_LOG_LEVEL", "LOUD", "KASO_EVENTS_QUEUE_URL", "not a url",
        "AWS_REGION", "Europe");
    bad.forEach((name, value) -> {
      Map<String, String> e = new HashMap<>(env);
      e.put(name, value);
      assertThatThrownBy(() -> OperatorSettings.parse(e, new String[0])).as(name)
          .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith(name).hasMessageNotContaining("\n");
    });
  }

  @Test
  void theRegionIsRequired() {
    assertThatThrownBy(() -> OperatorSettings.parse(Map.of(), new String[0])).hasMessageContaining("AWS_REGION");
  }

  @Test
  void unknownFlagsAreRefused() {
    assertThatThrownBy(() -> OperatorSettings.parse(env, new String[] {"--cache-tll=5s"}))
        .hasMessageContaining("unknown flag --cache-tll");
  }

  @Test
  void theRefreshFloorDefaultsToTenSecondsAndTheDefaultIntervalMustRespectIt() {
    assertThat(OperatorSettings.parse(env, new String[0]).minRefreshInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(OperatorSettings.parse(env, new String[] {"--min-refresh-interval=1m"}).minRefreshInterval())
        .isEqualTo(Duration.ofMinutes(1));
    env.put("KASO_MIN_REFRESH_INTERVAL", "soon");
    assertThatThrownBy(() -> OperatorSettings.parse(env, new String[0]))
        .hasMessage("KASO_MIN_REFRESH_INTERVAL (--min-refresh-interval) is 'soon', expected a duration such as 1h, "
            + "10s or 500ms");
    env.put("KASO_MIN_REFRESH_INTERVAL", "1m");
    env.put("KASO_DEFAULT_REFRESH_INTERVAL", "30s");
    assertThatThrownBy(() -> OperatorSettings.parse(env, new String[0]))
        .hasMessage("KASO_DEFAULT_REFRESH_INTERVAL (--default-refresh-interval) is '30s', expected 0 or at least "
            + "KASO_MIN_REFRESH_INTERVAL (1m)");
    env.put("KASO_DEFAULT_REFRESH_INTERVAL", "0");
    assertThat(OperatorSettings.parse(env, new String[0]).defaultRefreshInterval()).isZero();
  }
}
