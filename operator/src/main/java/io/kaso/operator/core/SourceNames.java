package io.kaso.operator.core;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Names of AWS sources as policies and events compare them. */
public final class SourceNames {
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

  /** The ways a source may be written in a policy: as given, and for a secret ARN also by name. */
  public static List<String> variants(String source) {
    Set<String> out = new LinkedHashSet<>();
    out.add(source);
    if (source.startsWith("arn:") && source.contains(":secret:")) {
      out.add(secretNameOrPartial(source));
      out.add(secretName(source));
    }
    return List.copyOf(out);
  }

  private static String secretNameOrPartial(String id) {
    int at = id.indexOf(":secret:");
    return id.startsWith("arn:") && at >= 0 ? id.substring(at + ":secret:".length()) : id;
  }

  /**
   * The STS session name for a resource: {@code kaso-<namespace>-<name>}, at most 64 characters (a long name keeps
   * its start and gets a short hash so sessions stay distinct).
   */
  public static String sessionName(String namespace, String name) {
    String full = ("kaso-" + namespace + "-" + name).replaceAll("[^\\w+=,.@-]", "-");
    if (full.length() <= 64) {
      return full;
    }
    String hash = Integer.toHexString(full.hashCode() & 0x7fffffff);
    return full.substring(0, 63 - hash.length()) + "-" + hash;
  }
}
