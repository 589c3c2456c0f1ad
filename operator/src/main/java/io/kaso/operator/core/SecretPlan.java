package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.api.v1alpha1.Limits;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.api.v1alpha1.SourceVersion;
import io.kaso.operator.source.SecretFilter;
import io.kaso.operator.source.SecretSelector;
import io.kaso.operator.source.SecretValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What an ExternalSecret reads (secrets, finds, ciphertexts) and how what was read becomes keys. Built once per sync
 * from the spec, which it validates.
 */
public final class SecretPlan implements SourcePlan {

  /** A data entry of the spec with its selector and its property (null: the whole value). */
  private record DataEntry(SecretRef spec, SecretSelector selector, JsonProperty property) {}

  /** A dataFrom entry: a whole secret split into keys (selector set), or a find (filter set). */
  private record FromEntry(SecretDataFrom spec, SecretSelector selector, SecretFilter filter, KeyRewriter rewriter) {}

  private final List<DataEntry> data;
  private final List<FromEntry> dataFrom;
  private final List<Ciphertext> ciphertexts;
  private final List<SecretSelector> selectors;
  private final List<SecretFilter> finds;
  private final Set<String> indexKeys;

  private SecretPlan(List<DataEntry> data, List<FromEntry> dataFrom, List<Ciphertext> ciphertexts) {
    this.data = data;
    this.dataFrom = dataFrom;
    this.ciphertexts = ciphertexts;
    LinkedHashSet<SecretSelector> sels = new LinkedHashSet<>();
    LinkedHashSet<SecretFilter> filters = new LinkedHashSet<>();
    data.forEach(d -> sels.add(d.selector()));
    for (FromEntry f : dataFrom) {
      if (f.selector() != null) {
        sels.add(f.selector());
      } else {
        filters.add(f.filter());
      }
    }
    this.selectors = List.copyOf(sels);
    this.finds = List.copyOf(filters);
    Set<String> keys = new LinkedHashSet<>();
    selectors.forEach(s -> keys.add(SourceIndexKeys.secret(SourceNames.secretName(s.secretId()))));
    if (!finds.isEmpty()) {
      keys.add(SourceIndexKeys.ANY_FIND);
    }
    this.indexKeys = Set.copyOf(keys);
  }

  /**
   * The plan of a spec.
   *
   * @throws SyncFailure InvalidSpec when the spec cannot work as written
   */
  public static SecretPlan of(ExternalSecretSpec spec) {
    if (spec == null || (spec.dataOrEmpty().isEmpty() && spec.dataFromOrEmpty().isEmpty()
        && spec.kmsOrEmpty().isEmpty())) {
      throw SyncFailure.invalidSpec("nothing to read: set spec.data, spec.dataFrom or spec.kms");
    }
    List<DataEntry> data = new ArrayList<>();
    spec.dataOrEmpty().forEach(d -> data.add(new DataEntry(d, selector(d),
        d.getProperty() == null ? null : JsonProperty.of(d.getProperty(), d.getKey()))));
    List<FromEntry> dataFrom = new ArrayList<>();
    for (int i = 0; i < spec.dataFromOrEmpty().size(); i++) {
      SecretDataFrom from = spec.dataFromOrEmpty().get(i);
      ParameterPlan.checkPrefix(from.keyPrefixOrEmpty(), "dataFrom[].keyPrefix");
      if ((from.getSecretId() == null) == (from.getFind() == null)) {
        throw SyncFailure.invalidSpec("each dataFrom entry needs exactly one of secretId and find");
      }
      FieldLengths.check(from.getSecretId(), Limits.SECRET_ID, "dataFrom[].secretId");
      KeyRewriter rewriter = KeyRewriter.of(from.getRewrite(), "dataFrom[" + i + "].rewrite");
      dataFrom.add(from.getSecretId() != null
          ? new FromEntry(from, SecretSelector.current(from.getSecretId()), null, rewriter)
          : new FromEntry(from, null, filter(from), rewriter));
    }
    List<Ciphertext> ciphertexts = new ArrayList<>();
    spec.kmsOrEmpty().forEach(k -> ciphertexts.add(Ciphertext.of(k)));
    return new SecretPlan(List.copyOf(data), List.copyOf(dataFrom), List.copyOf(ciphertexts));
  }

