package io.kaso.operator.core;

import java.util.Objects;

/**
 * A source that changed in AWS, as an event names it: a Secrets Manager secret (by name; an ARN is normalised) or a
 * Parameter Store parameter.
 */
public record SourceChange(Type type, String name) {

  /** Which service the source lives in. */
  public enum Type { SECRET, PARAMETER }

  public SourceChange {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
  }

  /** A secret change; an ARN becomes the secret's name. */
  public static SourceChange secret(String nameOrArn) {
    return new SourceChange(Type.SECRET, SourceNames.secretName(nameOrArn));
  }

  public static SourceChange parameter(String name) {
    return new SourceChange(Type.PARAMETER, name);
  }
}
