package io.kaso.operator.core;

import io.kaso.operator.api.v1alpha1.KeyStyle;
import java.util.regex.Pattern;

/** Derives Secret keys from parameter and secret names (DESIGN 2.3). */
public final class KeyDeriver {
  /** What Kubernetes accepts as a Secret key. */
  public static final Pattern VALID_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  /** Longest Secret key Kubernetes accepts. */
  public static final int MAX_KEY_LENGTH = 253;

  private KeyDeriver() {}

  /**
   * The name relative to a base path or prefix: {@code /shop/prod/db/password} under {@code /shop/prod/} is
   * {@code db/password}. A base without a trailing slash is treated as a folder ({@code /shop/prod}).
   */
  public static String relativeName(String base, String name) {
    String rel = name;
    if (base != null && !base.isEmpty() && name.startsWith(base)) {
      rel = name.substring(base.length());
    }
    while (rel.startsWith("/")) {
      rel = rel.substring(1);
    }
    return rel;
  }

  /** The key for a relative name in the given style, before any prefix. */
  public static String derive(KeyStyle style, String relativeName) {
    return switch (style) {
      case EnvVar -> envVar(relativeName);
      case Relative -> trimSlashes(relativeName).replace('/', '.');
      case Basename -> basename(relativeName);
    };
  }

  /** {@code db/password} becomes {@code DB_PASSWORD}; a leading digit gets a {@code _} prefix. */
  public static String envVar(String relativeName) {
    String trimmed = trimSlashes(relativeName);
    StringBuilder sb = new StringBuilder(trimmed.length() + 1);
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      sb.append(alnum ? Character.toUpperCase(c) : '_');
    }
    if (!sb.isEmpty() && Character.isDigit(sb.charAt(0))) {
      sb.insert(0, '_');
    }
    return sb.toString();
  }

  /** The last segment of a name. */
  public static String basename(String name) {
    String trimmed = trimSlashes(name);
    int slash = trimmed.lastIndexOf('/');
    return slash < 0 ? trimmed : trimmed.substring(slash + 1);
  }

  /** Whether Kubernetes accepts this as a Secret key. */
  public static boolean isValidKey(String key) {
    return key != null && key.length() <= MAX_KEY_LENGTH && VALID_KEY.matcher(key).matches();
  }

  private static String trimSlashes(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && s.charAt(from) == '/') {
      from++;
    }
    while (to > from && s.charAt(to - 1) == '/') {
      to--;
    }
    return s.substring(from, to);
  }
}
