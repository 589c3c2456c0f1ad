package io.kaso.operator.api.v1alpha1;

/** Labels Kaso reads or writes. */
public final class KasoLabels {
  /** Set on every Secret Kaso writes; the operator's Secret informer watches only this label. */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  /** Value of {@link #MANAGED_BY}. */
  public static final String MANAGED_BY_VALUE = "kaso";
  /** Label selector of the Secrets Kaso manages. */
  public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + MANAGED_BY_VALUE;

  private KasoLabels() {}
}