  /** The distinct secrets read by id. */
  public List<SecretSelector> selectors() {
    return selectors;
  }

  /** The distinct finds. */
  public List<SecretFilter> finds() {
    return finds;
  }

  /** The ciphertexts to decrypt, in spec order. */
  public List<Ciphertext> ciphertexts() {
    return ciphertexts;
  }

  @Override
  public List<PolicySource> policySources() {
    List<PolicySource> sources = new ArrayList<>();
    selectors.forEach(s -> sources.add(PolicySource.name(s.secretId())));
    finds.forEach(f -> sources.add(PolicySource.namesUnder(f.namePrefix() == null ? "" : f.namePrefix())));
    ciphertexts.forEach(c -> sources.add(PolicySource.name("kms:" + (c.keyId() == null ? "(any key)" : c.keyId()))));
    return List.copyOf(new LinkedHashSet<>(sources));
  }

  @Override
  public Set<String> indexKeys() {
    return indexKeys;
  }

  /** By name for secrets read by id; a find may cover a secret under its prefix (tags cannot be checked here). */
  @Override
  public boolean mayRead(SourceChange change) {
    if (change.type() != SourceChange.Type.SECRET) {
      return false;
    }
    return indexKeys.contains(SourceIndexKeys.secret(change.name()))
        || finds.stream().anyMatch(f -> f.namePrefix() == null || change.name().startsWith(f.namePrefix()));
  }

  @Override
  public String describe(int keys) {
    Set<String> secretNames = new HashSet<>();
    selectors.forEach(s -> secretNames.add(SourceNames.secretName(s.secretId())));
    List<String> parts = new ArrayList<>();
    count(parts, secretNames.size(), "secret", "secrets");
    count(parts, (int) dataFrom.stream().filter(f -> f.filter() != null).count(), "find", "finds");
    count(parts, ciphertexts.size(), "ciphertext", "ciphertexts");
    return keys + (keys == 1 ? " key" : " keys") + " from " + String.join(", ", parts);
  }

  /**
   * The keys of what was read.
   *
   * @param byId every selector of the plan with its value (absent: not found)
   * @param found every find of the plan with the secrets it matched
   * @param decrypted every kms entry's key with its plaintext
   * @throws SyncFailure KeyCollision, SourceNotFound, values that cannot become keys
   */
  public Fetched assemble(Map<SecretSelector, SecretValue> byId, Map<SecretFilter, List<SecretValue>> found,
      Map<String, byte[]> decrypted) {
    List<KeyedValue> values = new ArrayList<>();
    List<SourceVersion> sources = new ArrayList<>();
    for (DataEntry entry : data) {
      SecretRef d = entry.spec();
      SecretValue v = require(byId, entry.selector());
      String origin = "secret " + entry.selector();
      byte[] bytes = entry.property() == null ? SecretValues.bytes(v)
          : SecretValues.utf8(entry.property().extract(SecretValues.text(v, origin), origin));
      bytes = ValueDecoding.decode(d.decodingOrDefault(), bytes,
          origin + (d.getProperty() == null ? "" : " property " + d.getProperty()));
      values.add(KeyedValue.explicit(d.getKey(), bytes, origin, d.overrideOrDefault()));
      sources.add(new SourceVersion(v.name(), v.versionId()));
    }
    for (FromEntry entry : dataFrom) {
      SecretDataFrom from = entry.spec();
      if (entry.selector() != null) {
        SecretValue v = require(byId, entry.selector());
        String origin = "secret " + from.getSecretId();
        SecretValues.fields(v, origin).forEach((field, value) -> {
          String fieldOrigin = origin + " (field " + field + ")";
          values.add(KeyedValue.derived(entry.rewriter().key(field, from.keyPrefixOrEmpty(), fieldOrigin),
              ValueDecoding.decode(from.decodingOrDefault(), SecretValues.utf8(value), fieldOrigin), fieldOrigin));
        });
        sources.add(new SourceVersion(v.name(), v.versionId()));
      } else {
        String base = from.getFind().getNamePrefix();
        for (SecretValue v : found.getOrDefault(entry.filter(), List.of())) {
          String origin = "find " + describe(entry.filter()) + " (secret " + v.name() + ")";
          String key = entry.rewriter().key(KeyDeriver.derive(from.keyStyleOrDefault(),
              KeyDeriver.relativeName(base, v.name())), from.keyPrefixOrEmpty(), origin);
          values.add(KeyedValue.derived(key, ValueDecoding.decode(from.decodingOrDefault(), SecretValues.bytes(v),
              origin), origin));
          sources.add(new SourceVersion(v.name(), v.versionId()));
        }
      }
    }
    for (Ciphertext c : ciphertexts) {
      byte[] plain = decrypted.get(c.key());
      if (plain == null) {
        throw new SyncFailure(Reason.DecryptionFailed, "kms entry " + c.key() + " was not decrypted");
      }
      values.add(KeyedValue.explicit(c.key(), plain, "kms entry " + c.key(), c.override()));
      sources.add(new SourceVersion("kms:" + c.key(), c.keyId()));
    }
    return new Fetched(SecretDataBuilder.build(values), Fetched.distinctSources(sources));
  }

