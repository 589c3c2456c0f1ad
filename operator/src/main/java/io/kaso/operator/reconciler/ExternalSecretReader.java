package io.kaso.operator.reconciler;

import io.kaso.operator.api.v1alpha1.CiphertextFormat;
import io.kaso.operator.core.Ciphertext;
import io.kaso.operator.core.Fetched;
import io.kaso.operator.core.SecretPlan;
import io.kaso.operator.core.SourcesGone.Presence;
import io.kaso.operator.source.CiphertextDecryptor;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SecretFilter;
import io.kaso.operator.source.SecretSelector;
import io.kaso.operator.source.SecretStore;
import io.kaso.operator.source.SecretValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Reads an ExternalSecret's secrets, finds and ciphertexts from Secrets Manager and KMS. */
public final class ExternalSecretReader implements SourceReader<SecretPlan> {
  private final SecretStore secrets;
  private final CiphertextDecryptor decryptor;

  public ExternalSecretReader(SecretStore secrets, CiphertextDecryptor decryptor) {
    this.secrets = secrets;
    this.decryptor = decryptor;
  }

  @Override
  public Fetched read(SecretPlan plan, Scope scope) {
    Map<SecretSelector, SecretValue> byId = plan.selectors().isEmpty() ? Map.of()
        : secrets.byId(scope, plan.selectors());
    Map<SecretFilter, List<SecretValue>> found = new LinkedHashMap<>();
    for (SecretFilter f : plan.finds()) {
      found.put(f, f.nameRegexp() == null ? secrets.find(scope, f) : secrets.find(scope, f, n -> plan.matches(f, n)));
    }
    Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    for (String id : plan.tagReads()) {
      tags.put(id, secrets.tags(scope, id));
    }
    Map<String, byte[]> decrypted = new LinkedHashMap<>();
    for (Ciphertext c : plan.ciphertexts()) {
      decrypted.put(c.key(), c.format() == CiphertextFormat.EncryptionSdk
          ? decryptor.decryptMessage(scope, c.blob(), c.keyId(), c.context())
          : decryptor.decrypt(scope, c.blob(), c.keyId(), c.context()));
    }
    return plan.assemble(byId, found, decrypted, tags);
  }

  @Override
  public List<Presence> presence(SecretPlan plan, Scope scope) {
    List<Presence> out = new ArrayList<>();
    for (SecretSelector s : plan.selectors()) {
      out.add(SourceReader.presenceOf(() -> secrets.byId(scope, List.of(s)).containsKey(s)));
    }
    for (SecretFilter f : plan.finds()) {
      out.add(SourceReader.presenceOf(() -> !(f.nameRegexp() == null ? secrets.find(scope, f)
          : secrets.find(scope, f, n -> plan.matches(f, n))).isEmpty()));
    }
    for (String id : plan.tagReads()) {
      out.add(SourceReader.presenceOf(() -> secrets.tags(scope, id) != null));
    }
    plan.ciphertexts().forEach(c -> out.add(Presence.PRESENT));
    return out;
  }

  @Override
  public CompletableFuture<?> inFlight(SecretPlan plan, Scope scope) {
    return secrets.inFlight(scope, plan.selectors());
  }

  @Override
  public void prefetch(Scope scope, List<SecretPlan> plans, Duration keep) {
    Set<SecretSelector> ids = new LinkedHashSet<>();
    plans.forEach(plan -> ids.addAll(plan.selectors()));
    secrets.prefetch(scope, ids, keep);
  }

  @Override
  public void forget(SecretPlan plan) {
    plan.selectors().forEach(s -> secrets.forget(s.secretId()));
    plan.finds().forEach(f -> secrets.forget(f.namePrefix() == null ? "" : f.namePrefix()));
    plan.tagReads().forEach(secrets::forget);
  }
}
