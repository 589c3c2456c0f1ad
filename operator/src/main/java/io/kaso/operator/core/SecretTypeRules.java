package io.kaso.operator.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Kubernetes API server requires of a Secret of a built-in type (the checks of its Secret validation), so a
 * Secret is known to be acceptable before an old one is deleted to make room for it. Other types are not checked.
 */
public final class SecretTypeRules {
  static final String TLS = "kubernetes.io/tls";
  static final String DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
  static final String DOCKER_CFG = "kubernetes.io/dockercfg";
  static final String BASIC_AUTH = "kubernetes.io/basic-auth";
  static final String SSH_AUTH = "kubernetes.io/ssh-auth";
  static final String SERVICE_ACCOUNT_TOKEN = "kubernetes.io/service-account-token";
  static final String SERVICE_ACCOUNT_NAME = "kubernetes.io/service-account.name";

  private SecretTypeRules() {}

  /**
   * Why the API server would refuse a Secret of this type with these keys, or empty when it would accept it.
   *
   * @param data the Secret's data, key to bytes
   * @param annotations the Secret's annotations
   */
  public static Optional<String> problem(String type, Map<String, byte[]> data, Map<String, String> annotations) {
    List<String> missing = new ArrayList<>();
    switch (type == null ? "Opaque" : type) {
      case TLS -> {
        require(data, "tls.crt", missing);
        require(data, "tls.key", missing);
      }
      case DOCKER_CONFIG_JSON -> {
        return json(type, data, ".dockerconfigjson");
      }
      case DOCKER_CFG -> {
        return json(type, data, ".dockercfg");
      }
      case BASIC_AUTH -> {
        if (!data.containsKey("username") && !data.containsKey("password")) {
          return Optional.of(type + " needs the key username or password (or both)");
        }
      }
      case SSH_AUTH -> {
        byte[] key = data.get("ssh-privatekey");
        if (key == null || key.length == 0) {
          return Optional.of(type + " needs a non-empty key ssh-privatekey");
        }
      }
      case SERVICE_ACCOUNT_TOKEN -> {
        String account = annotations == null ? null : annotations.get(SERVICE_ACCOUNT_NAME);
        if (account == null || account.isEmpty()) {
          return Optional.of(type + " needs the annotation " + SERVICE_ACCOUNT_NAME);
        }
      }
      default -> { }
    }
    return missing.isEmpty() ? Optional.empty()
        : Optional.of(type + " needs the keys tls.crt and tls.key; missing: " + String.join(", ", missing));
  }

  private static void require(Map<String, byte[]> data, String key, List<String> missing) {
    if (!data.containsKey(key)) {
      missing.add(key);
    }
  }

  private static Optional<String> json(String type, Map<String, byte[]> data, String key) {
    byte[] value = data.get(key);
    if (value == null) {
      return Optional.of(type + " needs the key " + key);
    }
    try {
      if (Json.parse(new String(value, StandardCharsets.UTF_8)).root().isObject()) {
        return Optional.empty();
      }
    } catch (Json.NotJsonException e) {
      // Never the value itself: only that it is not a JSON object.
    }
    return Optional.of(type + " needs the key " + key + " to hold a JSON object, and it does not");
  }
}
