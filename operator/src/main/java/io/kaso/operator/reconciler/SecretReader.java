package io.kaso.operator.reconciler;

import io.kaso.operator.api.v1alpha1.CiphertextFormat;
import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.core.Fetched;
import io.kaso.operator.core.SecretSources;
import io.kaso.operator.core.SecretSources.Ciphertext;
import io.kaso.operator.core.SecretSources.Plan;
import io.kaso.operator.core.SourceNames;
import io.kaso.operator.source.KeyDecryptor;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SecretFilter;
import io.kaso.operator.source.SecretSelector;
import io.kaso.operator.source.SecretStore;
import io.kaso.operator.source.SecretValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads an ExternalSecret's secrets, finds and ciphertexts from Secrets Manager and KMS. */
public final class SecretReader implements SourceReader<ExternalSecretSpec> {
  private final SecretStore secrets;
  private final KeyDecryptor keys;

  public SecretReader(SecretStore secrets, KeyDecryptor keys) {
    this.secrets = secrets;
    this.keys = keys;
  }

  @Override
  public List<String> sources(ExternalSecretSpec spec) {
    return SecretSources.policySources(spec);
  }

  @Override
  public Fetched read(ExternalSecretSpec spec, Scope scope) {
    Plan plan = SecretSources.plan(spec);
    Map<SecretSelector, SecretValue> byId = plan.selectors().isEmpty() ? Map.of()
        : secrets.byId(scope, plan.selectors());
    Map<SecretFilter, List<SecretValue>> found = new LinkedHashMap<>();
    for (SecretFilter f : plan.finds()) {
      found.put(f, secrets.find(scope, f));
    }
    Map<String, byte[]> decrypted = new LinkedHashMap<>();
    for (Ciphertext c : plan.ciphertexts()) {
      decrypted.put(c.key(), c.format() == CiphertextFormat.EncryptionSdk
          ? keys.decryptMessage(scope, c.blob(), c.keyId(), c.context())
          : keys.decrypt(scope, c.blob(), c.keyId(), c.context()));
    }
    return SecretSources.assemble(spec, byId, found, decrypted);
  }

  @Override
  public void forget(ExternalSecretSpec spec) {
    Plan plan = SecretSources.plan(spec);
    plan.selectors().forEach(s -> secrets.forget(s.secretId()));
    if (!plan.finds().isEmpty()) {
      plan.finds().forEach(f -> secrets.forget(f.namePrefix() == null ? "" : f.namePrefix()));
    }
  }

  @Override
  public String describe(ExternalSecretSpec spec, int keys) {
    List<String> parts = new ArrayList<>();
    Set<String> secretIds = new HashSet<>();
    spec.dataOrEmpty().forEach(d -> secretIds.add(SourceNames.secretName(d.getSecretId())));
    spec.dataFromOrEmpty().stream().filter(d -> d.getSecretId() != null)
        .forEach(d -> secretIds.add(SourceNames.secretName(d.getSecretId())));
    count(parts, secretIds.size(), "secret", "secrets");
    count(parts, (int) spec.dataFromOrEmpty().stream().filter(d -> d.getFind() != null).count(), "find", "finds");
    count(parts, spec.kmsOrEmpty().size(), "ciphertext", "ciphertexts");
    return keys + (keys == 1 ? " key" : " keys") + " from " + String.join(", ", parts);
  }

  private static void count(List<String> parts, int n, String one, String many) {
    if (n > 0) {
      parts.add(n + " " + (n == 1 ? one : many));
    }
  }
}
