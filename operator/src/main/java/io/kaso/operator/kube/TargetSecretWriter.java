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
import io.kaso.operator.api.v1alpha1.DeletionPolicy;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.KasoLabels;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.core.MergeTargets;
import io.kaso.operator.core.SecretData;
import io.kaso.operator.core.SecretTypeRules;
import io.kaso.operator.core.SyncFailure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Writes the target Secret (DESIGN 2.4): creates and owns it (Owner), or writes only Kaso's keys into a Secret
 * somebody else owns (Merge). Refuses to take over a Secret it did not write. Writes go out as updates with the
 * resourceVersion read, so a concurrent edit is re-read, never overwritten blindly.
 */
public final class TargetSecretWriter {
  private static final int CONFLICT_RETRIES = 3;

  /** What a write did. */
  public enum Change { CREATED, UPDATED, REPLACED, UNCHANGED }

  /**
   * @param previousHash the data hash the Secret carried before, null when it had none (first write)
   * @param rolloutPending the data hash whose rollout restarts are still due (the Secret's
   *     {@code kaso.io/rollout-pending} after the write), or null
   */
  public record Written(Change change, String previousHash, String rolloutPending) {
    /** Whether the Secret's data changed from data Kaso had written before (not a first write). */
    public boolean dataChanged(String newHash) {
      return previousHash != null && !previousHash.equals(newHash);
    }
  }

  private final KubernetesClient client;
  private final String operatorNamespace;

  /** @param operatorNamespace where the operator's own Secrets live: never a Merge target */
  public TargetSecretWriter(KubernetesClient client, String operatorNamespace) {
    this.client = client;
    this.operatorNamespace = operatorNamespace;
  }

