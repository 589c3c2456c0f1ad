package io.kaso.operator.source;

/**
 * A Parameter Store parameter as read, decrypted.
 *
 * @param name full name, e.g. /shop/prod/db/password
 * @param type String, StringList or SecureString
 * @param value the value; a StringList is its comma-separated text
 * @param version the version that was read
 */
public record Parameter(String name, String type, String value, long version) {
  @Override
  public String toString() {
    return "Parameter[" + name + ", " + type + ", v" + version + "]";
  }
}
