package io.kaso.operator.api.v1alpha1;

/** Finalizers Kaso puts on its resources. */
public final class Finalizers {
  /** Lets Kaso apply the target's deletionPolicy before the resource goes. */
  public static final String TARGET_CLEANUP = "kaso.io/target-cleanup";

  private Finalizers() {}
}
