package io.kaso.operator.core;

/**
 * One thing a resource reads, as the namespace policy sees it: a single name (a parameter, a secret id or ARN,
 * kms:&lt;keyId&gt;), or every name under a prefix (a Parameter Store path, a Secrets Manager find).
 *
 * @param name the name, or the prefix every name read starts with
 * @param prefix whether every name starting with {@code name} may be read
 */
public record PolicySource(String name, boolean prefix) {

  /** One name. */
  public static PolicySource name(String name) {
    return new PolicySource(name, false);
  }

  /** Every name that starts with this prefix. */
  public static PolicySource namesUnder(String prefix) {
    return new PolicySource(prefix, true);
  }

  /**
   * A Parameter Store path: GetParametersByPath reads the names below it, so {@code /shop} reads {@code /shop/...}
   * (never {@code /shopping}); one level or all, it reads names starting with the path and a slash.
   */
  public static PolicySource path(String path) {
    return namesUnder(path.endsWith("/") ? path : path + "/");
  }

  @Override
  public String toString() {
    return prefix ? "every name under " + name : name;
  }
}
