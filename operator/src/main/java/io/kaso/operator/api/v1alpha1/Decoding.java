package io.kaso.operator.api.v1alpha1;

/** How a secret value is turned into Secret bytes. */
public enum Decoding {
  /** The value's bytes as they are. */
  None,
  /** The value is base64 text; write the decoded bytes. */
  Base64
}
