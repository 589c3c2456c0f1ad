package io.kaso.operator.source;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A Secrets Manager secret value as read. Exactly one of {@code string} and {@code binary} is set.
 *
 * @param name the secret's name
 * @param arn the secret's full ARN
 * @param versionId the version that was read
 */
public record SecretValue(String name, String arn, String versionId, List<String> stages, String string, byte[] binary) {
  public SecretValue {
    stages = stages == null ? List.of() : List.copyOf(stages);
  }

  public boolean isBinary() {
    return binary != null;
  }

  @Override
  public String toString() {
    return "SecretValue[" + name + ", " + versionId + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretValue s && name.equals(s.name) && Objects.equals(versionId, s.versionId)
        && Objects.equals(string, s.string) && Arrays.equals(binary, s.binary);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, versionId);
  }
}
