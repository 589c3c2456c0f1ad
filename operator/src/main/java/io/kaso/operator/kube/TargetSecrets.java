package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.core.SecretData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How Kaso names and marks the Secrets it writes: the target's name, the owner annotation, the keys it manages in a
 * Secret somebody else owns, and the data as the API encodes it. Read by the writer, the informers and the filters.
 */
public final class TargetSecrets {

  private TargetSecrets() {}

  /** The Secret a resource writes to. */
  public static String targetName(HasMetadata owner, Target target) {
    return target.getName() != null ? target.getName() : owner.getMetadata().getName();
  }

  /** The value of the owner annotation for a resource: Kind/name. */
  public static String ownerValue(HasMetadata owner) {
    return owner.getKind() + "/" + owner.getMetadata().getName();
  }

  /** Whether a Secret was written by this resource. */
  public static boolean isWrittenBy(Secret secret, HasMetadata owner) {
    Map<String, String> ann = secret.getMetadata().getAnnotations();
    if (ann != null && ownerValue(owner).equals(ann.get(KasoAnnotations.OWNER))) {
      return true;
    }
    return secret.getMetadata().getOwnerReferences() != null && secret.getMetadata().getOwnerReferences().stream()
        .anyMatch(r -> Objects.equals(r.getUid(), owner.getMetadata().getUid()));
  }

  /** The data Kaso wrote into a Secret: all of it (Owner), or the keys listed as Kaso's (Merge). */
  public static Map<String, byte[]> managedData(Secret secret) {
    Map<String, byte[]> all = decode(secret.getData());
    String managed = annotation(secret, KasoAnnotations.MANAGED_KEYS);
    if (managed == null) {
      return all;
    }
    Map<String, byte[]> ours = new TreeMap<>();
    for (String key : keys(managed)) {
      if (all.containsKey(key)) {
        ours.put(key, all.get(key));
      }
    }
    return ours;
  }

  /** Secret data as the API holds it: base64 per key, sorted. */
  public static Map<String, String> encode(SecretData data) {
    Map<String, String> out = new TreeMap<>();
    data.entries().forEach((k, v) -> out.put(k, Base64.getEncoder().encodeToString(v)));
    return out;
  }

  /** Secret data as bytes per key, sorted. */
  public static Map<String, byte[]> decode(Map<String, String> data) {
    Map<String, byte[]> out = new TreeMap<>();
    if (data != null) {
      data.forEach((k, v) -> out.put(k, v == null ? new byte[0] : Base64.getMimeDecoder().decode(v)));
    }
    return out;
  }

  /** An annotation of a Secret, or null. */
  public static String annotation(Secret s, String key) {
    Map<String, String> ann = s.getMetadata().getAnnotations();
    return ann == null ? null : ann.get(key);
  }

  /** The keys listed in a comma-separated annotation, sorted, each once. */
  public static List<String> keys(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return List.of();
    }
    return new ArrayList<>(new TreeSet<>(Arrays.asList(commaSeparated.split(","))));
  }
}
