package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MergeTargetsTest {

  private static Optional<String> refusal(String namespace, String type, Map<String, String> labels,
      boolean owned) {
    return MergeTargets.refusal(namespace, "target", type, labels, owned, "kaso-system");
  }

  @Test
  void anOpaqueSecretOfATenantMayBeMergedInto() {
    assertThat(refusal("shop", "Opaque", Map.of("team", "shop"), false)).isEmpty();
    assertThat(refusal("shop", null, null, false)).as("no type is Opaque").isEmpty();
  }

  @Test
  void serviceAccountTokensAreRefused() {
    assertThat(refusal("shop", "kubernetes.io/service-account-token", null, false))
        .hasValueSatisfying(m -> assertThat(m).contains("shop/target").contains("ServiceAccount token")
            .contains("target.name"));
  }

  @Test
  void helmReleasesAreRefusedByTypeOrByLabel() {
    assertThat(refusal("shop", "helm.sh/release.v1", null, false)).hasValueSatisfying(m -> assertThat(m)
        .contains("Helm release"));
    assertThat(refusal("shop", "Opaque", Map.of("owner", "helm", "name", "shop"), false)).isPresent();
  }

  @Test
  void theOperatorsOwnSecretsAreRefused() {
    assertThat(refusal("kaso-system", "Opaque", null, false)).hasValueSatisfying(m -> assertThat(m)
        .contains("operator's namespace").contains("data-hash key"));
  }

  @Test
  void typedSecretsAreRefusedUnlessTheResourceOwnsThem() {
    assertThat(refusal("shop", "kubernetes.io/dockerconfigjson", null, false)).hasValueSatisfying(m -> assertThat(m)
        .contains("kubernetes.io/dockerconfigjson").contains("Opaque"));
    assertThat(refusal("shop", "bootstrap.kubernetes.io/token", null, false)).isPresent();
    assertThat(refusal("shop", "kubernetes.io/tls", null, true)).isEmpty();
  }
}
