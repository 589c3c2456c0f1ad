package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SourceDeletionPolicy;
import java.util.List;

/**
 * sourceDeletionPolicy Delete: whether every source of a resource is gone in AWS, so its Secret is deprovisioned. Only
 * a source AWS said does not exist (or a path or find that matches nothing) counts as gone: a source that could not be
 * read for any other reason (denied, throttled, unavailable) is not known to be gone, and nothing is deleted.
 */
public final class SourcesGone extends SyncFailure {

  /** What a source-by-source check found of one source. */
  public enum Presence {
    /** It exists (or is a value kept in the spec, such as a kms ciphertext). */
    PRESENT,
    /** AWS says it does not exist; a path or find matched nothing. */
    GONE,
    /** It could not be read for another reason: not known to be gone. */
    UNKNOWN
  }

  public SourcesGone(String message) {
    super(Reason.SourceNotFound, message);
  }

  /** Whether a failed sync may mean the sources are gone, so that checking them one by one is worth it. */
  public static boolean worthChecking(SourceDeletionPolicy policy, SyncFailure failure) {
    return policy == SourceDeletionPolicy.Delete && failure.reason() == Reason.SourceNotFound;
  }

  /** Whether every source is gone: at least one source, and each one gone. */
  public static boolean everyGone(List<Presence> sources) {
    return !sources.isEmpty() && sources.stream().allMatch(p -> p == Presence.GONE);
  }

  /**
   * Whether a successful read found every source gone: it read no source at all (every path and find matched nothing;
   * a named source or kms value would have been read, or failed the sync).
   */
  public static boolean everyGoneAfterRead(SourceDeletionPolicy policy, Fetched fetched) {
    return policy == SourceDeletionPolicy.Delete && fetched.sources().isEmpty();
  }

  /**
   * The failure to report after the target was deprovisioned.
   *
   * @param secret namespace/name of the target Secret
   * @param action what was done to it
   */
  public static SourcesGone deprovisioned(String secret, TargetPolicies.Action action) {
    String done = switch (action) {
      case DELETE_SECRET -> "Secret " + secret + " is deleted";
      case REMOVE_KEYS -> "Kaso's keys are removed from Secret " + secret;
      default -> "no Secret of this resource is left to remove (or none is written: creationPolicy None)";
    };
    return new SourcesGone("every source of this resource is gone in AWS, so " + done + " (target.sourceDeletionPolicy "
        + "Delete); it is written again once a source exists again");
  }
}
