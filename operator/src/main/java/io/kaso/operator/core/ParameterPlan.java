package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;
import io.kaso.operator.api.v1alpha1.KeyStyle;
import io.kaso.operator.api.v1alpha1.Limits;
import io.kaso.operator.api.v1alpha1.MetadataPolicy;
import io.kaso.operator.api.v1alpha1.ParameterDataFrom;
import io.kaso.operator.api.v1alpha1.ParameterPath;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.api.v1alpha1.SourceVersion;
import io.kaso.operator.source.Parameter;
import io.kaso.operator.source.ParameterSelector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an ExternalParameter reads (paths and named parameters) and how what was read becomes keys. Built once per
 * sync from the spec, which it validates.
 */
public final class ParameterPlan implements SourcePlan {

  /**
   * One path read: each distinct (path, recursive, tags) is read once.
   *
   * @param tags the tags every parameter read must carry; empty for all parameters (GetParametersByPath)
   */
  public record PathRead(String path, boolean recursive, Map<String, String> tags) {
    public PathRead {
      tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public PathRead(String path, boolean recursive) {
      this(path, recursive, Map.of());
    }
  }

  /** A path entry of the spec with its read, its name filter (null: every name) and its key rewrites. */
  private record PathEntry(ParameterPath spec, PathRead read, NameRegexp regexp, KeyRewriter rewriter) {}

  /**
   * A parameters entry of the spec with its selector and its property (null: the whole value); tags: it reads the
   * parameter's tags, not its value.
   */
  private record NameEntry(ParameterRef spec, ParameterSelector selector, JsonProperty property, boolean tags) {}

  /** A dataFrom entry of the spec: a parameter holding a JSON object, split into keys. */
  private record FromEntry(ParameterDataFrom spec, ParameterSelector selector, KeyRewriter rewriter) {}

  private final List<PathEntry> pathEntries;
  private final List<NameEntry> nameEntries;
  private final List<FromEntry> fromEntries;
  private final List<PathRead> paths;
  private final List<ParameterSelector> selectors;
  private final List<String> tagReads;
  private final Set<String> indexKeys;

  private ParameterPlan(List<PathEntry> pathEntries, List<NameEntry> nameEntries, List<FromEntry> fromEntries) {
    this.pathEntries = pathEntries;
    this.nameEntries = nameEntries;
    this.fromEntries = fromEntries;
    this.paths = List.copyOf(new LinkedHashSet<>(pathEntries.stream().map(PathEntry::read).toList()));
    // dataFrom parameters are read like parameters: the same GetParameters batches, events, policy and cache.
    LinkedHashSet<ParameterSelector> sels = new LinkedHashSet<>();
    nameEntries.stream().filter(e -> !e.tags()).forEach(e -> sels.add(e.selector()));
    fromEntries.forEach(e -> sels.add(e.selector()));
    this.selectors = List.copyOf(sels);
    this.tagReads = List.copyOf(new LinkedHashSet<>(nameEntries.stream().filter(NameEntry::tags)
        .map(e -> e.selector().name()).toList()));
    this.indexKeys = keysOf(paths, selectors, tagReads);
  }

  /**
   * The plan of a spec.
   *
   * @throws SyncFailure InvalidSpec when the spec cannot work as written
   */
  public static ParameterPlan of(ExternalParameterSpec spec) {
    if (spec == null || (spec.pathsOrEmpty().isEmpty() && spec.parametersOrEmpty().isEmpty()
        && spec.dataFromOrEmpty().isEmpty())) {
      throw SyncFailure.invalidSpec("nothing to read: set spec.paths, spec.parameters or spec.dataFrom");
    }
    List<PathEntry> pathEntries = new ArrayList<>();
    spec.pathsOrEmpty().forEach(p -> pathEntries.add(pathEntry(p)));
    List<NameEntry> nameEntries = new ArrayList<>();
    spec.parametersOrEmpty().forEach(r -> nameEntries.add(nameEntry(r)));
    List<FromEntry> fromEntries = new ArrayList<>();
    for (int i = 0; i < spec.dataFromOrEmpty().size(); i++) {
      fromEntries.add(fromEntry(spec.dataFromOrEmpty().get(i), "dataFrom[" + i + "]"));
    }
    return new ParameterPlan(List.copyOf(pathEntries), List.copyOf(nameEntries), List.copyOf(fromEntries));
  }

  private static PathEntry pathEntry(ParameterPath p) {
    FieldLengths.check(p.getPath(), Limits.PARAMETER_NAME, "paths[].path");
    if (p.getPath() == null || !p.getPath().startsWith("/")) {
      throw SyncFailure.invalidSpec("paths[].path must start with '/' (got '" + p.getPath() + "')");
    }
    checkPrefix(p.keyPrefixOrEmpty(), "paths[" + p.getPath() + "].keyPrefix");
    Tags.checkFilter(p.tagsOrEmpty(), "paths[" + p.getPath() + "].tags");
    NameRegexp regexp = p.getNameRegexp() == null ? null
        : NameRegexp.compile(p.getNameRegexp(), "paths[" + p.getPath() + "].nameRegexp");
    return new PathEntry(p, new PathRead(p.getPath(), p.recursiveOrDefault(), p.tagsOrEmpty()), regexp,
        KeyRewriter.of(p.getRewrite(), "paths[" + p.getPath() + "].rewrite"));
  }

