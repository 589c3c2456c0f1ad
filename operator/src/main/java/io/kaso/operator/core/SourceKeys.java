package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;
import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.api.v1alpha1.ParameterPath;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretRef;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Index keys joining AWS changes to the resources that read the changed source. A resource is indexed under the keys
 * of what it reads; a change is looked up under the keys that could cover it. Exact names, path folders (recursive
 * or one level) and secret names are keys; a find cannot be a key (it selects by prefix or tags), so every find is
 * indexed under one key and checked against the change when it matches.
 */
public final class SourceKeys {
  /** The key every resource with a find is indexed under. */
  public static final String ANY_FIND = "find";

  private SourceKeys() {}

  /** The keys an ExternalParameter is indexed under. */
  public static Set<String> of(ExternalParameterSpec spec) {
    Set<String> keys = new LinkedHashSet<>();
    if (spec == null) {
      return keys;
    }
    for (ParameterPath p : spec.pathsOrEmpty()) {
      if (p.getPath() != null) {
        keys.add((p.recursiveOrDefault() ? "path-r:" : "path-1:") + folder(p.getPath()));
      }
    }
    for (ParameterRef r : spec.parametersOrEmpty()) {
      if (r.getName() != null) {
        keys.add(parameterKey(r.getName()));
        if (r.getName().startsWith(SECRETS_MANAGER_REFERENCE)) {
          keys.add(secretKey(r.getName().substring(SECRETS_MANAGER_REFERENCE.length())));
        }
      }
    }
    return keys;
  }

  /** The keys an ExternalSecret is indexed under. */
  public static Set<String> of(ExternalSecretSpec spec) {
    Set<String> keys = new LinkedHashSet<>();
    if (spec == null) {
      return keys;
    }
    for (SecretRef d : spec.dataOrEmpty()) {
      if (d.getSecretId() != null) {
        keys.add(secretKey(SourceNames.secretName(d.getSecretId())));
      }
    }
    for (SecretDataFrom f : spec.dataFromOrEmpty()) {
      if (f.getSecretId() != null) {
        keys.add(secretKey(SourceNames.secretName(f.getSecretId())));
      } else if (f.getFind() != null) {
        keys.add(ANY_FIND);
      }
    }
    return keys;
  }

  /** The keys under which resources that may read a changed source are indexed. */
  public static List<String> candidates(SourceChange change) {
    List<String> keys = new ArrayList<>();
    if (change.type() == SourceChange.Type.SECRET) {
      keys.add(secretKey(change.name()));
      keys.add(parameterKey(SECRETS_MANAGER_REFERENCE + change.name()));
      keys.add(ANY_FIND);
      return keys;
    }
    String name = change.name();
    keys.add(parameterKey(name));
    int slash = name.lastIndexOf('/');
    if (slash >= 0) {
      keys.add("path-1:" + folder(name.substring(0, slash + 1)));
    }
    // Every ancestor folder covers the parameter when read recursively.
    for (int i = name.indexOf('/'); i >= 0 && i < name.length(); i = name.indexOf('/', i + 1)) {
      keys.add("path-r:" + folder(name.substring(0, i + 1)));
    }
    return keys;
  }

  /** Whether a find of a resource could have read the changed secret (only its name prefix can be checked). */
  public static boolean findMayCover(ExternalSecretSpec spec, SourceChange change) {
    return change.type() == SourceChange.Type.SECRET && spec != null && spec.dataFromOrEmpty().stream()
        .filter(f -> f.getFind() != null)
        .anyMatch(f -> f.getFind().getNamePrefix() == null || change.name().startsWith(f.getFind().getNamePrefix()));
  }

  private static final String SECRETS_MANAGER_REFERENCE = "/aws/reference/secretsmanager/";

  private static String parameterKey(String name) {
    return "param:" + name;
  }

  private static String secretKey(String name) {
    return "secret:" + name;
  }

  /** A path as a folder: a trailing slash, so /shop/prod and /shop/prod/ are one key. */
  static String folder(String path) {
    return path.endsWith("/") ? path : path + "/";
  }
}
