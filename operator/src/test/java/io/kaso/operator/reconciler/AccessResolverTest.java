package io.kaso.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.kaso.operator.api.v1alpha1.AwsAccess;
import io.kaso.operator.api.v1alpha1.CredentialsSecretRef;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.core.AwsRegions;
import io.kaso.operator.core.NamespacePolicy;
import io.kaso.operator.core.PolicySource;
import io.kaso.operator.core.SyncFailure;
import io.kaso.operator.kube.CredentialsSecrets;
import io.kaso.operator.kube.KubeLookups;
import io.kaso.operator.source.AccessKeys;
import io.kaso.operator.source.Identity;
import io.kaso.operator.source.Scope;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The credentialsSecretRef paths of the access decision (the others are covered at operator level). */
class AccessResolverTest {
  private static final String ROLE = "arn:aws:iam::111122223333:role/shop-reader";
  private static final List<PolicySource> SOURCES = List.of(PolicySource.name("/shop/a"));
  private final Map<String, Secret> secrets = new HashMap<>();
  private final List<String> reads = new ArrayList<>();
  private final CredentialsSecrets fake = (namespace, name) -> {
    reads.add(namespace + "/" + name);
    return Optional.ofNullable(secrets.get(namespace + "/" + name));
  };
  /** Namespace lookups are never needed for the namespace's own keys: a client-less lookup would fail if asked. */
  private final KubeLookups noLookups = new KubeLookups(null, Clock.systemUTC());
  private final ConfigMap resource = new ConfigMapBuilder().withNewMetadata().withNamespace("shop").withName("db")
      .endMetadata().build();

  private AccessResolver resolver(boolean allowKeys, boolean sessionTags) {
    return new AccessResolver(new NamespacePolicy(NamespacePolicy.Mode.Annotated, allowKeys), noLookups, fake,
        "us-east-1", new AwsRegions(List.of("us-east-1", "eu-west-2")), sessionTags);
  }

  private void secret(String name, String resourceVersion, Map<String, String> base64Data) {
    secrets.put("shop/" + name, new SecretBuilder().withNewMetadata().withNamespace("shop").withName(name)
        .withUid("uid-" + name).withResourceVersion(resourceVersion).endMetadata().withData(base64Data).build());
  }

  private static AwsAccess keys(String roleArn) {
    AwsAccess aws = new AwsAccess();
    aws.setCredentialsSecretRef(new CredentialsSecretRef("aws-keys"));
    aws.setRoleArn(roleArn);
    return aws;
  }

  @Test
  void plainKeysAreTheIdentityOfThatVersionOfTheSecret() {
    secret("aws-keys", "42", Map.of("AWS_ACCESS_KEY_ID", "QUtJQUtFWQ==", "AWS_SECRET_ACCESS_KEY", "c2VjcmV0"));
    AwsAccess aws = keys(null);
    aws.setRegion("eu-west-2");

    Scope scope = resolver(true, false).resolve(resource, aws, SOURCES);

    assertThat(scope.region()).isEqualTo("eu-west-2");
    assertThat(scope.identity()).isEqualTo(new Identity.SecretKeys(new Identity.SecretVersion("shop", "aws-keys",
        "uid-aws-keys", "42"), new AccessKeys("AKIAKEY", "secret", null)));
    assertThat(reads).containsExactly("shop/aws-keys");
  }

  @Test
  void aRoleIsAssumedFromTheKeysWithTheResourcesSessionNameTagsAndExternalId() {
    secret("aws-keys", "42", Map.of("AWS_ACCESS_KEY_ID", "QUtJQUtFWQ==", "AWS_SECRET_ACCESS_KEY", "c2VjcmV0"));
    AwsAccess aws = keys(ROLE);
    aws.setExternalId("ext-1");

    Identity identity = resolver(true, true).resolve(resource, aws, SOURCES).identity();

    assertThat(identity).isInstanceOfSatisfying(Identity.AssumedRole.class, role -> {
      assertThat(role.roleArn()).isEqualTo(ROLE);
      assertThat(role.externalId()).isEqualTo("ext-1");
      assertThat(role.sessionName()).isEqualTo("kaso-shop.db");
      assertThat(role.sessionTags()).containsEntry("kaso-namespace", "shop").containsEntry("kaso-name", "db");
      assertThat(role.from().secret().resourceVersion()).isEqualTo("42");
      assertThat(role.from().keys().accessKeyId()).isEqualTo("AKIAKEY");
    });
  }

  @Test
  void aMissingSecretIsARetriedFailureNamingItAndItsKeys() {
    assertThatThrownBy(() -> resolver(true, false).resolve(resource, keys(null), SOURCES))
        .isInstanceOfSatisfying(SyncFailure.class, f -> {
          assertThat(f.reason()).isEqualTo(Reason.SyncFailed);
          assertThat(f.getMessage()).contains("Secret shop/aws-keys").contains("does not exist")
              .contains("AWS_ACCESS_KEY_ID").contains("AWS_SECRET_ACCESS_KEY");
        });
  }

  @Test
  void keysRefusedByTheOperatorAreForbiddenWithoutReadingTheSecret() {
    secret("aws-keys", "42", Map.of("AWS_ACCESS_KEY_ID", "QUtJQUtFWQ==", "AWS_SECRET_ACCESS_KEY", "c2VjcmV0"));

    assertThatThrownBy(() -> resolver(false, false).resolve(resource, keys(ROLE), SOURCES))
        .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.Forbidden));
    assertThat(reads).isEmpty();
  }

  @Test
  void keysWithAServiceAccountOrAnExternalIdWithoutARoleAreInvalidSpecs() {
    AwsAccess both = keys(null);
    both.setServiceAccountName("app");
    AwsAccess externalIdAlone = keys(null);
    externalIdAlone.setExternalId("ext-1");

    for (AwsAccess aws : List.of(both, externalIdAlone)) {
      assertThatThrownBy(() -> resolver(true, false).resolve(resource, aws, SOURCES))
          .isInstanceOfSatisfying(SyncFailure.class, f -> assertThat(f.reason()).isEqualTo(Reason.InvalidSpec));
    }
    assertThat(reads).isEmpty();
  }
}
