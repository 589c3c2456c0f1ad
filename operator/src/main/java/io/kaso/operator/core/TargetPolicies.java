package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.CreationPolicy;
import io.kaso.operator.api.v1alpha1.DeletionPolicy;

/**
 * What target.creationPolicy and target.deletionPolicy mean for the target Secret: whether Kaso writes it, owns it,
 * and what happens to it when the resource goes or when every source is gone in AWS (DESIGN 2.4).
 */
public final class TargetPolicies {

  /** What is done to the target Secret. */
  public enum Action {
    /** Delete the Secret. */
    DELETE_SECRET,
    /** Remove Kaso's keys and what ties the Secret to Kaso; keep the Secret and its other keys. */
    REMOVE_KEYS,
    /** Keep the data; remove what ties the Secret to Kaso (ownerReference, labels, annotations). */
    UNTIE,
    /** Leave the Secret exactly as it is. */
    LEAVE
  }

  private TargetPolicies() {}

  /** Whether Kaso writes a Secret at all (None only reports the status). */
  public static boolean writesSecret(CreationPolicy creation) {
    return creation != CreationPolicy.None;
  }

  /** Whether Kaso writes the whole Secret (Owner, Orphan) rather than only its keys into somebody else's (Merge). */
  public static boolean writesWholeSecret(CreationPolicy creation) {
    return creation == CreationPolicy.Owner || creation == CreationPolicy.Orphan;
  }

  /** Whether the Secret carries the resource's ownerReference (garbage-collected with it): Owner only. */
  public static boolean ownerReference(CreationPolicy creation) {
    return creation == CreationPolicy.Owner;
  }

  /**
   * What happens to a Secret this resource wrote when the resource is deleted.
   *
   * @param mergedKeys the Secret lists the keys Kaso wrote into it (it was written with Merge)
   */
  public static Action onRelease(CreationPolicy creation, DeletionPolicy deletion, boolean mergedKeys) {
    if (creation == CreationPolicy.Orphan || creation == CreationPolicy.None) {
      // Orphan never deletes; None never writes, so it does not delete either.
      return Action.LEAVE;
    }
    boolean merge = creation == CreationPolicy.Merge || mergedKeys;
    if (deletion == DeletionPolicy.Retain) {
      return Action.UNTIE;
    }
    return merge ? Action.REMOVE_KEYS : Action.DELETE_SECRET;
  }

  /**
   * Whether the resource needs Kaso's finalizer: only when its deletion must change a Secret that would otherwise
   * stay as it is (Retain unties it, Merge removes Kaso's keys). Owner+Delete needs none: the Secret carries the
   * resource's ownerReference, so Kubernetes' garbage collector deletes it with the resource even while no operator
   * runs. Orphan and None leave the Secret alone.
   *
   * @param mergedKeys the Secret lists the keys Kaso wrote into it (it was written with Merge)
   */
  public static boolean needsFinalizer(CreationPolicy creation, DeletionPolicy deletion, boolean mergedKeys) {
    Action action = onRelease(creation, deletion, mergedKeys);
    return action == Action.REMOVE_KEYS || action == Action.UNTIE;
  }

  /**
   * What sourceDeletionPolicy Delete does to a Secret this resource wrote once every source is gone in AWS.
   *
   * @param mergedKeys the Secret lists the keys Kaso wrote into it (it was written with Merge)
   */
  public static Action onSourcesGone(CreationPolicy creation, boolean mergedKeys) {
    if (creation == CreationPolicy.None) {
      return Action.LEAVE;
    }
    return creation == CreationPolicy.Merge || mergedKeys ? Action.REMOVE_KEYS : Action.DELETE_SECRET;
  }
}
