package io.kaso.operator.api.v1alpha1;

/** Annotations Kaso reads or writes. */
public final class KasoAnnotations {
  private static final String PREFIX = "kaso.io/";

  /** On a target Secret: HMAC-SHA256 of its data, keyed per installation. */
  public static final String DATA_HASH = PREFIX + "data-hash";
  /** On a target Secret: {@code <kind>/<name>} of the resource that writes it. */
  public static final String OWNER = PREFIX + "owner";
  /** On a target Secret written with creationPolicy Merge: the keys Kaso wrote, comma-separated. */
  public static final String MANAGED_KEYS = PREFIX + "managed-keys";
  /** On an ExternalParameter/ExternalSecret: any new value triggers an immediate sync. */
  public static final String FORCE_SYNC = PREFIX + "force-sync";
  /**
   * On a target Secret: the data hash whose rollout restarts are still due. Written with the data change, removed
   * once every restart for it went out, so restarts due when the operator stopped still happen after it starts.
   */
  public static final String ROLLOUT_PENDING = PREFIX + "rollout-pending";
  /** On a workload's pod template: set to an RFC 3339 time to roll the workload. */
  public static final String RESTARTED_AT = PREFIX + "restartedAt";
  /** On a workload: {@code "true"} opts it in to restarts when a Secret it references changes. */
  public static final String RELOAD = PREFIX + "reload";
  /** On a Namespace: comma-separated globs of role ARNs its resources may use. */
  public static final String ALLOWED_ROLES = PREFIX + "allowed-roles";
  /** On a Namespace: comma-separated globs of parameter names/paths and secret names its resources may read. */
  public static final String ALLOWED_SOURCES = PREFIX + "allowed-sources";
  /** On a ServiceAccount: the IAM role of IRSA. */
  public static final String IRSA_ROLE_ARN = "eks.amazonaws.com/role-arn";

  private KasoAnnotations() {}
}
