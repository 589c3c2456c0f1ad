package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kaso.operator.api.v1alpha1.CreationPolicy;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.KasoLabels;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.core.MergeTargets;
import io.kaso.operator.core.SecretData;
import io.kaso.operator.core.SecretTypeRules;
import io.kaso.operator.core.SyncFailure;
import io.kaso.operator.core.TargetMetadata;
import io.kaso.operator.core.TargetPolicies;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes the target Secret (DESIGN 2.4): creates and owns it (Owner), creates it without an ownerReference (Orphan),
 * or writes only Kaso's keys into a Secret somebody else owns (Merge). Refuses to take over a Secret it did not write.
 * Writes go out as updates with the resourceVersion read, so a concurrent edit is re-read, never overwritten blindly.
 */
public final class TargetSecretWriter {
  static final int CONFLICT_RETRIES = 3;

  /** What a write did. */
  public enum Change { CREATED, UPDATED, REPLACED, UNCHANGED, NOT_WRITTEN }

  /**
   * @param previousHash the data hash the Secret carried before, null when it had none (first write)
   * @param rolloutPending the data hash whose rollout restarts are still due (the Secret's
   *     {@code kaso.io/rollout-pending} after the write), or null
   */
  public record Written(Change change, String previousHash, String rolloutPending) {
    /** creationPolicy None: no Secret was written, none is. */
    public static final Written NONE = new Written(Change.NOT_WRITTEN, null, null);

    /** Whether the Secret was created, updated or replaced. */
    public boolean wrote() {
      return change != Change.UNCHANGED && change != Change.NOT_WRITTEN;
    }

    /** Whether the Secret's data changed from data Kaso had written before (not a first write). */
    public boolean dataChanged(String newHash) {
      return previousHash != null && !previousHash.equals(newHash);
    }
  }

  private final KubernetesClient client;
  private final String operatorNamespace;
  private final TargetSecretReplacer replacer;
  private final TargetSecretRelease release;

  /** @param operatorNamespace where the operator's own Secrets live: never a Merge target */
  public TargetSecretWriter(KubernetesClient client, String operatorNamespace) {
    this.client = client;
    this.operatorNamespace = operatorNamespace;
    this.replacer = new TargetSecretReplacer(client);
    this.release = new TargetSecretRelease(client);
  }

  /**
   * Makes the target hold the data, with the labels and annotations the target's templates rendered set beside
   * target.labels and target.annotations.
   *
   * @param existing the Secret as the informer cache has it, or null when the cache has none (it is then read)
   * @throws SyncFailure TargetConflict (including a Merge into a Secret of the platform); TargetNotFound when a Merge
   *     target does not exist; SyncFailed when the Secret's type needs keys the data lacks; KubernetesApiError when
   *     the API server refused or failed a read or write
   */
  public Written write(HasMetadata owner, Target target, SecretData data, String hash, Secret existing,
      TargetMetadata rendered) {
    String namespace = owner.getMetadata().getNamespace();
    String name = TargetSecrets.targetName(owner, target);
    for (int attempt = 1; ; attempt++) {
      try {
        Secret current = existing != null && attempt == 1 ? existing : read(namespace, name);
        return target.creationPolicyOrDefault() == CreationPolicy.Merge
            ? merge(owner, target, data, hash, current, rendered)
            : own(owner, target, data, hash, current, rendered);
      } catch (KubernetesClientException e) {
        if ((e.getCode() != 409 && e.getCode() != 404) || attempt >= CONFLICT_RETRIES) {
          throw new SyncFailure(Reason.KubernetesApiError,
              "writing Secret " + namespace + "/" + name + " failed: " + KubeErrors.message(e), e);
        }
      }
    }
  }

  /**
   * Applies the deletion policy when the resource goes: Owner+Delete deletes the Secret; Merge+Delete removes
   * Kaso's keys; Retain leaves the data and removes what ties the Secret to Kaso.
   */
  public void release(HasMetadata owner, Target target) {
    release.release(owner, target);
  }

  /**
   * Every source is gone in AWS and target.sourceDeletionPolicy is Delete: deletes the Secret this resource wrote
   * (Owner, Orphan) or removes Kaso's keys from it (Merge).
   *
   * @return what was done; LEAVE when there was nothing of this resource's to remove
   * @throws SyncFailure KubernetesApiError when the API server refused or failed the change
   */
  public TargetPolicies.Action deprovision(HasMetadata owner, Target target) {
    try {
      return release.deprovision(owner, target);
    } catch (KubernetesClientException e) {
      throw new SyncFailure(Reason.KubernetesApiError, "removing Secret " + owner.getMetadata().getNamespace() + "/"
          + TargetSecrets.targetName(owner, target) + " (every source is gone) failed: " + KubeErrors.message(e), e);
    }
  }

