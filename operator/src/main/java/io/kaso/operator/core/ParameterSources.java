package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;
import io.kaso.operator.api.v1alpha1.KeyStyle;
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

/** What an ExternalParameter reads, and how the parameters read become keys. */
public final class ParameterSources {

  private ParameterSources() {}

  /** The path reads of a spec, each path once. */
  public record PathRead(String path, boolean recursive) {}

  /**
   * The reads a spec needs.
   *
   * @throws SyncFailure InvalidSpec when the spec cannot work as written
   */
  public static Plan plan(ExternalParameterSpec spec) {
    if (spec == null || (spec.pathsOrEmpty().isEmpty() && spec.parametersOrEmpty().isEmpty())) {
      throw SyncFailure.invalidSpec("nothing to read: set spec.paths or spec.parameters");
    }
    LinkedHashSet<PathRead> paths = new LinkedHashSet<>();
    for (ParameterPath p : spec.pathsOrEmpty()) {
      if (p.getPath() == null || !p.getPath().startsWith("/")) {
        throw SyncFailure.invalidSpec("paths[].path must start with '/' (got '" + p.getPath() + "')");
      }
      checkPrefix(p.keyPrefixOrEmpty(), "paths[" + p.getPath() + "].keyPrefix");
      paths.add(new PathRead(p.getPath(), p.recursiveOrDefault()));
    }
    LinkedHashSet<ParameterSelector> selectors = new LinkedHashSet<>();
    for (ParameterRef r : spec.parametersOrEmpty()) {
      selectors.add(selector(r));
    }
    return new Plan(List.copyOf(paths), List.copyOf(selectors));
  }

  /** The distinct path reads and parameter selectors of a spec. */
  public record Plan(List<PathRead> paths, List<ParameterSelector> selectors) {}

  /** The selector of an explicit parameter entry. */
  public static ParameterSelector selector(ParameterRef r) {
    if (r.getName() == null || r.getName().isBlank()) {
      throw SyncFailure.invalidSpec("parameters[].name is required");
    }
    if (r.getVersion() != null && r.getLabel() != null) {
      throw SyncFailure.invalidSpec("parameter " + r.getName() + " sets both version and label; keep one");
    }
    if (r.getVersion() != null && r.getVersion() < 1) {
      throw SyncFailure.invalidSpec("parameter " + r.getName() + ": version must be 1 or more");
    }
    return new ParameterSelector(r.getName(), r.getVersion(), r.getLabel());
  }

  /**
   * The keys of the parameters read.
   *
   * @param byPath what each path read returned
   * @param byName what each selector returned (every selector of the plan is present)
   * @throws SyncFailure KeyCollision, invalid keys, or a JSON property that cannot be read
   */
  public static Fetched assemble(ExternalParameterSpec spec, Map<PathRead, List<Parameter>> byPath,
      Map<ParameterSelector, Parameter> byName) {
    List<KeyedValue> values = new ArrayList<>();
    List<SourceVersion> sources = new ArrayList<>();
    for (ParameterPath p : spec.pathsOrEmpty()) {
      List<Parameter> read = byPath.getOrDefault(new PathRead(p.getPath(), p.recursiveOrDefault()), List.of());
      String origin = "path " + p.getPath();
      for (Parameter param : read) {
        String key = p.keyPrefixOrEmpty()
            + KeyDeriver.derive(p.keyStyleOrDefault(), KeyDeriver.relativeName(p.getPath(), param.name()));
        values.add(KeyedValue.derived(key, utf8(param.value()), origin + " (parameter " + param.name() + ")"));
        sources.add(new SourceVersion(param.name(), Long.toString(param.version())));
      }
    }
    for (ParameterRef r : spec.parametersOrEmpty()) {
      ParameterSelector sel = selector(r);
      Parameter param = byName.get(sel);
      if (param == null) {
        throw new SyncFailure(Reason.SourceNotFound,
            "parameter " + sel.wireName() + " was not found");
      }
      String origin = "parameter " + sel.wireName();
      String value = r.getProperty() == null ? param.value()
          : JsonProperty.extract(param.value(), r.getProperty(), origin);
      String key = r.getKey() != null ? r.getKey() : KeyDeriver.derive(KeyStyle.EnvVar, KeyDeriver.basename(r.getName()));
      values.add(KeyedValue.explicit(key, utf8(value), origin, r.overrideOrDefault()));
      sources.add(new SourceVersion(param.name(), Long.toString(param.version())));
    }
    return new Fetched(SecretDataBuilder.build(values), Fetched.distinctSources(sources));
  }

  static void checkPrefix(String prefix, String field) {
    if (!prefix.isEmpty() && !KeyDeriver.VALID_KEY.matcher(prefix).matches()) {
      throw SyncFailure.invalidSpec(field + " '" + prefix + "' may only contain letters, digits, '-', '_', '.'");
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
