package io.kaso.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.Objects;

/**
 * AWS access keys in a Secret of the resource's own namespace (clusters without IRSA). The key names default to the
 * environment variable names the AWS CLI and SDKs read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CredentialsSecretRef {
  /** Default key of the access key ID. */
  public static final String DEFAULT_ACCESS_KEY_ID_KEY = "AWS_ACCESS_KEY_ID";
  /** Default key of the secret access key. */
  public static final String DEFAULT_SECRET_ACCESS_KEY_KEY = "AWS_SECRET_ACCESS_KEY";
  /** Default key of the session token (read when the Secret has it). */
  public static final String DEFAULT_SESSION_TOKEN_KEY = "AWS_SESSION_TOKEN";

  @JsonPropertyDescription("Name of the Secret, in the resource's namespace, that holds the access keys.")
  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @Size(max = Limits.KUBERNETES_NAME)
  private String name;

  @JsonPropertyDescription("Key of the Secret holding the access key ID. Default: AWS_ACCESS_KEY_ID.")
  @Pattern(SecretKeys.PATTERN)
  @Size(max = Limits.KUBERNETES_NAME)
  private String accessKeyIdKey;

  @JsonPropertyDescription("Key of the Secret holding the secret access key. Default: AWS_SECRET_ACCESS_KEY.")
  @Pattern(SecretKeys.PATTERN)
  @Size(max = Limits.KUBERNETES_NAME)
  private String secretAccessKeyKey;

  @JsonPropertyDescription("Key of the Secret holding a session token, for temporary keys. Default: "
      + "AWS_SESSION_TOKEN, used when the Secret has it; a key named here must exist.")
  @Pattern(SecretKeys.PATTERN)
  @Size(max = Limits.KUBERNETES_NAME)
  private String sessionTokenKey;

  public CredentialsSecretRef() {}

  public CredentialsSecretRef(String name) {
    this.name = name;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getAccessKeyIdKey() { return accessKeyIdKey; }
  public void setAccessKeyIdKey(String accessKeyIdKey) { this.accessKeyIdKey = accessKeyIdKey; }
  public String getSecretAccessKeyKey() { return secretAccessKeyKey; }
  public void setSecretAccessKeyKey(String secretAccessKeyKey) { this.secretAccessKeyKey = secretAccessKeyKey; }
  public String getSessionTokenKey() { return sessionTokenKey; }
  public void setSessionTokenKey(String sessionTokenKey) { this.sessionTokenKey = sessionTokenKey; }

  @Override
  public boolean equals(Object o) {
    return o instanceof CredentialsSecretRef r && Objects.equals(name, r.name)
        && Objects.equals(accessKeyIdKey, r.accessKeyIdKey) && Objects.equals(secretAccessKeyKey, r.secretAccessKeyKey)
        && Objects.equals(sessionTokenKey, r.sessionTokenKey);
  }

  @Override
  public int hashCode() { return Objects.hash(name, accessKeyIdKey, secretAccessKeyKey, sessionTokenKey); }
}
