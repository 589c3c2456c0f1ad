package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.testing.OperatorTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.Tag;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * External Secrets Operator's own end-to-end cases for its AWS providers (e2e/suites/provider/cases/common and
 * .../aws in external-secrets/external-secrets), each written as the Kaso resource a migrating team would write, in
 * YAML as README shows it: the same AWS content must give the Secret ESO's case expects (type, data, and labels or
 * annotations where the case sets them). Test names carry the ESO case names. Secret names use "e2e" where ESO uses
 * the test namespace.
 */
class EsoParityIT extends OperatorTest {
  private static final String VALUE_1 = "{\"foo1\":\"foo1-val\",\"bar1\":\"bar1-val\"}";
  private static final String VALUE_2 = "{\"foo2\":\"foo2-val\",\"bar2\":\"bar2-val\"}";
  private static final String FIND_VALUE = "{\"foo1\":\"foo1-val\"}";

  // ---- (A) templates -----------------------------------------------------------------------------------------

  /** ESO's mergePolicy defaults to Replace; Kaso's to Merge, so the migrated resource says Replace. */
  @Test
  void jsonDataWithTemplate() {
    secret("e2e-one", VALUE_1);
    secret("e2e-other", VALUE_2);
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target:
            name: target-secret
            templateMergePolicy: Replace
            template:
              my-data: "executed: {{ one }}|{{ two }}"
            templateLabels: { example: label }
            templateAnnotations: { example: annotation }
          data:
            - { key: one, secretId: e2e-one, property: foo1 }
            - { key: two, secretId: e2e-other, property: bar2 }
        """);
    assertSecret("target-secret", "Opaque", Map.of("my-data", "executed: foo1-val|bar2-val"));
    Secret s = resources.secret(NS, "target-secret");
    assertThat(s.getMetadata().getLabels()).containsEntry("example", "label");
    assertThat(s.getMetadata().getAnnotations()).containsEntry("example", "annotation");
  }

  @Test
  void dockerJsonConfig() {
    secret("e2e-docker-config-example",
        "{\"dockerconfig\": {\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"c3R...zE2\"}}}}");
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target:
            name: target-secret
            templateMergePolicy: Replace
            template:
              .dockerconfigjson: "{{ mysecret }}"
          data:
            - { key: mysecret, secretId: e2e-docker-config-example, property: dockerconfig }
        """);
    assertSecret("target-secret", "Opaque",
        Map.of(".dockerconfigjson", "{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"c3R...zE2\"}}}"));
  }

  @Test
  void dataPropertyDockerconfigJson() {
    secret("e2e-docker-config-example", "{\"dockerconfig\": \"{\\\"auths\\\":{\\\"https://index.docker.io/v1/\\\": "
        + "{\\\"auth\\\": \\\"c3R...zE2\\\"}}}\"}");
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target:
            name: target-secret
            type: kubernetes.io/dockerconfigjson
            templateMergePolicy: Replace
            template:
              .dockerconfigjson: "{{ mysecret }}"
          data:
            - { key: mysecret, secretId: e2e-docker-config-example, property: dockerconfig }
        """);
    assertSecret("target-secret", "kubernetes.io/dockerconfigjson",
        Map.of(".dockerconfigjson", "{\"auths\":{\"https://index.docker.io/v1/\": {\"auth\": \"c3R...zE2\"}}}"));
  }

  @Test
  void sshKeySyncDataProperty() {
    String key = "-----BEGIN OPENSSH PRIVATE KEY-----\n\t\tb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
        + "\t\tQyNTUxOQAAACDETBMhi7ZeUKpzF4JhA+yjHbHjgVyPPc3G0QMkuNi9CgAAAJgzE8ZaMxPG\n"
        + "-----END OPENSSH PRIVATE KEY-----\n";
    secret("e2e-ssh-example", "{\"ssh-auth\": " + json(key) + "}");
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target:
            name: target-secret
            type: kubernetes.io/ssh-auth
            templateMergePolicy: Replace
            template:
              ssh-privatekey: "{{ mysecret }}"
          data:
            - { key: mysecret, secretId: e2e-ssh-example, property: ssh-auth }
        """);
    assertSecret("target-secret", "kubernetes.io/ssh-auth", Map.of("ssh-privatekey", key));
  }

  // ---- (B) values, properties, JSON --------------------------------------------------------------------------

  @Test
  void simpleDataSync() {
    secret("e2e-one", "bar");
    secret("e2e-other", "bar");
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          data:
            - { key: e2e-one, secretId: e2e-one }
            - { key: e2e-other, secretId: e2e-other }
        """);
    assertSecret("target-secret", "Opaque", Map.of("e2e-one", "bar", "e2e-other", "bar"));
  }

  @Test
  void simpleDataSyncFromParameterStore() {
    aws.putParameter("/e2e/one", "bar", ParameterType.STRING);
    aws.putParameter("/e2e/other", "bar", ParameterType.STRING);
    apply("""
        kind: ExternalParameter
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          parameters:
            - { key: e2e-one, name: /e2e/one }
            - { key: e2e-other, name: /e2e/other }
        """);
    assertSecret("target-secret", "Opaque", Map.of("e2e-one", "bar", "e2e-other", "bar"));
  }

  @Test
  void jsonDataWithProperty() {
    secret("e2e-one", VALUE_1);
    secret("e2e-two", VALUE_2);
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          data:
            - { key: e2e-one, secretId: e2e-one, property: foo1 }
            - { key: e2e-two, secretId: e2e-two, property: bar2 }
        """);
    assertSecret("target-secret", "Opaque", Map.of("e2e-one", "foo1-val", "e2e-two", "bar2-val"));
  }

  @Test
  void nestedJsonWithGjsonArrayPaths() {
    secret("e2e-one", """
        {"name": {"first": "Tom", "last": "Anderson"},
        \t"friends": [{"first": "Dale", "last": "Murphy"}, {"first": "Roger", "last": "Craig"},
        \t\t{"first": "Jane", "last": "Murphy"}]}""");
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          data:
            - { key: firstname, secretId: e2e-one, property: name.first }
            - { key: first_friend, secretId: e2e-one, property: friends.1.first }
        """);
    assertSecret("target-secret", "Opaque", Map.of("firstname", "Tom", "first_friend", "Roger"));
  }

  @Test
  void jsonDataFromSync() {
    secret("e2e-one", "{ \"name\": \"great-name\", \"surname\": \"great-surname\" }");
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          dataFrom:
            - secretId: e2e-one
        """);
    assertSecret("target-secret", "Opaque", Map.of("name", "great-name", "surname", "great-surname"));
  }

  @Test
  void jsonDataFromSyncFromParameterStore() {
    aws.putParameter("/e2e/one", "{ \"name\": \"great-name\", \"surname\": \"great-surname\" }",
        ParameterType.STRING);
    apply("""
        kind: ExternalParameter
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          dataFrom:
            - name: /e2e/one
        """);
    assertSecret("target-secret", "Opaque", Map.of("name", "great-name", "surname", "great-surname"));
  }

  @Test
  void syncWithoutTargetName() {
    secret("e2e-one", "bar");
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          data:
            - { key: e2e-one, secretId: e2e-one }
        """);
    assertSecret("e2e-es", "Opaque", Map.of("e2e-one", "bar"));
  }

  @Test
  void versionedParameter() {
    for (int v = 1; v <= 5; v++) {
      aws.putParameter("/e2e/versioned/one", "value" + v, ParameterType.STRING);
    }
    apply("""
        kind: ExternalParameter
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          parameters:
            - { key: v1, name: /e2e/versioned/one, version: 1 }
            - { key: v2, name: /e2e/versioned/one, version: 2 }
            - { key: v3, name: /e2e/versioned/one, version: 3 }
            - { key: v4, name: /e2e/versioned/one, version: 4 }
            - { key: v5, name: /e2e/versioned/one, version: 5 }
        """);
    assertSecret("target-secret", "Opaque",
        Map.of("v1", "value1", "v2", "value2", "v3", "value3", "v4", "value4", "v5", "value5"));
  }

  // ---- (D) rewrite and decoding ------------------------------------------------------------------------------

  @Test
  void jsonDataFromRewrite() {
    secret("e2e-one", "{ \"username\": \"myuser.name\", \"address\": \"happy street\" }");
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          dataFrom:
            - secretId: e2e-one
              rewrite:
                - regexp: { source: "(.*)", target: "my_$1" }
        """);
    assertSecret("target-secret", "Opaque", Map.of("my_username", "myuser.name", "my_address", "happy street"));
  }

  @Test
  void decodingPolicySync() {
    secret("e2e-one", "{ \"name\": \"Z3JlYXQtbmFtZQ==\", \"surname\": \"Z3JlYXQtc3VybmFtZQ==\", "
        + "\"address\": \"happy calm street No. 1\" }");
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          dataFrom:
            - { secretId: e2e-one, decoding: Auto }
          data:
            - { key: base64, secretId: e2e-one, property: name, decoding: Base64 }
            - { key: none, secretId: e2e-one, property: name, decoding: None }
        """);
    assertSecret("target-secret", "Opaque", Map.of("name", "great-name", "surname", "great-surname",
        "address", "happy calm street No. 1", "base64", "great-name", "none", "Z3JlYXQtbmFtZQ=="));
  }

  // ---- (C) finds ---------------------------------------------------------------------------------------------

  @Test
  void findByName() {
    for (String n : List.of("one", "two", "three")) {
      secret("e2e_find_name_e2e_" + n, FIND_VALUE);
    }
    secret("other_e2e_one", FIND_VALUE);
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          dataFrom:
            - find: { nameRegexp: "e2e_find_name_e2e.+" }
              keyStyle: Relative
        """);
    assertSecret("target-secret", "Opaque", Map.of("e2e_find_name_e2e_one", FIND_VALUE,
        "e2e_find_name_e2e_two", FIND_VALUE, "e2e_find_name_e2e_three", FIND_VALUE));
  }

  /** ESO's find.path is a name prefix; its keys are whole names, so Kaso anchors a regexp instead of a prefix. */
  @Test
  void findByNameWithPath() {
    secret("e2e-find-name-tenant-one", FIND_VALUE);
    secret("tenant-two", FIND_VALUE);
    secret("tenant-three", FIND_VALUE);
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          dataFrom:
            - find: { nameRegexp: "^tenant.+" }
              keyStyle: Relative
        """);
    assertSecret("target-secret", "Opaque", Map.of("tenant-two", FIND_VALUE, "tenant-three", FIND_VALUE));
  }

  @Test
  void findByTag() {
    for (String n : List.of("one", "two", "three")) {
      secret("e2e-find-name-e2e-" + n, VALUE_1, Map.of("test", "e2e"));
    }
    secret("e2e-find-name-e2e-untagged", VALUE_1, Map.of("test", "other"));
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          dataFrom:
            - find: { tags: { test: e2e } }
              keyStyle: Relative
        """);
    assertSecret("target-secret", "Opaque", Map.of("e2e-find-name-e2e-one", VALUE_1,
        "e2e-find-name-e2e-two", VALUE_1, "e2e-find-name-e2e-three", VALUE_1));
  }

  @Test
  void findByTagWithPath() {
    secret("e2e-find-name-e2e-one", VALUE_1, Map.of("test", "e2e"));
    secret("foobar-e2e-two", VALUE_1, Map.of("test", "e2e"));
    secret("foobar-e2e-three", VALUE_1, Map.of("test", "e2e"));
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          dataFrom:
            - find: { nameRegexp: "^foobar", tags: { test: e2e } }
              keyStyle: Relative
        """);
    assertSecret("target-secret", "Opaque", Map.of("foobar-e2e-two", VALUE_1, "foobar-e2e-three", VALUE_1));
  }

  /** ESO turns "/" into "_" in Parameter Store find keys; Kaso says so with a rewrite and a prefix. */
  @Test
  void parameterStoreFindByName() {
    for (String n : List.of("one", "two", "three")) {
      aws.putParameter("/e2e/find/name/e2e/" + n, FIND_VALUE, ParameterType.STRING);
    }
    aws.putParameter("/e2e/find/other/e2e/one", FIND_VALUE, ParameterType.STRING);
    apply("""
        kind: ExternalParameter
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          paths:
            - path: /
              nameRegexp: "/e2e/find/name/e2e.+"
              keyStyle: Relative
              rewrite:
                - regexp: { source: "\\\\.", target: "_" }
              keyPrefix: _
        """);
    assertSecret("target-secret", "Opaque", Map.of("_e2e_find_name_e2e_one", FIND_VALUE,
        "_e2e_find_name_e2e_two", FIND_VALUE, "_e2e_find_name_e2e_three", FIND_VALUE));
  }

  @Test
  void parameterStoreFindByTagWithPath() {
    aws.putParameter("/e2e/find/name/e2e/one", VALUE_1, Map.of("test", "e2e"));
    aws.putParameter("/foobar/e2e/two", VALUE_1, Map.of("test", "e2e"));
    aws.putParameter("/foobar/e2e/three", VALUE_1, Map.of("test", "e2e"));
    aws.putParameter("/foobar/e2e/four", VALUE_1, Map.of("test", "other"));
    apply("""
        kind: ExternalParameter
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          paths:
            - path: /foobar
              tags: { test: e2e }
              keyStyle: Relative
              rewrite:
                - regexp: { source: "\\\\.", target: "_" }
              keyPrefix: _foobar_
        """);
    assertSecret("target-secret", "Opaque", Map.of("_foobar_e2e_two", VALUE_1, "_foobar_e2e_three", VALUE_1));
  }

  // ---- (E) tags as data (metadataPolicy: Fetch) ----------------------------------------------------------------

  @Test
  void metadataPolicyFetchReadsTagsInsteadOfTheValue() {
    secret("e2e-tagged", "not-read", Map.of("dev", "seb", "team", "shop"));
    aws.putParameter("/e2e/tagged", "not-read", Map.of("dev", "seb"));
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret }
          data:
            - { key: developer, secretId: e2e-tagged, property: dev, metadataPolicy: Fetch }
            - { key: tags, secretId: e2e-tagged, metadataPolicy: Fetch }
          dataFrom:
            - { secretId: e2e-tagged, metadataPolicy: Fetch, keyPrefix: tag_ }
        """);
    apply("""
        kind: ExternalParameter
        metadata: { name: e2e-ps }
        spec:
          target: { name: target-parameter }
          parameters:
            - { key: developer, name: /e2e/tagged, property: dev, metadataPolicy: Fetch }
        """);
    assertSecret("target-secret", "Opaque", Map.of("developer", "seb", "tags", "{\"dev\":\"seb\",\"team\":\"shop\"}",
        "tag_dev", "seb", "tag_team", "shop"));
    assertSecret("target-parameter", "Opaque", Map.of("developer", "seb"));
  }

  // ---- (F) lifecycle -----------------------------------------------------------------------------------------

  @Test
  void deletionPolicyDelete() {
    secret("e2e-one", "bazz");
    secret("e2e-other", "bazz");
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          target: { name: target-secret, sourceDeletionPolicy: Delete }
          data:
            - { key: e2e-one, secretId: e2e-one }
            - { key: e2e-other, secretId: e2e-other }
        """);
    assertSecret("target-secret", "Opaque", Map.of("e2e-one", "bazz", "e2e-other", "bazz"));
    try (SecretsManagerClient sm = aws.secretsManager()) {
      sm.deleteSecret(r -> r.secretId("e2e-one").forceDeleteWithoutRecovery(true));
      sm.deleteSecret(r -> r.secretId("e2e-other").forceDeleteWithoutRecovery(true));
    }
    resources.forceSync(ExternalSecret.class, NS, "e2e-es", "sources-deleted");
    eventually().untilAsserted(() -> assertThat(resources.secret(NS, "target-secret")).isNull());
  }

  // ---- (G) static credentials --------------------------------------------------------------------------------

  @Test
  void staticCredentialsFromASecret() {
    kube.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata()
        .withName("provider-secret").endMetadata()
        .withData(Map.of("kid", base64("AKIAE2ETENANT0000001"), "sak", base64("tenant-secret"),
            "st", base64("session-token")))
        .build()).create();
    secret("e2e-one", "bar");
    secret("e2e-other", "bar");
    apply("""
        kind: ExternalSecret
        metadata: { name: e2e-es }
        spec:
          aws:
            credentialsSecretRef:
              name: provider-secret
              accessKeyIdKey: kid
              secretAccessKeyKey: sak
              sessionTokenKey: st
          target: { name: target-secret }
          data:
            - { key: e2e-one, secretId: e2e-one }
            - { key: e2e-other, secretId: e2e-other }
        """);
    assertSecret("target-secret", "Opaque", Map.of("e2e-one", "bar", "e2e-other", "bar"));
    List<String> signers = new ArrayList<>(operator.calls().signers("BatchGetSecretValue"));
    signers.addAll(operator.calls().signers("GetSecretValue"));
    assertThat(signers).isNotEmpty().containsOnly("AKIAE2ETENANT0000001");
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private void apply(String yaml) {
    String manifest = "apiVersion: kaso.io/v1alpha1\n" + yaml;
    Class<? extends HasMetadata> kind = yaml.startsWith("kind: ExternalSecret") ? ExternalSecret.class
        : ExternalParameter.class;
    HasMetadata resource = kube.client().getKubernetesSerialization().unmarshal(manifest, kind);
    resource.getMetadata().setNamespace(NS);
    kube.client().resource(resource).create();
  }

  private void assertSecret(String name, String type, Map<String, String> data) {
    eventually().untilAsserted(() -> {
      Secret s = resources.secret(NS, name);
      assertThat(s).as("Secret %s", name).isNotNull();
      assertThat(s.getType()).isEqualTo(type);
      assertThat(resources.data(NS, name)).isEqualTo(data);
    });
  }

  private static String json(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t") + "\"";
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private void secret(String name, String value) {
    secret(name, value, Map.of());
  }

  private void secret(String name, String value, Map<String, String> tags) {
    List<Tag> awsTags = tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .collect(Collectors.toList());
    try (SecretsManagerClient sm = aws.secretsManager()) {
      sm.createSecret(r -> r.name(name).secretString(value).tags(awsTags));
    }
  }

}
