package io.kaso.operator.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/** Names of AWS sources as policies and events compare them. */
public final class SourceNames {
  private static final int MAX_SESSION_NAME = 64;
  private static final Pattern ARN_SUFFIX = Pattern.compile("-[A-Za-z0-9]{6}$");

  /** Parameter Store's name space for reading Secrets Manager secrets as parameters. */
  public static final String SECRETS_MANAGER_REFERENCE = "/aws/reference/secretsmanager/";

  private SourceNames() {}

  /** The parameter name under which a Secrets Manager secret can be read from Parameter Store. */
  public static String secretsManagerReference(String secretName) {
    return SECRETS_MANAGER_REFERENCE + secretName;
  }

  /** The secret a parameter name refers to, when it is a {@code /aws/reference/secretsmanager/} name. */
  public static Optional<String> referencedSecret(String parameterName) {
    return parameterName.startsWith(SECRETS_MANAGER_REFERENCE)
        ? Optional.of(parameterName.substring(SECRETS_MANAGER_REFERENCE.length())) : Optional.empty();
  }

  /**
   * A secret id as a name: a full ARN ({@code arn:aws:secretsmanager:eu-west-2:111122223333:secret:prod/db-AbCdEf})
   * loses its prefix and its six-character suffix; a name stays as it is.
   */
  public static String secretName(String secretIdOrArn) {
    String name = secretNameOrPartial(secretIdOrArn);
    return secretIdOrArn.startsWith("arn:") ? ARN_SUFFIX.matcher(name).replaceFirst("") : name;
  }

  private static String secretNameOrPartial(String id) {
    int at = id.indexOf(":secret:");
    return id.startsWith("arn:") && at >= 0 ? id.substring(at + ":secret:".length()) : id;
  }

  /**
   * The STS session name of a resource (or ServiceAccount): {@code kaso-<namespace>.<name>}. Namespaces are DNS
   * labels (no dots), so the first dot ends the namespace and no two (namespace, name) pairs share a session name
   * ({@code a-b}/{@code c} and {@code a}/{@code b-c} are {@code kaso-a-b.c} and {@code kaso-a.b-c}). STS takes at most
   * 64 characters of {@code [\w+=,.@-]}: a longer name keeps its start and ends in {@code -} and 16 hex digits of its
   * SHA-256, so it stays distinct; a name cut inside its namespace has no dot left and cannot equal any full name.
   */
  public static String sessionName(String namespace, String name) {
    String full = "kaso-" + namespace + "." + name;
    String clean = full.replaceAll("[^\\w+=,.@-]", "-");
    if (clean.length() <= MAX_SESSION_NAME && clean.equals(full)) {
      return full;
    }
    String hash = sha256Hex(full).substring(0, 16);
    return clean.substring(0, Math.min(clean.length(), MAX_SESSION_NAME - hash.length() - 1)) + "-" + hash;
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
