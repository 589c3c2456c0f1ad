package io.kaso.operator.core;

/**
 * One Secret key produced by one source, before collisions are resolved.
 *
 * @param origin names the source for messages, e.g. "parameter /shop/prod/db/password" or "path /shop/prod/"
 * @param explicit the key was written in the spec (key:), not derived from a name
 * @param override an explicit key that wins over a derived key of the same name
 */
public record KeyedValue(String key, byte[] value, String origin, boolean explicit, boolean override) {

  public static KeyedValue explicit(String key, byte[] value, String origin, boolean override) {
    return new KeyedValue(key, value, origin, true, override);
  }

  public static KeyedValue derived(String key, byte[] value, String origin) {
    return new KeyedValue(key, value, origin, false, false);
  }

  @Override
  public String toString() {
    return "KeyedValue[" + key + " from " + origin + "]";
  }
}
