package io.kaso.operator.source;

import java.util.Map;
import java.util.Objects;

/** Who calls AWS. Equal identities share credentials, clients, cached results and in-flight calls. */
public sealed interface Identity {

  /** The operator's own identity, from the AWS SDK default chain (IRSA, EKS Pod Identity, environment). */
  record Operator() implements Identity {}

  /**
   * A role assumed from the operator's identity with STS AssumeRole.
   *
   * @param sessionName the STS session name, visible in CloudTrail
   * @param sessionTags STS session tags (empty when the operator setting sessionTags is off)
   */
  record AssumedRole(String roleArn, String externalId, String sessionName, Map<String, String> sessionTags)
      implements Identity {
    public AssumedRole {
      Objects.requireNonNull(roleArn, "roleArn");
      Objects.requireNonNull(sessionName, "sessionName");
      sessionTags = Map.copyOf(sessionTags);
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

  /** The role ARN this identity acts as, or null for the operator's own identity. */
  default String roleArn() {
    if (this instanceof AssumedRole a) {
      return a.roleArn();
    }
    return this instanceof WebIdentity w ? w.roleArn() : null;
  }

  /** The AWS account of the role, or "operator" when it is the operator's own identity (rate budgets key on it). */
  default String account() {
    String arn = roleArn();
    if (arn == null) {
      return "operator";
    }
    String[] parts = arn.split(":", 6);
    return parts.length > 4 && !parts[4].isEmpty() ? parts[4] : "unknown";
  }

  /** A short description for logs and messages; no credentials. */
  default String describe() {
    if (this instanceof AssumedRole a) {
      return "role " + a.roleArn();
    }
    if (this instanceof WebIdentity w) {
      return "service account " + w.namespace() + "/" + w.serviceAccount() + " (role " + w.roleArn() + ")";
    }
    return "the operator's identity";
  }
}
