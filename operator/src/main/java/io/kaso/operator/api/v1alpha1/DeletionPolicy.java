package io.kaso.operator.api.v1alpha1;

/** What happens to the target Secret when the resource is deleted. */
public enum DeletionPolicy {
  /** Owner: the Secret is deleted. Merge: the keys Kaso wrote are removed from it. */
  Delete,
  /** The Secret and its data stay; Kaso's ownerReference is removed. */
  Retain
}