  private static NameEntry nameEntry(ParameterRef r) {
    ParameterSelector selector = selector(r.getName(), r.getVersion(), r.getLabel(), "parameters");
    FieldLengths.check(r.getProperty(), Limits.PROPERTY, "parameter " + r.getName() + ": property");
    boolean tags = r.metadataPolicyOrDefault() == MetadataPolicy.Fetch;
    if (tags && (r.getVersion() != null || r.getLabel() != null)) {
      throw SyncFailure.invalidSpec("parameter " + r.getName() + " reads tags (metadataPolicy: Fetch), which have "
          + "no versions: remove version and label");
    }
    if (tags && SourceNames.referencedSecret(r.getName()).isPresent()) {
      throw SyncFailure.invalidSpec("parameter " + r.getName() + " is a Secrets Manager reference, which has no tags "
          + "of its own: read the secret's tags with an ExternalSecret (metadataPolicy: Fetch)");
    }
    return new NameEntry(r, selector, tags || r.getProperty() == null ? null : JsonProperty.of(r.getProperty(), keyOf(r)),
        tags);
  }

  private static FromEntry fromEntry(ParameterDataFrom from, String field) {
    checkPrefix(from.keyPrefixOrEmpty(), field + ".keyPrefix");
    return new FromEntry(from, selector(from.getName(), from.getVersion(), from.getLabel(), "dataFrom"),
        KeyRewriter.of(from.getRewrite(), field + ".rewrite"));
  }

  /** The distinct path reads. */
  public List<PathRead> paths() {
    return paths;
  }

  /** The distinct parameter selectors. */
  public List<ParameterSelector> selectors() {
    return selectors;
  }

  /** The parameters (names) whose tags are read (metadataPolicy: Fetch). */
  public List<String> tagReads() {
    return tagReads;
  }

  @Override
  public List<PolicySource> policySources() {
    List<PolicySource> sources = new ArrayList<>();
    paths.forEach(p -> sources.add(PolicySource.path(p.path())));
    selectors.forEach(s -> sources.add(PolicySource.name(s.name())));
    tagReads.forEach(name -> sources.add(PolicySource.name(name)));
    return List.copyOf(new LinkedHashSet<>(sources));
  }

  @Override
  public Set<String> indexKeys() {
    return indexKeys;
  }

  private static Set<String> keysOf(List<PathRead> paths, List<ParameterSelector> selectors, List<String> tagReads) {
    Set<String> keys = new LinkedHashSet<>();
    paths.forEach(p -> keys.add(SourceIndexKeys.path(p.path(), p.recursive())));
    for (ParameterSelector s : selectors) {
      keys.add(SourceIndexKeys.parameter(s.name()));
      SourceNames.referencedSecret(s.name()).ifPresent(secret -> keys.add(SourceIndexKeys.secret(secret)));
    }
    tagReads.forEach(name -> keys.add(SourceIndexKeys.parameter(name)));
    return Set.copyOf(keys);
  }

  @Override
  public boolean mayRead(SourceChange change) {
    return SourceIndexKeys.candidates(change).stream().anyMatch(indexKeys::contains);
  }

  @Override
  public String describe(int keys) {
    int pathCount = (int) paths.stream().map(PathRead::path).distinct().count();
    Set<String> names = new LinkedHashSet<>(tagReads);
    selectors.forEach(s -> names.add(s.name()));
    int parameterCount = names.size();
    List<String> parts = new ArrayList<>();
    if (pathCount > 0) {
      parts.add(pathCount + (pathCount == 1 ? " path" : " paths"));
    }
    if (parameterCount > 0) {
      parts.add(parameterCount + (parameterCount == 1 ? " parameter" : " parameters"));
    }
    return keys + (keys == 1 ? " key" : " keys") + " from " + String.join(", ", parts);
  }

  /**
   * The keys of the parameters read.
   *
   * @param byPath what each path read returned
   * @param byName what each selector returned (a selector that is absent was not found)
   * @throws SyncFailure KeyCollision, invalid keys, SourceNotFound, or a JSON property that cannot be read
   */
  public Fetched assemble(Map<PathRead, List<Parameter>> byPath, Map<ParameterSelector, Parameter> byName) {
    return assemble(byPath, byName, Map.of());
  }

