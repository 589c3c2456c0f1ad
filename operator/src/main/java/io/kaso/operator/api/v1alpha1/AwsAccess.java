package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/** Which AWS identity and region a resource reads with. All fields are optional. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AwsAccess {

  @JsonPropertyDescription("AWS region to read from, e.g. eu-west-2. Default: the operator's region (AWS_REGION).")
  @Pattern("^[a-z]{2}(-[a-z]+)+-[0-9]+$")
  @Size(max = Limits.REGION)
  private String region;

  @JsonPropertyDescription("IAM role to assume from the operator's identity (STS AssumeRole, session name "
      + "kaso-<namespace>.<name>). The Namespace must allow it in the annotation kaso.io/allowed-roles "
      + "unless the operator runs with namespacePolicy Open. With credentialsSecretRef the role is assumed from "
      + "those access keys instead (the role's trust policy decides; kaso.io/allowed-roles does not apply). "
      + "Exclusive with serviceAccountName.")
  @Pattern("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]+$")
  @Size(max = Limits.ROLE_ARN)
  private String roleArn;

  @JsonPropertyDescription("External ID passed to AssumeRole with roleArn.")
  @Size(min = 2, max = 1224)
  @Pattern("^[\\w+=,.@:/-]+$")
  private String externalId;

  @JsonPropertyDescription("Act as this ServiceAccount of the resource's namespace: a token for it (audience "
      + "sts.amazonaws.com) is exchanged with AssumeRoleWithWebIdentity for the role in its "
      + "eks.amazonaws.com/role-arn annotation. Always allowed. Exclusive with roleArn and credentialsSecretRef.")
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @Size(max = Limits.KUBERNETES_NAME)
  private String serviceAccountName;

  @JsonPropertyDescription("Read with AWS access keys from a Secret of the resource's namespace (clusters without "
      + "IRSA), or assume roleArn from them. The keys are the namespace's own identity: no Namespace annotation is "
      + "needed, but the operator may refuse static keys altogether (KASO_ALLOW_CREDENTIALS_SECRETS=false). "
      + "Exclusive with serviceAccountName.")
  private CredentialsSecretRef credentialsSecretRef;

  public String getRegion() { return region; }
  public void setRegion(String region) { this.region = region; }
  public String getRoleArn() { return roleArn; }
  public void setRoleArn(String roleArn) { this.roleArn = roleArn; }
  public String getExternalId() { return externalId; }
  public void setExternalId(String externalId) { this.externalId = externalId; }
  public String getServiceAccountName() { return serviceAccountName; }
  public void setServiceAccountName(String serviceAccountName) { this.serviceAccountName = serviceAccountName; }
  public CredentialsSecretRef getCredentialsSecretRef() { return credentialsSecretRef; }
  public void setCredentialsSecretRef(CredentialsSecretRef credentialsSecretRef) {
    this.credentialsSecretRef = credentialsSecretRef;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AwsAccess a && Objects.equals(region, a.region) && Objects.equals(roleArn, a.roleArn)
        && Objects.equals(externalId, a.externalId) && Objects.equals(serviceAccountName, a.serviceAccountName)
        && Objects.equals(credentialsSecretRef, a.credentialsSecretRef);
  }

  @Override
  public int hashCode() {
    return Objects.hash(region, roleArn, externalId, serviceAccountName, credentialsSecretRef);
  }
}
