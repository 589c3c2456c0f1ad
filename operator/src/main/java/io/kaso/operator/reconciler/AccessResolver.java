package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.kaso.operator.api.v1alpha1.AwsAccess;
import io.kaso.operator.api.v1alpha1.CredentialsSecretRef;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.core.AwsRegions;
import io.kaso.operator.core.CredentialsSecretKeys;
import io.kaso.operator.core.NamespacePolicy;
import io.kaso.operator.core.PolicySource;
import io.kaso.operator.core.SourceNames;
import io.kaso.operator.core.SyncFailure;
import io.kaso.operator.kube.CredentialsSecrets;
import io.kaso.operator.kube.KubeLookups;
import io.kaso.operator.source.Identity;
import io.kaso.operator.source.Scope;
import java.util.List;
import java.util.Map;

/**
 * Decides, before any AWS call, which identity and region a resource reads with, and whether its namespace allows
 * that (DESIGN 4).
 */
public final class AccessResolver {
  private final NamespacePolicy policy;
  private final KubeLookups lookups;
  private final CredentialsSecrets credentialsSecrets;
  private final String defaultRegion;
  private final AwsRegions regions;
  private final boolean sessionTags;

  /** @param regions the regions a spec may name (the operator's own region is always one) */
  public AccessResolver(NamespacePolicy policy, KubeLookups lookups, CredentialsSecrets credentialsSecrets,
      String defaultRegion, AwsRegions regions, boolean sessionTags) {
    this.policy = policy;
    this.lookups = lookups;
    this.credentialsSecrets = credentialsSecrets;
    this.defaultRegion = defaultRegion;
    this.regions = regions;
    this.sessionTags = sessionTags;
  }

  /**
   * The scope a resource reads with.
   *
   * @param sources what the resource reads, for the namespace policy
   * @throws SyncFailure InvalidSpec (including an unknown region), Forbidden, or SyncFailed when the ServiceAccount
   *     or the credentials Secret (or one of its keys) does not exist (yet)
   */
  public Scope resolve(HasMetadata resource, AwsAccess aws, List<PolicySource> sources) {
    String namespace = resource.getMetadata().getNamespace();
    String name = resource.getMetadata().getName();
    if (aws.getRegion() != null) {
      regions.check(aws.getRegion());
    }
    String region = aws.getRegion() != null ? aws.getRegion() : defaultRegion;
    if (aws.getRoleArn() != null && aws.getServiceAccountName() != null) {
      throw SyncFailure.invalidSpec("spec.aws sets both roleArn and serviceAccountName; keep one");
    }
    if (aws.getExternalId() != null && aws.getRoleArn() == null) {
      throw SyncFailure.invalidSpec("spec.aws.externalId only applies with spec.aws.roleArn");
    }
    if (aws.getCredentialsSecretRef() != null && aws.getServiceAccountName() != null) {
      throw SyncFailure.invalidSpec("spec.aws sets both credentialsSecretRef and serviceAccountName; keep one");
    }
    if (aws.getServiceAccountName() != null) {
      return new Scope(webIdentity(namespace, aws.getServiceAccountName()), region);
    }
    Map<String, String> tags = sessionTags ? Map.of("kaso-namespace", namespace, "kaso-name", name) : Map.of();
    if (aws.getCredentialsSecretRef() != null) {
      // The namespace's own keys: checked before the Secret is read, so a refused tenant costs no GET.
      policy.check(namespace, Map.of(), NamespacePolicy.Access.SECRET_KEYS, aws.getRoleArn(), sources)
          .ifPresent(message -> {
            throw new SyncFailure(Reason.Forbidden, message);
          });
      Identity.SecretKeys keys = secretKeys(namespace, aws.getCredentialsSecretRef());
      return new Scope(aws.getRoleArn() == null ? keys : new Identity.AssumedRole(aws.getRoleArn(),
          aws.getExternalId(), SourceNames.sessionName(namespace, name), tags, keys), region);
    }
    NamespacePolicy.Access access = aws.getRoleArn() != null ? NamespacePolicy.Access.ROLE
        : NamespacePolicy.Access.OPERATOR;
    policy.check(namespace, lookups.namespaceAnnotations(namespace), access, aws.getRoleArn(), sources)
        .ifPresent(message -> {
          throw new SyncFailure(Reason.Forbidden, message);
        });
    if (aws.getRoleArn() == null) {
      return new Scope(Identity.operator(), region);
    }
    return new Scope(new Identity.AssumedRole(aws.getRoleArn(), aws.getExternalId(),
        SourceNames.sessionName(namespace, name), tags), region);
  }

  private Identity.SecretKeys secretKeys(String namespace, CredentialsSecretRef ref) {
    if (ref.getName() == null || ref.getName().isBlank()) {
      throw SyncFailure.invalidSpec("spec.aws.credentialsSecretRef.name is required: the Secret with the access keys");
    }
    Secret secret = credentialsSecrets.read(namespace, ref.getName()).orElseThrow(() -> new SyncFailure(
        Reason.SyncFailed, "Secret " + namespace + "/" + ref.getName() + " named by spec.aws.credentialsSecretRef "
        + "does not exist: create it with the keys " + CredentialsSecretKeys.accessKeyIdKey(ref) + " and "
        + CredentialsSecretKeys.secretAccessKeyKey(ref)));
    ObjectMeta meta = secret.getMetadata();
    return CredentialsSecretKeys.read(ref, new Identity.SecretVersion(namespace, ref.getName(), meta.getUid(),
        meta.getResourceVersion()), secret.getData());
  }

  private Identity webIdentity(String namespace, String serviceAccount) {
    ServiceAccount sa = lookups.serviceAccount(namespace, serviceAccount).orElseThrow(() -> new SyncFailure(
        Reason.SyncFailed, "service account " + namespace + "/" + serviceAccount + " does not exist"));
    Map<String, String> annotations = sa.getMetadata().getAnnotations();
    String role = annotations == null ? null : annotations.get(KasoAnnotations.IRSA_ROLE_ARN);
    if (role == null || role.isBlank()) {
      throw SyncFailure.invalidSpec("service account " + namespace + "/" + serviceAccount + " has no "
          + KasoAnnotations.IRSA_ROLE_ARN + " annotation: annotate it with the IAM role it may use");
    }
    return new Identity.WebIdentity(namespace, serviceAccount, role.trim(),
        SourceNames.sessionName(namespace, serviceAccount));
  }
}
