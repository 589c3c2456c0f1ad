package io.kaso.operator.source.aws;

import io.kaso.operator.source.SecretSelector;
import io.kaso.operator.source.SourceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The failures of reading secrets from Secrets Manager: what a per-secret error code means, and, when several secrets
 * of one read failed, the most actionable failure to throw, naming every failed id.
 */
final class SecretReadFailures {
  private final Map<SecretSelector, SourceException> byId = new LinkedHashMap<>();

  /** What a per-secret error of a BatchGetSecretValue answer means for the port. */
  static SourceException of(String code, String secretId, String message) {
    String text = "secret " + secretId + ": " + code + (message == null ? "" : ": " + AwsFailures.scrub(message));
    if (code == null) {
      return new SourceException.Unavailable(text, null);
    }
    if (AwsFailures.scheduledForDeletion(code, message)) {
      return new SourceException.NotFound(text + " (scheduled for deletion: RestoreSecret brings it back)");
    }
    return switch (code) {
      case "ResourceNotFoundException" -> new SourceException.NotFound(text);
      case "AccessDeniedException" -> new SourceException.AccessDenied(text, null);
      case "DecryptionFailure" -> new SourceException.InvalidCiphertext(text, null);
      case "InternalServiceError" -> new SourceException.Unavailable(text, null);
      case "ThrottlingException" -> new SourceException.Throttled(text, null);
      // A code Kaso does not know is not proof that the spec is wrong: retried with backoff.
      default -> AwsFailures.isSpecError(code) ? new SourceException.InvalidRequest(text, null)
          : new SourceException.Unexpected(text, null);
    };
  }

  /** Records the failure of one secret of the read. */
  void add(SecretSelector s, SourceException e) {
    byId.put(s, e);
  }

  /** Throws the most actionable failure recorded (access denied, ciphertext, not found, the rest), if any. */
  void throwIfAny() {
    if (byId.isEmpty()) {
      return;
    }
    SourceException first = byId.values().stream().min((a, b) -> rank(a) - rank(b)).orElseThrow();
    if (byId.size() == 1) {
      throw first;
    }
    List<String> all = new ArrayList<>();
    byId.forEach((s, e) -> all.add(e.getMessage()));
    String message = String.join("; ", all);
    throw first.withMessage(message);
  }

  private static int rank(SourceException e) {
    if (e instanceof SourceException.AccessDenied) {
      return 0;
    }
    if (e instanceof SourceException.InvalidCiphertext) {
      return 1;
    }
    if (e instanceof SourceException.NotFound) {
      return 2;
    }
    return 3;
  }
}