  /**
   * The keys of the parameters read, tags included.
   *
   * @param tags every name of {@link #tagReads()} with its tags
   * @throws SyncFailure as {@link #assemble(Map, Map)}, and SourceNotFound for a tag the parameter does not carry
   */
  public Fetched assemble(Map<PathRead, List<Parameter>> byPath, Map<ParameterSelector, Parameter> byName,
      Map<String, Map<String, String>> tags) {
    List<KeyedValue> values = new ArrayList<>();
    List<SourceVersion> sources = new ArrayList<>();
    for (PathEntry entry : pathEntries) {
      ParameterPath p = entry.spec();
      String origin = "path " + p.getPath();
      for (Parameter param : byPath.getOrDefault(entry.read(), List.of())) {
        if (entry.regexp() != null && !entry.regexp().matches(param.name())) {
          continue;
        }
        String paramOrigin = origin + " (parameter " + param.name() + ")";
        String key = entry.rewriter().key(
            KeyDeriver.derive(p.keyStyleOrDefault(), KeyDeriver.relativeName(p.getPath(), param.name())),
            p.keyPrefixOrEmpty(), paramOrigin);
        values.add(KeyedValue.derived(key, utf8(param.value()), paramOrigin));
        sources.add(new SourceVersion(param.name(), Long.toString(param.version())));
      }
    }
    for (NameEntry entry : nameEntries) {
      ParameterRef r = entry.spec();
      if (entry.tags()) {
        Map<String, String> t = tags.get(r.getName());
        if (t == null) {
          throw new SyncFailure(Reason.SourceNotFound, "the tags of parameter " + r.getName() + " were not read");
        }
        String origin = "parameter " + r.getName();
        byte[] tagValue = ValueDecoding.decode(r.decodingOrDefault(), Tags.value(t, r.getProperty(), origin),
            origin + " (tags)");
        values.add(KeyedValue.explicit(keyOf(r), tagValue, origin + " (tags)", r.overrideOrDefault()));
        sources.add(new SourceVersion(r.getName(), Tags.VERSION));
        continue;
      }
      Parameter param = require(byName, entry.selector());
      String origin = "parameter " + entry.selector().wireName();
      String value = entry.property() == null ? param.value() : entry.property().extract(param.value(), origin);
      byte[] bytes = ValueDecoding.decode(r.decodingOrDefault(), utf8(value),
          origin + (r.getProperty() == null ? "" : " property " + r.getProperty()));
      values.add(KeyedValue.explicit(keyOf(r), bytes, origin, r.overrideOrDefault()));
      sources.add(new SourceVersion(param.name(), Long.toString(param.version())));
    }
    for (FromEntry entry : fromEntries) {
      ParameterDataFrom from = entry.spec();
      Parameter param = require(byName, entry.selector());
      String origin = "parameter " + entry.selector().wireName();
      JsonFields.of(param.value(), "dataFrom " + origin, "use parameters with a key instead").forEach((field, v) -> {
        String fieldOrigin = origin + " (field " + field + ")";
        values.add(KeyedValue.derived(entry.rewriter().key(field, from.keyPrefixOrEmpty(), fieldOrigin),
            ValueDecoding.decode(from.decodingOrDefault(), utf8(v), fieldOrigin), fieldOrigin));
      });
      sources.add(new SourceVersion(param.name(), Long.toString(param.version())));
    }
    return new Fetched(SecretDataBuilder.build(values), Fetched.distinctSources(sources));
  }

  private static ParameterSelector selector(String name, Long version, String label, String list) {
    if (name == null || name.isBlank()) {
      throw SyncFailure.invalidSpec(list + "[].name is required");
    }
    FieldLengths.check(name, Limits.PARAMETER_NAME, list + "[].name");
    FieldLengths.check(label, Limits.PARAMETER_LABEL, "parameter " + name + ": label");
    if (version != null && label != null) {
      throw SyncFailure.invalidSpec("parameter " + name + " sets both version and label; keep one");
    }
    if (version != null && version < 1) {
      throw SyncFailure.invalidSpec("parameter " + name + ": version must be 1 or more");
    }
    return new ParameterSelector(name, version, label);
  }

  /** The key of a parameters entry: its key, or the last segment of its name in EnvVar style. */
  private static String keyOf(ParameterRef r) {
    return r.getKey() != null ? r.getKey() : KeyDeriver.derive(KeyStyle.EnvVar, KeyDeriver.basename(r.getName()));
  }

  private static Parameter require(Map<ParameterSelector, Parameter> byName, ParameterSelector sel) {
    Parameter param = byName.get(sel);
    if (param == null) {
      throw new SyncFailure(Reason.SourceNotFound, "parameter " + sel.wireName() + " was not found");
    }
    return param;
  }

  static void checkPrefix(String prefix, String field) {
    FieldLengths.check(prefix, Limits.KUBERNETES_NAME, field);
    if (!prefix.isEmpty() && !KeyDeriver.VALID_KEY.matcher(prefix).matches()) {
      throw SyncFailure.invalidSpec(field + " '" + prefix + "' may only contain letters, digits, '-', '_', '.'");
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
