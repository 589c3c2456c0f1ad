package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.api.v1alpha1.Limits;
import io.kaso.operator.api.v1alpha1.MetadataPolicy;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.source.SecretFilter;
import io.kaso.operator.source.SecretSelector;
import java.util.ArrayList;
import java.util.List;

/** The data and dataFrom entries of an ExternalSecret spec, validated, each with what it reads (for SecretPlan). */
final class SecretSpecEntries {

  /**
   * A data entry of the spec with its selector and its property (null: the whole value); selector null when it reads
   * the tags of secret tagsOf instead.
   */
  record DataEntry(SecretRef spec, SecretSelector selector, JsonProperty property, String tagsOf) {}

  /**
   * A dataFrom entry: a whole secret split into keys (selector set), a find (filter set), or a secret's tags as keys
   * (tagsOf set).
   */
  record FromEntry(SecretDataFrom spec, SecretSelector selector, SecretFilter filter, String tagsOf,
      KeyRewriter rewriter) {}

  private SecretSpecEntries() {}

  /**
   * @throws SyncFailure InvalidSpec for an entry that cannot work as written
   */
  static List<DataEntry> data(ExternalSecretSpec spec) {
    List<DataEntry> data = new ArrayList<>();
    for (SecretRef d : spec.dataOrEmpty()) {
      SecretSelector sel = selector(d);
      if (d.metadataPolicyOrDefault() == MetadataPolicy.Fetch) {
        data.add(new DataEntry(d, null, null, tagsOf(d)));  // property names a tag, not a JSON path
      } else {
        data.add(new DataEntry(d, sel, d.getProperty() == null ? null : JsonProperty.of(d.getProperty(), d.getKey()),
            null));
      }
    }
    return List.copyOf(data);
  }

  /**
   * @throws SyncFailure InvalidSpec for an entry that cannot work as written
   */
  static List<FromEntry> dataFrom(ExternalSecretSpec spec) {
    List<FromEntry> dataFrom = new ArrayList<>();
    for (int i = 0; i < spec.dataFromOrEmpty().size(); i++) {
      SecretDataFrom from = spec.dataFromOrEmpty().get(i);
      ParameterPlan.checkPrefix(from.keyPrefixOrEmpty(), "dataFrom[].keyPrefix");
      if ((from.getSecretId() == null) == (from.getFind() == null)) {
        throw SyncFailure.invalidSpec("each dataFrom entry needs exactly one of secretId and find");
      }
      FieldLengths.check(from.getSecretId(), Limits.SECRET_ID, "dataFrom[].secretId");
      KeyRewriter rewriter = KeyRewriter.of(from.getRewrite(), "dataFrom[" + i + "].rewrite");
      boolean fetchTags = from.metadataPolicyOrDefault() == MetadataPolicy.Fetch;
      if (fetchTags && from.getFind() != null) {
        throw SyncFailure.invalidSpec("dataFrom[" + i + "].metadataPolicy: Fetch needs secretId (a find reads values)");
      }
      if (from.getSecretId() != null && from.getSecretId().isBlank()) {
        throw SyncFailure.invalidSpec("dataFrom[" + i + "].secretId is empty");
      }
      if (fetchTags) {
        dataFrom.add(new FromEntry(from, null, null, from.getSecretId(), rewriter));
      } else {
        dataFrom.add(from.getSecretId() != null
            ? new FromEntry(from, SecretSelector.current(from.getSecretId()), null, null, rewriter)
            : new FromEntry(from, null, filter(from), null, rewriter));
      }
    }
    return List.copyOf(dataFrom);
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

  private static String tagsOf(SecretRef d) {
    if (d.getVersionId() != null || d.getVersionStage() != null) {
      throw SyncFailure.invalidSpec("data " + d.getKey() + " reads tags (metadataPolicy: Fetch), which have no "
          + "versions: remove versionId and versionStage");
    }
    return d.getSecretId();
  }

  private static SecretFilter filter(SecretDataFrom from) {
    String prefix = from.getFind().getNamePrefix();
    String regexp = from.getFind().getNameRegexp();
    if ((prefix == null || prefix.isEmpty()) && from.getFind().tagsOrEmpty().isEmpty() && regexp == null) {
      throw SyncFailure.invalidSpec("dataFrom[].find needs namePrefix, nameRegexp or tags");
    }
    FieldLengths.check(prefix, Limits.FILTER_VALUE, "dataFrom[].find.namePrefix");
    from.getFind().tagsOrEmpty().forEach((k, v) -> {
      FieldLengths.check(k, Limits.FILTER_VALUE, "dataFrom[].find.tags key");
      FieldLengths.check(v, Limits.FILTER_VALUE, "dataFrom[].find.tags value of " + k);
    });
    return new SecretFilter(prefix, from.getFind().tagsOrEmpty(), regexp);
  }
}
