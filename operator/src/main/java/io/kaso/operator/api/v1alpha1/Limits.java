package io.kaso.operator.api.v1alpha1;

/**
 * The longest values the API accepts: what AWS and Kubernetes accept, so a spec that cannot work is refused by the
 * CRD schema ({@code maxLength}) and again by the plans, before any AWS call. The AWS figures are the length
 * constraints of the API references of the calls Kaso makes.
 */
public final class Limits {
  /** SSM GetParameters {@code Names} and GetParametersByPath {@code Path}: 1-2048 characters. */
  public static final int PARAMETER_NAME = 2048;
  /** SSM LabelParameterVersion {@code Labels}: 1-100 characters. */
  public static final int PARAMETER_LABEL = 100;
  /**
   * Secrets Manager GetSecretValue / BatchGetSecretValue {@code SecretId}: 1-2048 characters (a name is at most 512,
   * CreateSecret {@code Name}; an ARN adds its prefix and suffix).
   */
  public static final int SECRET_ID = 2048;
  /** Secrets Manager {@code Filter.Values} (the find's namePrefix, tag keys and values): at most 512 characters. */
  public static final int FILTER_VALUE = 512;
  /** Secrets Manager GetSecretValue {@code VersionStage}: 1-256 characters. */
  public static final int VERSION_STAGE = 256;
  /** KMS Decrypt {@code KeyId} (key id, key ARN, alias name or alias ARN): 1-2048 characters. */
  public static final int KMS_KEY_ID = 2048;
  /** STS AssumeRole {@code RoleArn}: 20-2048 characters. */
  public static final int ROLE_ARN = 2048;
  /** Kubernetes Secret keys (and so key prefixes) and object names (DNS-1123 subdomains): 253 characters. */
  public static final int KUBERNETES_NAME = 253;
  /** The longest AWS region name is far shorter; anything longer is not a region. */
  public static final int REGION = 32;
  /** A refresh interval is a short duration such as 1h30m. */
  public static final int DURATION = 32;
  /** AWS tag keys (Secrets Manager and Systems Manager TagResource / AddTagsToResource): 1-128 characters. */
  public static final int TAG_KEY = 128;
  /** AWS tag values: 0-256 characters. */
  public static final int TAG_VALUE = 256;
  /** Tags a Parameter Store path filters by: a resource carries at most 50 tags. */
  public static final int TAGS = 50;
  /** A dotted JSON property path. */
  public static final int PROPERTY = 1024;
  /**
   * A tenant's regular expression (rewrite sources, nameRegexp of finds and paths, regex_replace in templates); RE2
   * syntax, matched in linear time.
   */
  public static final int REGEXP = 1024;

  private Limits() {}
}
