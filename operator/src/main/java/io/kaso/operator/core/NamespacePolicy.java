package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which identities and sources a namespace's resources may use (DESIGN 4). Acting as one of the namespace's own
 * ServiceAccounts is always allowed: its IRSA role is what the namespace was given. The operator's identity and
 * roleArn are shared across tenants, so under {@link Mode#Annotated} they need the Namespace's consent, written in
 * annotations that tenants normally cannot edit. Access keys from the namespace's own Secret are the tenant's own
 * identity too (a roleArn assumed with them is judged by the role's trust policy), allowed unless the operator refuses
 * static keys altogether.
 */
public final class NamespacePolicy {

  /** The operator setting KASO_NAMESPACE_POLICY. */
  public enum Mode {
    /** Namespace annotations decide (default). */
    Annotated,
    /** No checks: single-tenant clusters. */
    Open
  }

  /** How the resource reads AWS. */
  public enum Access {
    OPERATOR, ROLE, SERVICE_ACCOUNT,
    /** Access keys from a Secret of the namespace, alone or to assume a role (the role's trust policy decides). */
    SECRET_KEYS
  }

  private final Mode mode;
  private final boolean allowCredentialsSecrets;

  /** A policy that accepts access keys from tenants' Secrets. */
  public NamespacePolicy(Mode mode) {
    this(mode, true);
  }

  /**
   * @param allowCredentialsSecrets the operator setting KASO_ALLOW_CREDENTIALS_SECRETS: whether tenants may read with
   *     access keys from their own Secrets (in either mode)
   */
  public NamespacePolicy(Mode mode, boolean allowCredentialsSecrets) {
    this.mode = mode;
    this.allowCredentialsSecrets = allowCredentialsSecrets;
  }

  /**
   * Checks one resource before any AWS call. A name is allowed when a glob matches it as written: an ARN only by a
   * glob of ARNs, never by a glob of its name (the name alone says nothing of the account and region). Every name
   * under a prefix is allowed only when one glob allows all of them: a glob ending in {@code *} that matches the
   * prefix itself ({@code prod/shop/*} allows the prefix {@code prod/shop/}; {@code prod/shop/db} does not allow the
   * prefix {@code prod/shop/db}, which would read {@code prod/shop/db-admin}).
   *
   * @param roleArn the role for {@link Access#ROLE}, else null
   * @param sources what the resource reads
   * @return empty when allowed, else a message that names the annotation to set
   */
  public Optional<String> check(String namespace, Map<String, String> namespaceAnnotations, Access access,
      String roleArn, List<PolicySource> sources) {
    if (access == Access.SECRET_KEYS) {
      // The tenant's own keys, like its own ServiceAccount: AWS judges them (IAM, the role's trust policy), not the
      // Namespace's annotations. Only the platform's blanket refusal applies.
      return allowCredentialsSecrets ? Optional.empty() : Optional.of("this operator does not accept AWS access keys "
          + "from Secrets (KASO_ALLOW_CREDENTIALS_SECRETS=false): use spec.aws.serviceAccountName, or ask a cluster "
          + "admin for a role allowed in the Namespace annotation " + KasoAnnotations.ALLOWED_ROLES);
    }
    if (mode == Mode.Open || access == Access.SERVICE_ACCOUNT) {
      return Optional.empty();
    }
    Map<String, String> annotations = namespaceAnnotations == null ? Map.of() : namespaceAnnotations;
    List<Glob> allowedSources = Glob.list(annotations.get(KasoAnnotations.ALLOWED_SOURCES));
    if (access == Access.ROLE) {
      List<Glob> roles = Glob.list(annotations.get(KasoAnnotations.ALLOWED_ROLES));
      if (roles.stream().noneMatch(g -> g.matches(roleArn))) {
        return Optional.of("namespace " + namespace + " does not allow role " + roleArn + ": a cluster admin can add "
            + "it to the Namespace annotation " + KasoAnnotations.ALLOWED_ROLES + " (comma-separated globs)");
      }
      if (allowedSources.isEmpty()) {
        return Optional.empty();
      }
    } else if (allowedSources.isEmpty()) {
      return Optional.of("namespace " + namespace + " does not allow the operator's identity: use "
          + "spec.aws.serviceAccountName, or a cluster admin can list what it may read in the Namespace annotation "
          + KasoAnnotations.ALLOWED_SOURCES + " (comma-separated globs)");
    }
    for (PolicySource source : sources) {
      if (allowedSources.stream().noneMatch(g -> allows(g, source))) {
        String who = access == Access.ROLE ? "role " + roleArn : "the operator's identity";
        return Optional.of("namespace " + namespace + " does not allow reading " + describe(source) + " with " + who
            + ": a cluster admin can add " + hint(source) + " to the Namespace annotation "
            + KasoAnnotations.ALLOWED_SOURCES + " (comma-separated globs)");
      }
    }
    return Optional.empty();
  }

  /** Whether a glob allows a source: the name itself, or every name under the prefix. */
  static boolean allows(Glob glob, PolicySource source) {
    return source.prefix() ? glob.coversEverythingUnder(source.name()) : glob.matches(source.name());
  }

  private static String describe(PolicySource source) {
    return source.prefix() ? "every name under '" + source.name() + "'" : source.name();
  }

  private static String hint(PolicySource source) {
    if (source.prefix()) {
      return "a glob covering all of it, such as " + source.name() + "*,";
    }
    if (source.name().startsWith("arn:")) {
      return "the ARN or a glob of ARNs (a glob of secret names does not match an ARN)";
    }
    return "it";
  }
}
