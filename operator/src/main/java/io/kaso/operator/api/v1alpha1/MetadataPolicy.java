package io.kaso.operator.api.v1alpha1;

/** Whether an entry reads a source's value or its tags (ESO's {@code metadataPolicy}). */
public enum MetadataPolicy {
  /** The value (default). */
  None,
  /** The source's tags instead of its value: one tag with {@code property}, else all of them. */
  Fetch
}