  private Written own(HasMetadata owner, Target target, SecretData data, String hash, Secret current,
      TargetMetadata rendered) {
    String namespace = owner.getMetadata().getNamespace();
    String name = TargetSecrets.targetName(owner, target);
    Secret desired = desiredOwned(owner, target, data, hash, current, rendered);
    if (current != null && !TargetSecrets.isWrittenBy(current, owner)) {
      throw new SyncFailure(Reason.TargetConflict, "Secret " + namespace + "/" + name + " exists and was not "
          + "written by Kaso for " + TargetSecrets.ownerValue(owner) + ": delete it, choose another target.name, or use "
          + "target.creationPolicy: Merge to write into it");
    }
    String pending = TargetSecrets.annotation(desired, KasoAnnotations.ROLLOUT_PENDING);
    if (current == null) {
      acceptable(namespace, desired);
      client.secrets().inNamespace(namespace).resource(desired).create();
      return new Written(Change.CREATED, null, pending);
    }
    String previousHash = TargetSecrets.annotation(current, KasoAnnotations.DATA_HASH);
    if (sameContent(current, desired)) {
      return new Written(Change.UNCHANGED, previousHash, pending);
    }
    acceptable(namespace, desired);
    boolean dataDiffers = !sameData(current.getData(), desired.getData());
    boolean mustReplace = !Objects.equals(typeOf(current), typeOf(desired))
        || (Boolean.TRUE.equals(current.getImmutable()) && (dataDiffers
            || !Objects.equals(current.getImmutable(), desired.getImmutable())));
    if (mustReplace) {
      replacer.replace(namespace, current, desired);
      return new Written(Change.REPLACED, previousHash, pending);
    }
    client.secrets().inNamespace(namespace).resource(desired).update();
    return new Written(Change.UPDATED, previousHash, pending);
  }

  /**
   * Refuses, before anything is written or deleted, a Secret the API server would refuse: a Secret is never deleted
   * for a replacement that cannot be created. Retried (the missing key may yet appear in AWS).
   */
  private static void acceptable(String namespace, Secret desired) {
    SecretTypeRules.problem(typeOf(desired), TargetSecrets.decode(desired.getData()),
        desired.getMetadata().getAnnotations()).ifPresent(problem -> {
          throw new SyncFailure(Reason.SyncFailed, "Secret " + namespace + "/" + desired.getMetadata().getName()
              + " was left as it was: target.type " + problem + " (add the key to the sources or the template, or "
              + "change target.type)");
        });
  }

  private Written merge(HasMetadata owner, Target target, SecretData data, String hash, Secret current,
      TargetMetadata rendered) {
    String namespace = owner.getMetadata().getNamespace();
    String name = TargetSecrets.targetName(owner, target);
    if (current == null) {
      throw new SyncFailure(Reason.TargetNotFound, "Secret " + namespace + "/" + name + " does not exist: "
          + "creationPolicy Merge writes into an existing Secret and does not create one; retrying until it exists "
          + "(create it, or use creationPolicy Owner or Orphan to have Kaso create it)");
    }
    MergeTargets.refusal(namespace, name, current.getType(), current.getMetadata().getLabels(),
        ownedBy(current, owner), operatorNamespace).ifPresent(why -> {
          throw new SyncFailure(Reason.TargetConflict, why);
        });
    String writer = TargetSecrets.annotation(current, KasoAnnotations.OWNER);
    if (writer != null && !writer.equals(TargetSecrets.ownerValue(owner))) {
      throw new SyncFailure(Reason.TargetConflict, "Secret " + namespace + "/" + name + " is already written by "
          + writer + "; two resources cannot write one Secret");
    }
    String previousHash = TargetSecrets.annotation(current, KasoAnnotations.DATA_HASH);
    Secret desired = new SecretBuilder(current).build();
    Map<String, String> merged = new TreeMap<>(Optional.ofNullable(current.getData()).orElse(Map.of()));
    TargetSecrets.keys(TargetSecrets.annotation(current, KasoAnnotations.MANAGED_KEYS)).forEach(merged::remove);
    merged.putAll(TargetSecrets.encode(data));
    desired.setData(merged);
    ObjectMeta meta = desired.getMetadata();
    meta.setLabels(withAll(meta.getLabels(), target.getLabels(), rendered.labels(), ownLabels(owner)));
    Map<String, String> ours = ownAnnotations(owner, hash, previousHash);
    ours.put(KasoAnnotations.MANAGED_KEYS, String.join(",", data.entries().keySet()));
    meta.setAnnotations(withAll(meta.getAnnotations(), target.getAnnotations(), rendered.annotations(), ours));
    String pending = TargetSecrets.annotation(desired, KasoAnnotations.ROLLOUT_PENDING);
    if (sameContent(current, desired)) {
      return new Written(Change.UNCHANGED, previousHash, pending);
    }
    client.secrets().inNamespace(namespace).resource(desired).update();
    return new Written(Change.UPDATED, previousHash, pending);
  }

