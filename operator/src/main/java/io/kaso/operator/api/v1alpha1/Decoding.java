package io.kaso.operator.api.v1alpha1;

/** How a secret value is turned into Secret bytes (ESO's {@code decodingStrategy}). */
public enum Decoding {
  /** The value's bytes as they are. */
  None,
  /** The value is base64 text (standard alphabet); write the decoded bytes. */
  Base64,
  /** The value is base64url text (URL-safe alphabet, padding optional); write the decoded bytes. */
  Base64URL,
  /** Base64 (standard or URL alphabet, padded or not) when the value decodes cleanly, else the value as is. */
  Auto
}
