package io.kaso.operator.api.v1alpha1;

/** How the keys of target.template meet the fetched keys. */
public enum TemplateMergePolicy {
  /** The Secret holds the fetched keys and the template's keys; a template key that is also fetched collides. */
  Merge,
  /** The Secret holds only the template's keys; fetched keys are the template's inputs and are not written. */
  Replace
}
