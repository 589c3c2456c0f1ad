package io.kaso.operator.api.v1alpha1;

/** Coordinates of the Kaso API. */
public final class KasoApi {
  public static final String GROUP = "kaso.io";
  public static final String VERSION = "v1alpha1";
  static final String READY_STATUS_PATH = ".status.conditions[?(@.type==\"Ready\")].status";
  static final String READY_REASON_PATH = ".status.conditions[?(@.type==\"Ready\")].reason";

  private KasoApi() {}
}
