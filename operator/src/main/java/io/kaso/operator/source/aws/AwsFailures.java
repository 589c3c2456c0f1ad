package io.kaso.operator.source.aws;

import io.kaso.operator.source.SourceException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Translates AWS SDK exceptions into the port's typed failures, keeping AWS's message and dropping credentials. */
final class AwsFailures {
  private static final Set<String> NOT_FOUND = Set.of("ParameterNotFound", "ParameterVersionNotFound",
      "ResourceNotFoundException", "NotFoundException", "InvalidKeyId.NotFound", "KMSInvalidStateException",
      // SSM ListTagsForResource's answer for a parameter that does not exist.
      "InvalidResourceId");
  private static final Set<String> DENIED = Set.of("AccessDeniedException", "AccessDenied", "UnauthorizedOperation",
      "UnrecognizedClientException", "InvalidClientTokenId", "ExpiredTokenException", "ExpiredToken",
      "SignatureDoesNotMatch", "IncompleteSignature", "MissingAuthenticationToken", "IDPRejectedClaim",
      "InvalidIdentityToken", "KMSAccessDeniedException", "AccessDeniedForDependencyException",
      "RegionDisabledException");
  private static final Set<String> THROTTLED = Set.of("ThrottlingException", "Throttling", "TooManyRequestsException",
      "RequestLimitExceeded", "LimitExceededException", "ProvisionedThroughputExceededException");
  private static final Set<String> CIPHERTEXT = Set.of("InvalidCiphertextException", "IncorrectKeyException",
      "DisabledException", "InvalidGrantTokenException", "DecryptionFailure", "InvalidKeyUsageException");
  /**
   * Answers that say AWS, not the request, failed this time, whatever their HTTP status: STS could not reach the
   * identity provider (IDPCommunicationError is a 400), KMS key material briefly unavailable, a dependency timing out.
   */
  private static final Set<String> TRANSIENT = Set.of("IDPCommunicationError", "KeyUnavailableException",
      "DependencyTimeoutException", "KMSInternalException", "InternalServerError", "InternalServerException",
      "InternalServiceError", "InternalFailure", "InternalError", "ServiceUnavailable", "ServiceUnavailableException",
      "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InvalidNextToken",
      "InvalidNextTokenException");
  /**
   * The only answers a spec edit fixes (a malformed name, filter, version, role ARN or session): these are
   * InvalidSpec and wait for the spec to change. Any other code Kaso does not know is retried with backoff.
   */
  private static final Set<String> SPEC_ERRORS = Set.of("ValidationException", "ValidationError",
      "InvalidParameterException", "InvalidParameters", "InvalidParameterValue", "InvalidParameterValueException",
      "InvalidParameterCombination", "InvalidRequestException", "InvalidFilter", "InvalidFilterKey",
      "InvalidFilterOption", "InvalidFilterValue", "InvalidKeyId", "UnsupportedParameterType",
      "MalformedPolicyDocument", "PackedPolicyTooLarge");

  private AwsFailures() {}

  /**
   * The error code AWS answered with, or null for client-side failures. A modelled exception rebuilt without error
   * details (the Encryption SDK's keyring does that) is known by its class name, which is the code.
   */
  static String errorCode(Throwable e) {
    if (!(e instanceof AwsServiceException ase)) {
      return null;
    }
    if (ase.awsErrorDetails() != null && ase.awsErrorDetails().errorCode() != null) {
      return ase.awsErrorDetails().errorCode();
    }
    Class<?> type = e.getClass();
    boolean modelled = type.getSuperclass() != null && type.getSuperclass() != AwsServiceException.class
        && AwsServiceException.class.isAssignableFrom(type.getSuperclass());
    return modelled ? type.getSimpleName() : null;
  }

  /**
   * Whether a Secrets Manager answer says the secret is scheduled for deletion (InvalidRequestException while its
   * recovery window runs): for a reader that is a secret that is not there, and may come back with RestoreSecret.
   */
  static boolean scheduledForDeletion(String code, String message) {
    return "InvalidRequestException".equals(code) && message != null && message.toLowerCase().contains("delet");
  }

  /** The outcome label of a failed call for metrics: throttled, denied, not_found or error. */
  static String outcome(Throwable e) {
    String code = errorCode(e);
    if (code == null) {
      return throttling(e) ? "throttled" : "error";
    }
    if (THROTTLED.contains(code) || throttling(e)) {
      return "throttled";
    }
    if (DENIED.contains(code)) {
      return "denied";
    }
    if (NOT_FOUND.contains(code)) {
      return "not_found";
    }
    return "error";
  }

  /** Whether an AWS error code says the request itself is wrong, which only a spec edit fixes. */
  static boolean isSpecError(String code) {
    return SPEC_ERRORS.contains(code);
  }

  /**
   * The port failure for an SDK exception.
   *
   * @param what what was being done, e.g. "reading parameter /shop/prod/db" (no values)
   */
  static SourceException translate(SdkException e, String what) {
    String code = errorCode(e);
    String message = what + ": " + awsMessage(e);
    if (e instanceof SdkClientException) {
      return new SourceException.Unavailable(what + ": AWS could not be reached (" + clientMessage(e) + ")", e);
    }
    if (code == null) {
      return new SourceException.Unavailable(message, e);
    }
    if (THROTTLED.contains(code) || throttling(e)) {
      return new SourceException.Throttled(message + " (still throttled after retries)", e);
    }
    if (DENIED.contains(code)) {
      return new SourceException.AccessDenied(message, e);
    }
    if (TRANSIENT.contains(code) || serverError(e)) {
      return new SourceException.Unavailable(message, e);
    }
    if (CIPHERTEXT.contains(code)) {
      return new SourceException.InvalidCiphertext(message, e);
    }
    if (NOT_FOUND.contains(code)) {
      return new SourceException.NotFound(message);
    }
    if (scheduledForDeletion(code, e.getMessage())) {
      return new SourceException.NotFound(message + " (scheduled for deletion: RestoreSecret brings it back)");
    }
    if (SPEC_ERRORS.contains(code)) {
      return new SourceException.InvalidRequest(message, e);
    }
    // A code Kaso does not know is not proof that the spec is wrong: retried with backoff, never parked as InvalidSpec.
    return new SourceException.Unexpected(message, e);
  }

  private static boolean serverError(SdkException e) {
    return e instanceof AwsServiceException ase && ase.statusCode() >= 500;
  }

  private static boolean throttling(Throwable e) {
    return e instanceof SdkServiceException s && s.isThrottlingException();
  }

  private static String awsMessage(SdkException e) {
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      String code = ase.awsErrorDetails().errorCode();
      String msg = ase.awsErrorDetails().errorMessage();
      return code + (msg == null || msg.isBlank() ? "" : ": " + scrub(msg));
    }
    return scrub(String.valueOf(e.getMessage()));
  }

  private static String clientMessage(SdkException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = root == e ? e.getMessage() : root.getClass().getSimpleName() + ": " + root.getMessage();
    return scrub(String.valueOf(msg));
  }

  /** Removes anything shaped like an access key id or a session token from a message. */
  static String scrub(String message) {
    return message.replaceAll("(?<![A-Z0-9])(AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])", "<access-key>")
        .replaceAll("[A-Za-z0-9/+=]{100,}", "<token>");
  }
}
