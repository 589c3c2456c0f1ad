package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.CiphertextFormat;
import io.kaso.operator.api.v1alpha1.Decoding;
import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.api.v1alpha1.KmsValue;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.api.v1alpha1.SourceVersion;
import io.kaso.operator.core.Json.JsonObject;
import io.kaso.operator.source.SecretFilter;
import io.kaso.operator.source.SecretSelector;
import io.kaso.operator.source.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** What an ExternalSecret reads (secrets, finds, ciphertexts), and how what was read becomes keys. */
public final class SecretSources {
  /** KMS Decrypt takes a CiphertextBlob of at most 6144 bytes (plaintext of at most 4 KB). */
  public static final int MAX_RAW_CIPHERTEXT = 6144;
  private static final Pattern KEY_ARN = Pattern.compile("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/.+$");

  private SecretSources() {}

  /** A KMS entry, decoded and checked. */
  public record Ciphertext(String key, byte[] blob, CiphertextFormat format, String keyId,
      Map<String, String> context) {}

  /** The distinct reads of a spec. */
  public record Plan(List<SecretSelector> selectors, List<SecretFilter> finds, List<Ciphertext> ciphertexts) {}

  /**
   * The reads a spec needs.
   *
   * @throws SyncFailure InvalidSpec when the spec cannot work as written
   */
  public static Plan plan(ExternalSecretSpec spec) {
    if (spec == null || (spec.dataOrEmpty().isEmpty() && spec.dataFromOrEmpty().isEmpty()
        && spec.kmsOrEmpty().isEmpty())) {
      throw SyncFailure.invalidSpec("nothing to read: set spec.data, spec.dataFrom or spec.kms");
    }
    LinkedHashSet<SecretSelector> selectors = new LinkedHashSet<>();
    spec.dataOrEmpty().forEach(d -> selectors.add(selector(d)));
    LinkedHashSet<SecretFilter> finds = new LinkedHashSet<>();
    for (SecretDataFrom from : spec.dataFromOrEmpty()) {
      ParameterSources.checkPrefix(from.keyPrefixOrEmpty(), "dataFrom[].keyPrefix");
      if ((from.getSecretId() == null) == (from.getFind() == null)) {
        throw SyncFailure.invalidSpec("each dataFrom entry needs exactly one of secretId and find");
      }
      if (from.getSecretId() != null) {
        selectors.add(SecretSelector.current(from.getSecretId()));
      } else {
        finds.add(filter(from));
      }
    }
    List<Ciphertext> ciphertexts = new ArrayList<>();
    for (KmsValue k : spec.kmsOrEmpty()) {
      ciphertexts.add(ciphertext(k));
    }
    return new Plan(List.copyOf(selectors), List.copyOf(finds), List.copyOf(ciphertexts));
  }

  /** The names a spec reads, for the namespace policy: secret ids, find prefixes, kms:&lt;keyId&gt;. */
  public static List<String> policySources(ExternalSecretSpec spec) {
    Plan plan = plan(spec);
    List<String> names = new ArrayList<>();
    plan.selectors().forEach(s -> names.add(s.secretId()));
    plan.finds().forEach(f -> names.add(f.namePrefix() == null ? "" : f.namePrefix()));
    plan.ciphertexts().forEach(c -> names.add("kms:" + (c.keyId() == null ? "(any key)" : c.keyId())));
    return names;
  }

  /**
   * The keys of what was read.
   *
   * @param byId every selector of the plan with its value
   * @param found every find of the plan with the secrets it matched
   * @param decrypted every kms entry's key with its plaintext
   */
  public static Fetched assemble(ExternalSecretSpec spec, Map<SecretSelector, SecretValue> byId,
      Map<SecretFilter, List<SecretValue>> found, Map<String, byte[]> decrypted) {
    List<KeyedValue> values = new ArrayList<>();
    List<SourceVersion> sources = new ArrayList<>();
    for (SecretRef d : spec.dataOrEmpty()) {
      SecretSelector sel = selector(d);
      SecretValue v = require(byId, sel);
      String origin = "secret " + sel;
      byte[] bytes = d.getProperty() == null ? bytes(v) : utf8(JsonProperty.extract(text(v, origin), d.getProperty(),
          origin));
      if (d.decodingOrDefault() == Decoding.Base64) {
        bytes = base64(bytes, origin + (d.getProperty() == null ? "" : " property " + d.getProperty()));
      }
      values.add(KeyedValue.explicit(d.getKey(), bytes, origin, d.overrideOrDefault()));
      sources.add(new SourceVersion(v.name(), v.versionId()));
    }
    for (SecretDataFrom from : spec.dataFromOrEmpty()) {
      if (from.getSecretId() != null) {
        SecretValue v = require(byId, SecretSelector.current(from.getSecretId()));
        String origin = "secret " + from.getSecretId();
        if (!(parseObject(v, origin) instanceof JsonObject obj)) {
          throw SyncFailure.invalidSpec("dataFrom secret " + from.getSecretId()
              + " is not a JSON object, so it cannot be split into keys (use data with a key instead)");
        }
        obj.members().forEach((field, value) -> values.add(KeyedValue.derived(from.keyPrefixOrEmpty() + field,
            utf8(Json.secretText(value)), origin + " (field " + field + ")")));
        sources.add(new SourceVersion(v.name(), v.versionId()));
      } else {
        SecretFilter filter = filter(from);
        String base = from.getFind().getNamePrefix();
        for (SecretValue v : found.getOrDefault(filter, List.of())) {
          String key = from.keyPrefixOrEmpty() + KeyDeriver.derive(from.keyStyleOrDefault(),
              KeyDeriver.relativeName(base, v.name()));
          values.add(KeyedValue.derived(key, bytes(v), "find " + describe(filter) + " (secret " + v.name() + ")"));
          sources.add(new SourceVersion(v.name(), v.versionId()));
        }
      }
    }
    for (KmsValue k : spec.kmsOrEmpty()) {
      byte[] plain = decrypted.get(k.getKey());
      if (plain == null) {
        throw new SyncFailure(Reason.DecryptionFailed, "kms entry " + k.getKey() + " was not decrypted");
      }
      values.add(KeyedValue.explicit(k.getKey(), plain, "kms entry " + k.getKey(), k.overrideOrDefault()));
      sources.add(new SourceVersion("kms:" + k.getKey(), k.getKeyId()));
    }
    return new Fetched(SecretDataBuilder.build(values), Fetched.distinctSources(sources));
  }

