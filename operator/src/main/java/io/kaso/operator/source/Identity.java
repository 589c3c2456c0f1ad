package io.kaso.operator.source;

import java.util.Map;
import java.util.Objects;

/** Who calls AWS. Equal identities share credentials, clients, cached results and in-flight calls. */
public sealed interface Identity {

  /** The operator's own identity, from the AWS SDK default chain (IRSA, EKS Pod Identity, environment). */
  record Operator() implements Identity {}

  /**
   * A role assumed with STS AssumeRole, from the operator's identity or from a tenant's access keys.
   *
   * @param sessionName the STS session name, visible in CloudTrail
   * @param sessionTags STS session tags (empty when the operator setting sessionTags is off)
   * @param from the access keys the role is assumed with, or null for the operator's identity
   */
  record AssumedRole(String roleArn, String externalId, String sessionName, Map<String, String> sessionTags,
      SecretKeys from) implements Identity {
    public AssumedRole {
      Objects.requireNonNull(roleArn, "roleArn");
      Objects.requireNonNull(sessionName, "sessionName");
      sessionTags = Map.copyOf(sessionTags);
    }

    /** A role assumed from the operator's identity. */
    public AssumedRole(String roleArn, String externalId, String sessionName, Map<String, String> sessionTags) {
      this(roleArn, externalId, sessionName, sessionTags, null);
    }
  }

  /**
   * Access keys from a Secret of a tenant's namespace, one identity per version of the Secret: a changed Secret is a
   * new identity (new clients, new cache entries), an unchanged one reuses everything. The keys print as hidden.
   */
  record SecretKeys(SecretVersion secret, AccessKeys keys) implements Identity {
    public SecretKeys {
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(keys, "keys");
    }
  }

  /**
   * One version of a Kubernetes Secret: a Secret deleted and created again has a new uid, an edited one a new
   * resourceVersion.
   */
  record SecretVersion(String namespace, String name, String uid, String resourceVersion) {
    public SecretVersion {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
    }

    /** Whether this is another version of the same Secret. */
    public boolean supersedes(SecretVersion other) {
      return namespace.equals(other.namespace) && name.equals(other.name) && !equals(other);
    }
  }

  /**
   * A namespace's ServiceAccount acting through its IRSA role: a TokenRequest token exchanged with STS
   * AssumeRoleWithWebIdentity.
   */
  record WebIdentity(String namespace, String serviceAccount, String roleArn, String sessionName)
      implements Identity {
    public WebIdentity {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(serviceAccount, "serviceAccount");
      Objects.requireNonNull(roleArn, "roleArn");
      Objects.requireNonNull(sessionName, "sessionName");
    }
  }

  /** The operator's identity. */
  static Identity operator() {
    return new Operator();
  }

  /** The Secret whose access keys this identity uses (directly or to assume a role), or null. */
  default SecretVersion keysSecret() {
    if (this instanceof SecretKeys k) {
      return k.secret();
    }
    return this instanceof AssumedRole a && a.from() != null ? a.from().secret() : null;
  }

  /**
   * Whether this identity uses another version of the access keys Secret the given one uses: the older one's clients
   * and credentials are dropped when the newer one is first used.
   */
  default boolean otherVersionOf(Identity other) {
    SecretVersion mine = keysSecret();
    SecretVersion theirs = other.keysSecret();
    return mine != null && theirs != null && mine.supersedes(theirs);
  }

  /** The role ARN this identity acts as, or null for the operator's own identity and plain access keys. */
  default String roleArn() {
    if (this instanceof AssumedRole a) {
      return a.roleArn();
    }
    return this instanceof WebIdentity w ? w.roleArn() : null;
  }

  /**
   * The AWS account of the role, "operator" when it is the operator's own identity, or the access keys' Secret (whose
   * account is not known without a call) for plain access keys. Rate budgets key on it.
   */
  default String account() {
    String arn = roleArn();
    if (arn == null) {
      return this instanceof SecretKeys k ? "keys " + k.secret().namespace() + "/" + k.secret().name() : "operator";
    }
    String[] parts = arn.split(":", 6);
    return parts.length > 4 && !parts[4].isEmpty() ? parts[4] : "unknown";
  }

  /** A short description for logs and messages; no credentials. */
  default String describe() {
    if (this instanceof AssumedRole a) {
      return "role " + a.roleArn() + (a.from() == null ? "" : " (assumed with " + a.from().describe() + ")");
    }
    if (this instanceof SecretKeys k) {
      return "the access keys in Secret " + k.secret().namespace() + "/" + k.secret().name();
    }
    if (this instanceof WebIdentity w) {
      return "service account " + w.namespace() + "/" + w.serviceAccount() + " (role " + w.roleArn() + ")";
    }
    return "the operator's identity";
  }
}
