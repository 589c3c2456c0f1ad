package io.kaso.operator.core;

/**
 * Length checks of spec fields against {@link io.kaso.operator.api.v1alpha1.Limits}: the CRD schema refuses longer
 * values, and the plans refuse them again (a CRD applied before the limits existed, an API server that skips
 * validation), so what AWS would refuse never costs an AWS call.
 */
final class FieldLengths {
  private static final int SHOWN = 40;

  private FieldLengths() {}

  /** @throws SyncFailure InvalidSpec naming the field, the length and the limit (and only the value's start) */
  static void check(String value, int max, String field) {
    if (value != null && value.length() > max) {
      throw SyncFailure.invalidSpec(field + " is " + value.length() + " characters long, more than AWS or Kubernetes "
          + "accept (" + max + "): '" + value.substring(0, SHOWN) + "...'");
    }
  }
}
