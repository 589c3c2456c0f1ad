package io.kaso.operator.api.v1alpha1;

/** How a Secret key is derived from a parameter or secret name. */
public enum KeyStyle {
  /** Relative name, every character other than A-Z a-z 0-9 becomes {@code _}, upper-cased, a leading digit gets {@code _}. */
  EnvVar,
  /** Relative name with {@code /} turned to {@code .}. */
  Relative,
  /** Last segment of the name. */
  Basename
}
