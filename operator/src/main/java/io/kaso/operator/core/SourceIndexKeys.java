package io.kaso.operator.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Index keys joining AWS changes to the resources that read the changed source. A resource is indexed under the keys
 * of what it reads (its plan's {@link SourcePlan#indexKeys()}); a change is looked up under the keys that could cover
 * it. Exact names, path folders (recursive or one level) and secret names are keys; a find cannot be a key (it
 * selects by prefix or tags), so every find is indexed under one key and its plan decides when it matches.
 */
public final class SourceIndexKeys {
  /** The key every resource with a find is indexed under. */
  public static final String ANY_FIND = "find";

  private SourceIndexKeys() {}

  /** The key of a path read. */
  public static String path(String path, boolean recursive) {
    return (recursive ? "path-r:" : "path-1:") + folder(path);
  }

  /** The key of a named parameter. */
  public static String parameter(String name) {
    return "param:" + name;
  }

  /** The key of a secret, by name (see {@link SourceNames#secretName}). */
  public static String secret(String name) {
    return "secret:" + name;
  }

  /** The keys under which resources that may read a changed source are indexed. */
  public static List<String> candidates(SourceChange change) {
    List<String> keys = new ArrayList<>();
    if (change.type() == SourceChange.Type.SECRET) {
      keys.add(secret(change.name()));
      keys.add(parameter(SourceNames.secretsManagerReference(change.name())));
      keys.add(ANY_FIND);
      return keys;
    }
    String name = change.name();
    keys.add(parameter(name));
    int slash = name.lastIndexOf('/');
    if (slash >= 0) {
      keys.add(path(name.substring(0, slash + 1), false));
    }
    // Every ancestor folder covers the parameter when read recursively.
    for (int i = name.indexOf('/'); i >= 0 && i < name.length(); i = name.indexOf('/', i + 1)) {
      keys.add(path(name.substring(0, i + 1), true));
    }
    return keys;
  }

  /** A path as a folder: a trailing slash, so /shop/prod and /shop/prod/ are one key. */
  static String folder(String path) {
    return path.endsWith("/") ? path : path + "/";
  }
}
