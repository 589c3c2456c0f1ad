package io.kaso.operator.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTypeRulesTest {
  private static final byte[] X = "x".getBytes(StandardCharsets.UTF_8);

  @Test
  void opaqueAndUnknownTypesTakeAnything() {
    assertThat(SecretTypeRules.problem("Opaque", Map.of(), Map.of())).isEmpty();
    assertThat(SecretTypeRules.problem(null, Map.of(), null)).isEmpty();
    assertThat(SecretTypeRules.problem("example.com/custom", Map.of(), Map.of())).isEmpty();
  }

  @Test
  void tlsNeedsItsCertificateAndKey() {
    assertThat(SecretTypeRules.problem("kubernetes.io/tls", Map.of("tls.key", X), Map.of()))
        .hasValueSatisfying(p -> assertThat(p).contains("tls.crt").doesNotContain("missing: tls.crt, tls.key"));
    assertThat(SecretTypeRules.problem("kubernetes.io/tls", Map.of(), Map.of()))
        .hasValueSatisfying(p -> assertThat(p).contains("missing: tls.crt, tls.key"));
    assertThat(SecretTypeRules.problem("kubernetes.io/tls", Map.of("tls.crt", X, "tls.key", X), Map.of())).isEmpty();
  }

  @Test
  void dockerConfigJsonNeedsAJsonObjectAndNeverShowsTheValue() {
    String type = "kubernetes.io/dockerconfigjson";
    assertThat(SecretTypeRules.problem(type, Map.of(), Map.of())).isPresent();
    assertThat(SecretTypeRules.problem(type, Map.of(".dockerconfigjson", bytes("s3cr3t-not-json")), Map.of()))
        .hasValueSatisfying(p -> assertThat(p).contains("JSON object").doesNotContain("s3cr3t"));
    assertThat(SecretTypeRules.problem(type, Map.of(".dockerconfigjson", bytes("[1]")), Map.of())).isPresent();
    assertThat(SecretTypeRules.problem(type, Map.of(".dockerconfigjson", bytes("{\"auths\":{}}")), Map.of()))
        .isEmpty();
    assertThat(SecretTypeRules.problem("kubernetes.io/dockercfg", Map.of(".dockercfg", bytes("{}")), Map.of()))
        .isEmpty();
  }

  @Test
  void basicAuthNeedsAUsernameOrAPassword() {
    String type = "kubernetes.io/basic-auth";
    assertThat(SecretTypeRules.problem(type, Map.of("user", X), Map.of())).isPresent();
    assertThat(SecretTypeRules.problem(type, Map.of("username", X), Map.of())).isEmpty();
    assertThat(SecretTypeRules.problem(type, Map.of("password", new byte[0]), Map.of())).isEmpty();
  }

  @Test
  void sshAuthNeedsANonEmptyPrivateKey() {
    String type = "kubernetes.io/ssh-auth";
    assertThat(SecretTypeRules.problem(type, Map.of("ssh-privatekey", new byte[0]), Map.of())).isPresent();
    assertThat(SecretTypeRules.problem(type, Map.of("ssh-privatekey", X), Map.of())).isEmpty();
  }

  @Test
  void aServiceAccountTokenNeedsItsAccountAnnotation() {
    String type = "kubernetes.io/service-account-token";
    assertThat(SecretTypeRules.problem(type, Map.of(), Map.of())).isPresent();
    assertThat(SecretTypeRules.problem(type, Map.of(), Map.of("kubernetes.io/service-account.name", "app")))
        .isEmpty();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
