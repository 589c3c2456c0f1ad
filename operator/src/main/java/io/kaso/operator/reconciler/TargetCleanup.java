package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.kaso.operator.api.v1alpha1.Finalizers;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.SyncSpec;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import io.kaso.operator.core.TargetPolicies;
import io.kaso.operator.kube.FinalizerPatch;
import io.kaso.operator.kube.TargetSecrets;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What deleting a resource does to its target Secret, and whether the resource needs Kaso's finalizer for that
 * ({@link TargetPolicies#needsFinalizer}): Owner+Delete relies on the Secret's ownerReference and the garbage
 * collector, Retain and Merge hold the finalizer until the deletion policy is applied.
 */
final class TargetCleanup<S extends SyncSpec, R extends CustomResource<S, SyncStatus>> {
  private static final Logger LOG = LoggerFactory.getLogger(TargetCleanup.class);
  private static final Duration RETRY = Duration.ofSeconds(10);

  private final SyncRun<S, ?> sync;

  TargetCleanup(SyncRun<S, ?> sync) {
    this.sync = sync;
  }

  /** Whether deleting the resource must change its Secret, judged from its spec and its Secret as written. */
  boolean needsFinalizer(R resource, Secret written) {
    if (resource.getSpec() == null) {
      return false;
    }
    var target = resource.getSpec().targetOrDefault();
    boolean merged = written != null && TargetSecrets.isWrittenBy(written, resource)
        && TargetSecrets.annotation(written, KasoAnnotations.MANAGED_KEYS) != null;
    return TargetPolicies.needsFinalizer(target.creationPolicyOrDefault(), target.deletionPolicyOrDefault(), merged);
  }

  /**
   * A resource holding Kaso's finalizer is being deleted: the deletion policy is applied to its Secret, then the
   * finalizer goes (retried until the policy could be applied) and {@code forget} runs. Another finalizer alone
   * holding it is not Kaso's business.
   */
  UpdateControl<R> deleting(R resource, Context<R> context, Runnable forget) {
    if (!resource.hasFinalizer(Finalizers.TARGET_CLEANUP)) {
      return UpdateControl.noUpdate();
    }
    try {
      sync.release(resource, resource.getSpec());
    } catch (RuntimeException e) {
      LOG.warn("could not apply the deletion policy to the target Secret, retrying: {}",
          SyncOutcomes.asFailure(e).getMessage());
      return UpdateControl.<R>noUpdate().rescheduleAfter(RETRY);
    }
    if (!FinalizerPatch.remove(context.getClient(), resource, Finalizers.TARGET_CLEANUP)) {
      // Another finalizer moved in the list meanwhile: the next reconcile sees the list as it is now.
      return UpdateControl.<R>noUpdate().rescheduleAfter(Duration.ofSeconds(1));
    }
    forget.run();
    return UpdateControl.noUpdate();
  }

  /**
   * The resource is gone. Without Kaso's finalizer its Secret needed nothing but Owner+Delete's garbage collection,
   * which is done here at once as well (an API server collects it anyway, also while no operator runs); with it, the
   * policy was applied before the finalizer was removed.
   *
   * @param written the target Secret as the informer cache has it, or null
   */
  void gone(R resource, Secret written) {
    if (resource.hasFinalizer(Finalizers.TARGET_CLEANUP) || !ownedBy(written, resource)) {
      // Released before the finalizer went; or no Secret of this very resource (a resource of the same name created
      // since may have written one): nothing to do here.
      return;
    }
    try {
      sync.release(resource, resource.getSpec());
    } catch (RuntimeException e) {
      LOG.info("the target Secret is left to the garbage collector: {}", SyncOutcomes.asFailure(e).getMessage());
    }
  }

  private static boolean ownedBy(Secret secret, HasMetadata resource) {
    return secret != null && secret.getMetadata().getOwnerReferences() != null
        && secret.getMetadata().getOwnerReferences().stream()
            .anyMatch(r -> Objects.equals(r.getUid(), resource.getMetadata().getUid()));
  }
}