  /**
   * Makes the target hold the data.
   *
   * @param existing the Secret as the informer cache has it, or null when the cache has none (it is then read)
   * @throws SyncFailure TargetConflict (including a Merge into a Secret of the platform); SyncFailed when a Merge
   *     target does not exist or the Secret's type needs keys the data lacks; KubernetesApiError when the API server
   *     refused or failed a read or write
   */
  public Written write(HasMetadata owner, Target target, SecretData data, String hash, Secret existing) {
    String namespace = owner.getMetadata().getNamespace();
    String name = TargetSecrets.targetName(owner, target);
    for (int attempt = 1; ; attempt++) {
      try {
        Secret current = existing != null && attempt == 1 ? existing : read(namespace, name);
        return target.creationPolicyOrDefault() == CreationPolicy.Merge
            ? merge(owner, target, data, hash, current)
            : own(owner, target, data, hash, current);
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
    String namespace = owner.getMetadata().getNamespace();
    Secret current = read(namespace, TargetSecrets.targetName(owner, target));
    if (current == null || !TargetSecrets.isWrittenBy(current, owner)) {
      return;
    }
    boolean merge = target.creationPolicyOrDefault() == CreationPolicy.Merge
        || TargetSecrets.annotation(current, KasoAnnotations.MANAGED_KEYS) != null;
    if (!merge && target.deletionPolicyOrDefault() == DeletionPolicy.Delete) {
      client.secrets().inNamespace(namespace).resource(current).delete();
      return;
    }
    retry(() -> {
      Secret fresh = read(namespace, current.getMetadata().getName());
      if (fresh == null) {
        return null;
      }
      Secret released = new SecretBuilder(fresh).build();
      if (merge && target.deletionPolicyOrDefault() == DeletionPolicy.Delete) {
        Map<String, String> data = new TreeMap<>(Optional.ofNullable(released.getData()).orElse(Map.of()));
        TargetSecrets.keys(TargetSecrets.annotation(fresh, KasoAnnotations.MANAGED_KEYS)).forEach(data::remove);
        released.setData(data);
      }
      untie(released.getMetadata(), owner);
      return client.secrets().inNamespace(namespace).resource(released).update();
    });
  }

  private Written own(HasMetadata owner, Target target, SecretData data, String hash, Secret current) {
    String namespace = owner.getMetadata().getNamespace();
    String name = TargetSecrets.targetName(owner, target);
    Secret desired = desiredOwned(owner, target, data, hash, current);
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
      replace(namespace, current, desired);
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

  /**
   * A type change, or new data in an immutable Secret, needs a delete and a create: the API server changes neither
   * in place. Should the create be refused after all, the old Secret is put back before the failure is reported.
   */
  private void replace(String namespace, Secret current, Secret desired) {
    client.secrets().inNamespace(namespace).resource(current).delete();
    try {
      client.secrets().inNamespace(namespace).resource(fresh(desired)).create();
    } catch (KubernetesClientException refused) {
      String name = current.getMetadata().getName();
      String putBack;
      try {
        client.secrets().inNamespace(namespace).resource(fresh(current)).create();
        putBack = "the previous Secret was put back";
      } catch (KubernetesClientException e) {
        putBack = "putting the previous Secret back failed too (" + KubeErrors.message(e) + "); the next attempt "
            + "creates it";
      }
      throw new SyncFailure(Reason.KubernetesApiError, "replacing Secret " + namespace + "/" + name + " (a type or "
          + "immutable change needs a delete and a create) failed: " + KubeErrors.message(refused) + "; " + putBack,
          refused);
    }
  }

  /** A copy to create: without what the API server assigns to an existing object. */
  private static Secret fresh(Secret secret) {
    Secret copy = new SecretBuilder(secret).build();
    ObjectMeta meta = copy.getMetadata();
    meta.setResourceVersion(null);
    meta.setUid(null);
    meta.setCreationTimestamp(null);
    meta.setDeletionTimestamp(null);
    meta.setManagedFields(null);
    return copy;
  }

  private Written merge(HasMetadata owner, Target target, SecretData data, String hash, Secret current) {
    String namespace = owner.getMetadata().getNamespace();
    String name = TargetSecrets.targetName(owner, target);
    if (current == null) {
      throw new SyncFailure(Reason.SyncFailed, "Secret " + namespace + "/" + name + " does not exist: "
          + "creationPolicy Merge writes into an existing Secret (create it, or use creationPolicy Owner)");
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
    meta.setLabels(withAll(meta.getLabels(), target.getLabels(), ownLabels(owner)));
    Map<String, String> ours = ownAnnotations(owner, hash, previousHash);
    ours.put(KasoAnnotations.MANAGED_KEYS, String.join(",", data.entries().keySet()));
    meta.setAnnotations(withAll(meta.getAnnotations(), target.getAnnotations(), ours));
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

  private Secret desiredOwned(HasMetadata owner, Target target, SecretData data, String hash, Secret current) {
    ObjectMeta base = current == null ? new ObjectMeta() : new SecretBuilder(current).build().getMetadata();
    base.setName(TargetSecrets.targetName(owner, target));
    base.setNamespace(owner.getMetadata().getNamespace());
    base.setLabels(withAll(base.getLabels(), target.getLabels(), ownLabels(owner)));
    String previousHash = current == null ? null : TargetSecrets.annotation(current, KasoAnnotations.DATA_HASH);
    base.setAnnotations(withAll(base.getAnnotations(), target.getAnnotations(),
        ownAnnotations(owner, hash, previousHash)));
    List<OwnerReference> refs = new ArrayList<>(Optional.ofNullable(base.getOwnerReferences()).orElse(List.of()));
    refs.removeIf(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid()));
    refs.add(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(true).build());
    base.setOwnerReferences(refs);
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

  private static void untie(ObjectMeta meta, HasMetadata owner) {
    if (meta.getOwnerReferences() != null) {
      meta.setOwnerReferences(meta.getOwnerReferences().stream()
          .filter(r -> !Objects.equals(r.getUid(), owner.getMetadata().getUid())).toList());
    }
    if (meta.getLabels() != null) {
      Map<String, String> labels = new HashMap<>(meta.getLabels());
      labels.remove(KasoLabels.MANAGED_BY);
      labels.remove(KasoLabels.OWNER_KIND);
      meta.setLabels(labels);
    }
    if (meta.getAnnotations() != null) {
      Map<String, String> ann = new HashMap<>(meta.getAnnotations());
      ann.remove(KasoAnnotations.DATA_HASH);
      ann.remove(KasoAnnotations.OWNER);
      ann.remove(KasoAnnotations.MANAGED_KEYS);
      ann.remove(KasoAnnotations.ROLLOUT_PENDING);
      meta.setAnnotations(ann);
    }
  }

  private Secret read(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  private void retry(Supplier<Secret> update) {
    for (int attempt = 1; ; attempt++) {
      try {
        update.get();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
          throw e;
        }
      }
    }
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
