package io.kaso.operator.api.v1alpha1;

/** Labels Kaso reads or writes. */
public final class KasoLabels {
  /** Set on every Secret Kaso writes; the operator's Secret informer watches only this label. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  /** Value of {@link #MANAGED_BY}. */
  public static final String MANAGED_BY_VALUE = "kaso";
  /** Label selector of the Secrets Kaso manages. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

  /** Names the kind of the resource that writes a Secret, so each controller watches only its own. */
  public static final String OWNER_KIND = "kaso.io/owner-kind";
  /** On the operator's own Secrets (the data-hash key): which application they belong to. */
  public static final String APP_NAME = "app.kubernetes.io/name";
  /** On the operator's own Secrets: which part of the application they serve. */
  public static final String APP_COMPONENT = "app.kubernetes.io/component";

  private KasoLabels() {}
}