  /** A short description of a find for messages. */
  public static String describe(SecretFilter f) {
    List<String> parts = new ArrayList<>();
    if (f.namePrefix() != null) {
      parts.add(f.namePrefix() + "*");
    }
    if (!f.tags().isEmpty()) {
      parts.add("tags " + new TreeMap<>(f.tags()));
    }
    return String.join(" ", parts);
  }

  private static SecretSelector selector(SecretRef d) {
    if (d.getKey() == null || d.getSecretId() == null || d.getSecretId().isBlank()) {
      throw SyncFailure.invalidSpec("each data entry needs key and secretId");
    }
    FieldLengths.check(d.getSecretId(), Limits.SECRET_ID, "data " + d.getKey() + ": secretId");
    FieldLengths.check(d.getVersionStage(), Limits.VERSION_STAGE, "data " + d.getKey() + ": versionStage");
    FieldLengths.check(d.getProperty(), Limits.PROPERTY, "data " + d.getKey() + ": property");
    if (d.getVersionId() != null && d.getVersionStage() != null) {
      throw SyncFailure.invalidSpec("data " + d.getKey() + " sets both versionId and versionStage; keep one");
    }
    return new SecretSelector(d.getSecretId(), d.getVersionId(), d.getVersionStage());
  }

  private static SecretFilter filter(SecretDataFrom from) {
    String prefix = from.getFind().getNamePrefix();
    if ((prefix == null || prefix.isEmpty()) && from.getFind().tagsOrEmpty().isEmpty()) {
      throw SyncFailure.invalidSpec("dataFrom[].find needs namePrefix or tags");
    }
    FieldLengths.check(prefix, Limits.FILTER_VALUE, "dataFrom[].find.namePrefix");
    from.getFind().tagsOrEmpty().forEach((k, v) -> {
      FieldLengths.check(k, Limits.FILTER_VALUE, "dataFrom[].find.tags key");
      FieldLengths.check(v, Limits.FILTER_VALUE, "dataFrom[].find.tags value of " + k);
    });
    return new SecretFilter(prefix, from.getFind().tagsOrEmpty());
  }

  private static SecretValue require(Map<SecretSelector, SecretValue> byId, SecretSelector sel) {
    SecretValue v = byId.get(sel);
    if (v == null) {
      throw new SyncFailure(Reason.SourceNotFound, "secret " + sel + " was not found");
    }
    return v;
  }

  private static void count(List<String> parts, int n, String one, String many) {
    if (n > 0) {
      parts.add(n + " " + (n == 1 ? one : many));
    }
  }
}
