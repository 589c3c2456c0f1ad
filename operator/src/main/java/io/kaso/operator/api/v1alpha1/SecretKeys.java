package io.kaso.operator.api.v1alpha1;

/** The rule every Kubernetes Secret key follows. */
public final class SecretKeys {
  /** Secret keys must match this (and be at most 253 characters). */
  public static final String PATTERN = "^[-._a-zA-Z0-9]+$";

  private SecretKeys() {}
}