  /** The selector of a data entry. */
  public static SecretSelector selector(SecretRef d) {
    if (d.getKey() == null || d.getSecretId() == null || d.getSecretId().isBlank()) {
      throw SyncFailure.invalidSpec("each data entry needs key and secretId");
    }
    if (d.getVersionId() != null && d.getVersionStage() != null) {
      throw SyncFailure.invalidSpec("data " + d.getKey() + " sets both versionId and versionStage; keep one");
    }
    return new SecretSelector(d.getSecretId(), d.getVersionId(), d.getVersionStage());
  }

  /** The filter of a find entry. */
  public static SecretFilter filter(SecretDataFrom from) {
    String prefix = from.getFind().getNamePrefix();
    if ((prefix == null || prefix.isEmpty()) && from.getFind().tagsOrEmpty().isEmpty()) {
      throw SyncFailure.invalidSpec("dataFrom[].find needs namePrefix or tags");
    }
    return new SecretFilter(prefix, from.getFind().tagsOrEmpty());
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

  private static Ciphertext ciphertext(KmsValue k) {
    if (k.getKey() == null || k.getCiphertext() == null) {
      throw SyncFailure.invalidSpec("each kms entry needs key and ciphertext");
    }
    byte[] blob;
    try {
      blob = Base64.getMimeDecoder().decode(k.getCiphertext().strip());
    } catch (IllegalArgumentException e) {
      throw SyncFailure.invalidSpec("kms entry " + k.getKey() + ": ciphertext is not base64 (" + e.getMessage() + ")");
    }
    if (blob.length == 0) {
      throw SyncFailure.invalidSpec("kms entry " + k.getKey() + ": ciphertext is empty");
    }
    CiphertextFormat format = k.formatOrDefault();
    if (format == CiphertextFormat.Raw && blob.length > MAX_RAW_CIPHERTEXT) {
      throw SyncFailure.invalidSpec("kms entry " + k.getKey() + ": a Raw ciphertext is at most " + MAX_RAW_CIPHERTEXT
          + " bytes (KMS Decrypt takes 4 KB of plaintext), this one has " + blob.length + "; encrypt larger values "
          + "with the AWS Encryption SDK and set format: EncryptionSdk");
    }
    if (format == CiphertextFormat.EncryptionSdk && (k.getKeyId() == null || !KEY_ARN.matcher(k.getKeyId()).matches())) {
      throw SyncFailure.invalidSpec("kms entry " + k.getKey() + ": format EncryptionSdk needs keyId set to the KMS "
          + "key ARN (arn:aws:kms:<region>:<account>:key/<id>)");
    }
    return new Ciphertext(k.getKey(), blob, format, k.getKeyId(), Map.copyOf(k.encryptionContextOrEmpty()));
  }

  private static SecretValue require(Map<SecretSelector, SecretValue> byId, SecretSelector sel) {
    SecretValue v = byId.get(sel);
    if (v == null) {
      throw new SyncFailure(Reason.SourceNotFound, "secret " + sel + " was not found");
    }
    return v;
  }

  private static Json.Value parseObject(SecretValue v, String origin) {
    if (v.isBinary()) {
      throw SyncFailure.invalidSpec("dataFrom " + origin + " holds SecretBinary, so it cannot be split into keys "
          + "(use data with a key instead)");
    }
    try {
      return Json.parse(text(v, origin));
    } catch (Json.NotJsonException e) {
      throw SyncFailure.invalidSpec("dataFrom " + origin + " is " + e.getMessage()
          + ", so it cannot be split into keys (use data with a key instead)");
    }
  }

  private static String text(SecretValue v, String origin) {
    if (v.isBinary()) {
      throw new SyncFailure(Reason.SyncFailed, origin + " holds SecretBinary, which has no JSON properties");
    }
    return v.string() == null ? "" : v.string();
  }

  private static byte[] bytes(SecretValue v) {
    return v.isBinary() ? v.binary().clone() : utf8(v.string() == null ? "" : v.string());
  }

  private static byte[] base64(byte[] text, String origin) {
    try {
      return Base64.getMimeDecoder().decode(new String(text, StandardCharsets.UTF_8).strip());
    } catch (IllegalArgumentException e) {
      throw new SyncFailure(Reason.SyncFailed, origin + " is not base64 text, so decoding: Base64 cannot apply");
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

}
