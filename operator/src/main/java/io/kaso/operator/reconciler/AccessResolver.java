package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.kaso.operator.api.v1alpha1.AwsAccess;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.core.AwsRegions;
import io.kaso.operator.core.NamespacePolicy;
import io.kaso.operator.core.PolicySource;
import io.kaso.operator.core.SourceNames;
import io.kaso.operator.core.SyncFailure;
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
  private final String defaultRegion;
  private final AwsRegions regions;
  private final boolean sessionTags;

  /** @param regions the regions a spec may name (the operator's own region is always one) */
  public AccessResolver(NamespacePolicy policy, KubeLookups lookups, String defaultRegion, AwsRegions regions,
      boolean sessionTags) {
    this.policy = policy;
    this.lookups = lookups;
    this.defaultRegion = defaultRegion;
    this.regions = regions;
    this.sessionTags = sessionTags;
  }

  /**
   * The scope a resource reads with.
   *
   * @param sources what the resource reads, for the namespace policy
   * @throws SyncFailure InvalidSpec (including an unknown region), Forbidden, or SyncFailed when the ServiceAccount
   *     does not exist (yet)
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
    if (aws.getServiceAccountName() != null) {
      return new Scope(webIdentity(namespace, aws.getServiceAccountName()), region);
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
    Map<String, String> tags = sessionTags ? Map.of("kaso-namespace", namespace, "kaso-name", name) : Map.of();
    return new Scope(new Identity.AssumedRole(aws.getRoleArn(), aws.getExternalId(),
        SourceNames.sessionName(namespace, name), tags), region);
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