  private static boolean ownedBy(Secret secret, HasMetadata owner) {
    return Optional.ofNullable(secret.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
        .anyMatch(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid()));
  }

  private Secret desiredOwned(HasMetadata owner, Target target, SecretData data, String hash, Secret current,
      TargetMetadata rendered) {
    ObjectMeta base = current == null ? new ObjectMeta() : new SecretBuilder(current).build().getMetadata();
    base.setName(TargetSecrets.targetName(owner, target));
    base.setNamespace(owner.getMetadata().getNamespace());
    base.setLabels(withAll(base.getLabels(), target.getLabels(), rendered.labels(), ownLabels(owner)));
    String previousHash = current == null ? null : TargetSecrets.annotation(current, KasoAnnotations.DATA_HASH);
    base.setAnnotations(withAll(base.getAnnotations(), target.getAnnotations(), rendered.annotations(),
        ownAnnotations(owner, hash, previousHash)));
    List<OwnerReference> refs = new ArrayList<>(Optional.ofNullable(base.getOwnerReferences()).orElse(List.of()));
    refs.removeIf(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid()));
    if (TargetPolicies.ownerReference(target.creationPolicyOrDefault())) {
      refs.add(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
          .withBlockOwnerDeletion(true).build());
    }
    base.setOwnerReferences(refs.isEmpty() ? null : refs);
    base.setManagedFields(null);
    return new SecretBuilder().withMetadata(base)
        .withType(target.getType() != null ? target.getType() : "Opaque")
        .withImmutable(target.immutableOrDefault() ? Boolean.TRUE : null)
        .withData(TargetSecrets.encode(data))
        .build();
  }

  private static Map<String, String> ownLabels(HasMetadata owner) {
    return Map.of(KasoLabels.MANAGED_BY, KasoLabels.MANAGED_BY_VALUE, KasoLabels.OWNER_KIND, owner.getKind());
  }

  /**
   * Kaso's annotations. A change of data Kaso had written before (not a first write) records its rollout as pending
   * in the same write, so the restarts happen even if the operator stops before they go out.
   */
  private static Map<String, String> ownAnnotations(HasMetadata owner, String hash, String previousHash) {
    Map<String, String> m = new HashMap<>();
    m.put(KasoAnnotations.DATA_HASH, hash);
    m.put(KasoAnnotations.OWNER, TargetSecrets.ownerValue(owner));
    if (previousHash != null && !previousHash.equals(hash)) {
      m.put(KasoAnnotations.ROLLOUT_PENDING, hash);
    }
    return m;
  }

  private Secret read(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  @SafeVarargs
  private static Map<String, String> withAll(Map<String, String> base, Map<String, String>... overlays) {
    Map<String, String> out = new LinkedHashMap<>(base == null ? Map.of() : base);
    for (Map<String, String> o : overlays) {
      if (o != null) {
        out.putAll(o);
      }
    }
    return out;
  }

  private static boolean sameContent(Secret a, Secret b) {
    return sameData(a.getData(), b.getData()) && Objects.equals(typeOf(a), typeOf(b))
        && Objects.equals(Boolean.TRUE.equals(a.getImmutable()), Boolean.TRUE.equals(b.getImmutable()))
        && Objects.equals(orEmpty(a.getMetadata().getLabels()), orEmpty(b.getMetadata().getLabels()))
        && Objects.equals(orEmpty(a.getMetadata().getAnnotations()), orEmpty(b.getMetadata().getAnnotations()))
        && Objects.equals(refUids(a), refUids(b));
  }

  private static List<String> refUids(Secret s) {
    return Optional.ofNullable(s.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
        .map(OwnerReference::getUid).sorted().toList();
  }

  private static boolean sameData(Map<String, String> a, Map<String, String> b) {
    Map<String, byte[]> x = TargetSecrets.decode(a);
    Map<String, byte[]> y = TargetSecrets.decode(b);
    return x.keySet().equals(y.keySet()) && x.keySet().stream().allMatch(k -> Arrays.equals(x.get(k), y.get(k)));
  }

  private static String typeOf(Secret s) {
    return s.getType() == null ? "Opaque" : s.getType();
  }

  private static Map<String, String> orEmpty(Map<String, String> m) {
    return m == null ? Map.of() : m;
  }

}
