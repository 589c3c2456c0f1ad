package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.kaso.operator.api.v1alpha1.CreationPolicy;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.SourceVersion;
import io.kaso.operator.api.v1alpha1.SyncSpec;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.core.DataHasher;
import io.kaso.operator.core.FailureReasons;
import io.kaso.operator.core.Fetched;
import io.kaso.operator.core.RenderedTarget;
import io.kaso.operator.core.SecretData;
import io.kaso.operator.core.SourcePlan;
import io.kaso.operator.core.SourcesGone;
import io.kaso.operator.core.SyncFailure;
import io.kaso.operator.core.SyncState.LastGood;
import io.kaso.operator.core.TargetMetadata;
import io.kaso.operator.core.TargetPolicies;
import io.kaso.operator.core.TargetTemplates;
import io.kaso.operator.kube.RolloutRestarter;
import io.kaso.operator.kube.TargetSecretWriter;
import io.kaso.operator.kube.TargetSecrets;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SourceException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One sync of one resource, the same for every kind: check access, read AWS, build the data, write the target.
 * Any failure is a {@link io.kaso.operator.core.SyncFailure} and leaves the target as it was.
 */
public final class SyncRun<S extends SyncSpec, P extends SourcePlan> {

  /** What a successful sync read and wrote. */
  public record Result(SecretData data, String hash, List<SourceVersion> sources,
      TargetSecretWriter.Written written, String message, TargetMetadata metadata) {}

  private final Function<S, P> plans;
  private final SourceReader<P> reader;
  private final AccessResolver access;
  private final TargetSecretWriter writer;
  private final DataHasher hasher;
  private final RolloutRestarter rollouts;
  private final TargetTemplates templates;

  /** @param plans the plan of a spec, built once per sync (validates it) */
  public SyncRun(Function<S, P> plans, SourceReader<P> reader, AccessResolver access, TargetSecretWriter writer,
      DataHasher hasher, RolloutRestarter rollouts, TargetTemplates templates) {
    this.plans = plans;
    this.reader = reader;
    this.access = access;
    this.writer = writer;
    this.hasher = hasher;
    this.rollouts = rollouts;
    this.templates = templates;
  }

  /**
   * Reads AWS and writes the target.
   *
   * @param cachedTarget the target as the informer cache has it, or null
   * @param fresh read AWS itself rather than what the source cache holds
   * @param mayWait give the thread back ({@link SourcesInFlight}) when sources are being read by others right now
   */
  public Result run(HasMetadata resource, S spec, Secret cachedTarget, boolean fresh, boolean mayWait) {
    P plan = plans.apply(spec);
    TargetTemplates.check(spec.targetOrDefault());
    Scope scope = access.resolve(resource, spec.awsOrEmpty(), plan.policySources());
    if (fresh) {
      reader.forget(plan);
    } else if (mayWait) {
      CompletableFuture<?> pending = reader.inFlight(plan, scope);
      if (pending != null) {
        throw new SourcesInFlight(pending);
      }
    }
    Target target = spec.targetOrDefault();
    Fetched fetched;
    try {
      fetched = reader.read(plan, scope);
    } catch (SourceException e) {
      throw whenGone(resource, target, plan, scope, FailureReasons.of(e));
    } catch (SyncFailure f) {
      throw whenGone(resource, target, plan, scope, f);
    }
    if (SourcesGone.everyGoneAfterRead(target.sourceDeletionPolicyOrDefault(), fetched)) {
      throw deprovision(resource, target);
    }
    RenderedTarget rendered = templates.render(target, fetched.data());
    SecretData data = rendered.data();
    String hash = hasher.hash(data);
    boolean writes = TargetPolicies.writesSecret(target.creationPolicyOrDefault());
    TargetSecretWriter.Written written = writes
        ? writer.write(resource, target, data, hash, cachedTarget, rendered.metadata())
        : TargetSecretWriter.Written.NONE;
    rollOut(resource, spec, written.rolloutPending());
    String message = plan.describe(data.size()) + (writes ? "" : " (creationPolicy None: no Secret written)");
    return new Result(data, hash, fetched.sources(), written, message, rendered.metadata());
  }

  /**
   * A failed read under sourceDeletionPolicy Delete: when a source was not found, checks the sources one by one, and
   * when every one is gone, deprovisions the target. Any other failure, or a source not known to be gone, is the
   * failure as it was: the Secret stays.
   */
  private SyncFailure whenGone(HasMetadata resource, Target target, P plan, Scope scope, SyncFailure failure) {
    if (!SourcesGone.worthChecking(target.sourceDeletionPolicyOrDefault(), failure)
        || !SourcesGone.everyGone(reader.presence(plan, scope))) {
      return failure;
    }
    return deprovision(resource, target);
  }

  private SourcesGone deprovision(HasMetadata resource, Target target) {
    CreationPolicy creation = target.creationPolicyOrDefault();
    // What was really done: keys only for an Owner Secret that holds merged keys, nothing when it is gone already.
    TargetPolicies.Action done = TargetPolicies.writesSecret(creation) ? writer.deprovision(resource, target)
        : TargetPolicies.Action.LEAVE;
    return SourcesGone.deprovisioned(resource.getMetadata().getNamespace() + "/"
        + TargetSecrets.targetName(resource, target), done);
  }

  /** Writes the data of the last good sync back into the target, without calling AWS. */
  public TargetSecretWriter.Written restore(HasMetadata resource, S spec, LastGood lastGood, Secret cachedTarget) {
    if (!TargetPolicies.writesSecret(spec.targetOrDefault().creationPolicyOrDefault())) {
      return TargetSecretWriter.Written.NONE;
    }
    TargetSecretWriter.Written written = writer.write(resource, spec.targetOrDefault(), lastGood.data(),
        lastGood.hash(), cachedTarget, lastGood.metadata());
    rollOut(resource, spec, written.rolloutPending());
    return written;
  }

  /**
   * Queues the restarts a target Secret still records as pending (kaso.io/rollout-pending): those of a change an
   * earlier operator wrote but stopped before restarting. Restarts already queued or done are not queued again.
   */
  public void resumeRollouts(HasMetadata resource, S spec, Secret target) {
    if (spec != null && target != null && TargetSecrets.isWrittenBy(target, resource)) {
      rollOut(resource, spec, TargetSecrets.annotation(target, KasoAnnotations.ROLLOUT_PENDING));
    }
  }

  private void rollOut(HasMetadata resource, S spec, String pendingHash) {
    if (pendingHash != null) {
      rollouts.secretChanged(resource, TargetSecrets.targetName(resource, spec.targetOrDefault()),
          spec.rolloutRestartOrEmpty(), pendingHash);
    }
  }

  /** Applies the target's deletion policy when the resource goes. */
  public void release(HasMetadata resource, S spec) {
    writer.release(resource, spec == null ? new Target() : spec.targetOrDefault());
  }

  /** Whether a Secret's data is what its data-hash annotation says (an unchanged Secret Kaso wrote). */
  public boolean hashMatches(Secret secret) {
    var annotations = secret.getMetadata().getAnnotations();
    String recorded = annotations == null ? null : annotations.get(KasoAnnotations.DATA_HASH);
    return recorded != null && recorded.equals(hasher.hash(TargetSecrets.managedData(secret)));
  }
}
