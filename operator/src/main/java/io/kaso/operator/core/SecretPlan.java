package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.api.v1alpha1.SourceVersion;
import io.kaso.operator.core.SecretSpecEntries.DataEntry;
import io.kaso.operator.core.SecretSpecEntries.FromEntry;
import io.kaso.operator.source.SecretFilter;
import io.kaso.operator.source.SecretSelector;
import io.kaso.operator.source.SecretValue;
import java.util.ArrayList;
import java.util.HashMap;
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
  private final List<DataEntry> data;
  private final List<FromEntry> dataFrom;
  private final List<Ciphertext> ciphertexts;
  private final List<SecretSelector> selectors;
  private final List<SecretFilter> finds;
  private final Map<SecretFilter, NameRegexp> regexps;
  private final List<String> tagReads;
  private final Set<String> indexKeys;

  private SecretPlan(List<DataEntry> data, List<FromEntry> dataFrom, List<Ciphertext> ciphertexts) {
    this.data = data;
    this.dataFrom = dataFrom;
    this.ciphertexts = ciphertexts;
    LinkedHashSet<SecretSelector> sels = new LinkedHashSet<>();
    LinkedHashSet<SecretFilter> filters = new LinkedHashSet<>();
    LinkedHashSet<String> tagIds = new LinkedHashSet<>();
    for (DataEntry d : data) {
      if (d.selector() != null) {
        sels.add(d.selector());
      } else {
        tagIds.add(d.tagsOf());
      }
    }
    for (FromEntry f : dataFrom) {
      if (f.selector() != null) {
        sels.add(f.selector());
      } else if (f.filter() != null) {
        filters.add(f.filter());
      } else {
        tagIds.add(f.tagsOf());
      }
    }
    this.selectors = List.copyOf(sels);
    this.finds = List.copyOf(filters);
    this.tagReads = List.copyOf(tagIds);
    Map<SecretFilter, NameRegexp> compiled = new HashMap<>();
    finds.stream().filter(f -> f.nameRegexp() != null).forEach(f -> compiled.put(f,
        NameRegexp.compile(f.nameRegexp(), "dataFrom[].find.nameRegexp")));
    this.regexps = Map.copyOf(compiled);
    Set<String> keys = new LinkedHashSet<>();
    selectors.forEach(s -> keys.add(SourceIndexKeys.secret(SourceNames.secretName(s.secretId()))));
    tagReads.forEach(id -> keys.add(SourceIndexKeys.secret(SourceNames.secretName(id))));
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
    List<DataEntry> data = SecretSpecEntries.data(spec);
    List<FromEntry> dataFrom = SecretSpecEntries.dataFrom(spec);
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

  /** The secrets (ids as written) whose tags are read (metadataPolicy: Fetch). */
  public List<String> tagReads() {
    return tagReads;
  }

  /**
   * Whether a listed secret's name matches the find's nameRegexp (true when it has none): the names a find with a
   * nameRegexp reads (see SecretStore#find with a predicate).
   */
  public boolean matches(SecretFilter find, String name) {
    NameRegexp regexp = regexps.get(find);
    return regexp == null || regexp.matches(name);
  }

  /** The ciphertexts to decrypt, in spec order. */
  public List<Ciphertext> ciphertexts() {
    return ciphertexts;
  }

  @Override
  public List<PolicySource> policySources() {
    List<PolicySource> sources = new ArrayList<>();
    selectors.forEach(s -> sources.add(PolicySource.name(s.secretId())));
    tagReads.forEach(id -> sources.add(PolicySource.name(id)));
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
    tagReads.forEach(id -> secretNames.add(SourceNames.secretName(id)));
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
    return assemble(byId, found, decrypted, Map.of());
  }

  /**
   * The keys of what was read, tags included.
   *
   * @param tags every secret of {@link #tagReads()} with its tags
   * @throws SyncFailure KeyCollision, SourceNotFound (also for a missing tag), values that cannot become keys
   */
  public Fetched assemble(Map<SecretSelector, SecretValue> byId, Map<SecretFilter, List<SecretValue>> found,
      Map<String, byte[]> decrypted, Map<String, Map<String, String>> tags) {
    List<KeyedValue> values = new ArrayList<>();
    List<SourceVersion> sources = new ArrayList<>();
    for (DataEntry entry : data) {
      SecretRef d = entry.spec();
      if (entry.tagsOf() != null) {
        String origin = "secret " + d.getSecretId();
        byte[] bytes = ValueDecoding.decode(d.decodingOrDefault(),
            Tags.value(requireTags(tags, d.getSecretId()), d.getProperty(), origin),
            origin + (d.getProperty() == null ? " tags" : " tag " + d.getProperty()));
        values.add(KeyedValue.explicit(d.getKey(), bytes, origin + " (tags)", d.overrideOrDefault()));
        sources.add(new SourceVersion(SourceNames.secretName(d.getSecretId()), Tags.VERSION));
        continue;
      }
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
      if (entry.tagsOf() != null) {
        String origin = "secret " + from.getSecretId();
        new TreeMap<>(requireTags(tags, from.getSecretId())).forEach((tag, value) -> {
          String tagOrigin = origin + " (tag " + tag + ")";
          values.add(KeyedValue.derived(entry.rewriter().key(tag, from.keyPrefixOrEmpty(), tagOrigin),
              ValueDecoding.decode(from.decodingOrDefault(), SecretValues.utf8(value), tagOrigin), tagOrigin));
        });
        sources.add(new SourceVersion(SourceNames.secretName(from.getSecretId()), Tags.VERSION));
      } else if (entry.selector() != null) {
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
    if (f.nameRegexp() != null) {
      parts.add("matching /" + f.nameRegexp() + "/");
    }
    return String.join(" ", parts);
  }

  private static Map<String, String> requireTags(Map<String, Map<String, String>> tags, String secretId) {
    Map<String, String> t = tags.get(secretId);
    if (t == null) {
      throw new SyncFailure(Reason.SourceNotFound, "the tags of secret " + secretId + " were not read");
    }
    return t;
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
