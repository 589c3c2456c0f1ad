package io.kaso.operator.source.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaso.operator.api.v1alpha1.Reason;
import io.kaso.operator.core.FailureReasons;
import io.kaso.operator.core.RefreshPlanner;
import io.kaso.operator.core.SyncFailure;
import io.kaso.operator.core.SyncTiming;
import io.kaso.operator.source.SourceException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.sts.model.StsException;

class AwsFailuresTest {
  private static final String WHAT = "reading parameter /shop/prod/db";
  private static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  private static final String SESSION_KEY = "ASIAQWERTYUIOPASDFGH";
  private static final String TOKEN = "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD6Dn1ey+7ZLvIxpvT3ij1Bx3"
      + "Ie5b7aZNr3CbGJeQIgeuU8M8b3KJ+Kcu9oBJt6ttq1f+wxO3A8NQTHPfU2Kq8q3AIIMxAAGgwxMjM0NTY3ODkwMTIiDPzqpxZ==";

  @Test
  void throttlingBecomesThrottled() {
    SourceException e = AwsFailures.translate(ssm(400, "ThrottlingException", "Rate exceeded"), WHAT);

    assertThat(e).isInstanceOf(SourceException.Throttled.class).hasMessageContaining("after retries");
  }

  @Test
  void status429BecomesThrottledWhateverTheCode() {
    SourceException e = AwsFailures.translate(ssm(429, "SlowDown", "Please slow down"), WHAT);

    assertThat(e).isInstanceOf(SourceException.Throttled.class);
  }

  @Test
  void accessDeniedBecomesAccessDenied() {
    SourceException e = AwsFailures.translate(ssm(400, "AccessDeniedException",
        "User: arn:aws:sts::123456789012:assumed-role/kaso/x is not authorized to perform: ssm:GetParameters"), WHAT);

    assertThat(e).isInstanceOf(SourceException.AccessDenied.class);
  }

  @Test
  void stsAccessDeniedBecomesAccessDenied() {
    SourceException e = AwsFailures.translate(sts(403, "AccessDenied", "not authorized to perform sts:AssumeRole"),
        "getting credentials");

    assertThat(e).isInstanceOf(SourceException.AccessDenied.class);
  }

  @Test
  void parameterNotFoundBecomesNotFound() {
    SourceException e = AwsFailures.translate(ssm(400, "ParameterNotFound", "Parameter /shop/prod/db not found"),
        WHAT);

    assertThat(e).isInstanceOf(SourceException.NotFound.class);
  }

  @Test
  void resourceNotFoundBecomesNotFound() {
    SourceException e = AwsFailures.translate(secretsManager(400, "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret."), "reading secret shop/db");

    assertThat(e).isInstanceOf(SourceException.NotFound.class);
  }

  @Test
  void invalidCiphertextBecomesInvalidCiphertext() {
    SourceException e = AwsFailures.translate(kms(400, "InvalidCiphertextException", null), "decrypting");

    assertThat(e).isInstanceOf(SourceException.InvalidCiphertext.class);
  }

  @Test
  void aServerErrorBecomesUnavailable() {
    SourceException e = AwsFailures.translate(ssm(500, "InternalServerError", "We encountered an internal error"),
        WHAT);

    assertThat(e).isInstanceOf(SourceException.Unavailable.class);
  }

  @Test
  void aServiceErrorWithoutDetailsBecomesUnavailable() {
    SourceException e = AwsFailures.translate(SsmException.builder().message("no body").statusCode(502).build(), WHAT);

    assertThat(e).isInstanceOf(SourceException.Unavailable.class).hasMessageContaining(WHAT);
  }

  @Test
  void anUnreachableServiceBecomesUnavailable() {
    SdkClientException unreachable = SdkClientException.create("Unable to execute HTTP request: Connection refused",
        new ConnectException("Connection refused"));

    SourceException e = AwsFailures.translate(unreachable, WHAT);

    assertThat(e).isInstanceOf(SourceException.Unavailable.class)
        .hasMessage(WHAT + ": AWS could not be reached (ConnectException: Connection refused)");
  }

  @Test
  void aValidationErrorBecomesInvalidRequest() {
    SourceException e = AwsFailures.translate(ssm(400, "ValidationException",
        "1 validation error detected: Value 'x y' at 'path' failed to satisfy constraint"), WHAT);

    assertThat(e).isInstanceOf(SourceException.InvalidRequest.class);
  }

  @Test
  void anUnknownErrorCodeIsRetriedNeverInvalidSpec() {
    SourceException e = AwsFailures.translate(ssm(400, "SomeCodeFromNextYear", "something new"), WHAT);

    assertThat(e).isInstanceOf(SourceException.Unexpected.class).hasMessageContaining("SomeCodeFromNextYear");
    assertThat(FailureReasons.of(e).reason()).isEqualTo(Reason.SyncFailed);
    assertThat(FailureReasons.of(e).reason().retried()).isTrue();
  }

  @Test
  void anUnknownSecretsManagerRequestErrorIsRetried() {
    SourceException e = AwsFailures.translate(secretsManager(400, "PreconditionNotMetException", "try later"),
        "reading secret shop/db");

    assertThat(FailureReasons.of(e).reason().retried()).isTrue();
  }

  @Test
  void idpCommunicationErrorIsUnavailableAlthoughItIsA400() {
    SourceException e = AwsFailures.translate(sts(400, "IDPCommunicationError",
        "Couldn't retrieve verification key from your identity provider"), "getting credentials");

    assertThat(e).isInstanceOf(SourceException.Unavailable.class);
    assertThat(FailureReasons.of(e).reason()).isEqualTo(Reason.AwsUnavailable);
  }

  @Test
  void aKmsKeyBrieflyUnavailableIsUnavailableNotADecryptionFailure() {
    assertThat(AwsFailures.translate(kms(500, "KeyUnavailableException", "try again"), "decrypting"))
        .isInstanceOf(SourceException.Unavailable.class);
    assertThat(AwsFailures.translate(kms(500, "KMSInternalException", null), "decrypting"))
        .isInstanceOf(SourceException.Unavailable.class);
    assertThat(AwsFailures.translate(kms(503, "DependencyTimeoutException", null), "decrypting"))
        .isInstanceOf(SourceException.Unavailable.class);
  }

  @Test
  void aServerErrorIsUnavailableWhateverItsCode() {
    assertThat(AwsFailures.translate(ssm(503, "ParameterNotFound", "odd"), WHAT))
        .isInstanceOf(SourceException.Unavailable.class);
  }

  @Test
  void aDisabledKmsKeyIsDecryptionFailedAndRetriedSoReEnablingItHeals() {
    SourceException e = AwsFailures.translate(kms(400, "DisabledException",
        "arn:aws:kms:us-east-1:123456789012:key/1234 is disabled."), "decrypting");
    SyncFailure failure = FailureReasons.of(e);

    assertThat(failure.reason()).isEqualTo(Reason.DecryptionFailed);
    RefreshPlanner planner = new RefreshPlanner(new SyncTiming(() -> 0.5), Duration.ofHours(1), Duration.ofSeconds(10));
    Instant now = Instant.parse("2026-11-01T10:00:00Z");
    assertThat(planner.afterFailure(failure, 1, Duration.ofHours(1), now)).isAfter(now);
  }

  @Test
  void onlyRequestsASpecEditFixesAreInvalidSpec() {
    for (String code : new String[] {"ValidationException", "InvalidParameterException", "InvalidFilterKey",
        "InvalidKeyId", "ValidationError"}) {
      assertThat(FailureReasons.of(AwsFailures.translate(ssm(400, code, "bad"), WHAT)).reason()).as(code)
          .isEqualTo(Reason.InvalidSpec);
    }
  }

  @Test
  void theMessageKeepsWhatWasDoneAndAwsCodeAndMessage() {
    SourceException e = AwsFailures.translate(ssm(400, "AccessDeniedException", "not authorized to perform"), WHAT);

    assertThat(e).hasMessage(WHAT + ": AccessDeniedException: not authorized to perform");
  }

  @Test
  void theTranslationKeepsTheSdkExceptionAsCause() {
    SsmException denied = ssm(400, "AccessDeniedException", "no");

    assertThat(AwsFailures.translate(denied, WHAT)).hasCause(denied);
  }

  @Test
  void theMessageCarriesNoCredentials() {
    SourceException e = AwsFailures.translate(ssm(400, "UnrecognizedClientException",
        "The security token included in the request is invalid: " + ACCESS_KEY + " " + TOKEN), WHAT);

    assertThat(e).isInstanceOf(SourceException.AccessDenied.class);
    assertThat(e.getMessage()).doesNotContain(ACCESS_KEY).doesNotContain(TOKEN).contains("<access-key>")
        .contains("<token>");
  }

  @Test
  void scrubRemovesAccessKeyIds() {
    assertThat(AwsFailures.scrub("key " + ACCESS_KEY + " and " + SESSION_KEY + "."))
        .isEqualTo("key <access-key> and <access-key>.");
  }

  @Test
  void scrubRemovesLongBase64Tokens() {
    assertThat(AwsFailures.scrub("session token " + TOKEN + " end")).isEqualTo("session token <token> end");
  }

  @Test
  void scrubKeepsOrdinaryText() {
    String message = "User: arn:aws:iam::123456789012:role/kaso is not authorized to perform: ssm:GetParameters on "
        + "resource: arn:aws:ssm:us-east-1:123456789012:parameter/shop/prod/db";

    assertThat(AwsFailures.scrub(message)).isEqualTo(message);
  }

  @Test
  void scrubKeepsWordsThatOnlyLookLikeKeyIds() {
    assertThat(AwsFailures.scrub("XAKIAIOSFODNN7EXAMPLE AKIASHORT")).isEqualTo("XAKIAIOSFODNN7EXAMPLE AKIASHORT");
  }

  @Test
  void outcomeLabelsThrottling() {
    assertThat(AwsFailures.outcome(ssm(400, "ThrottlingException", "Rate exceeded"))).isEqualTo("throttled");
  }

  @Test
  void outcomeLabelsDenial() {
    assertThat(AwsFailures.outcome(ssm(400, "AccessDeniedException", "no"))).isEqualTo("denied");
  }

  @Test
  void outcomeLabelsNotFound() {
    assertThat(AwsFailures.outcome(ssm(400, "ParameterNotFound", "gone"))).isEqualTo("not_found");
  }

  @Test
  void outcomeLabelsEverythingElseAsError() {
    assertThat(AwsFailures.outcome(ssm(500, "InternalServerError", "boom"))).isEqualTo("error");
    assertThat(AwsFailures.outcome(ssm(400, "ValidationException", "bad"))).isEqualTo("error");
    assertThat(AwsFailures.outcome(SdkClientException.create("unreachable"))).isEqualTo("error");
    assertThat(AwsFailures.outcome(new IllegalStateException("not from AWS"))).isEqualTo("error");
  }

  private static SsmException ssm(int status, String code, String message) {
    return (SsmException) SsmException.builder().awsErrorDetails(details(code, message)).statusCode(status).build();
  }

  private static AwsServiceException secretsManager(int status, String code, String message) {
    return SecretsManagerException.builder().awsErrorDetails(details(code, message)).statusCode(status).build();
  }

  private static AwsServiceException kms(int status, String code, String message) {
    return KmsException.builder().awsErrorDetails(details(code, message)).statusCode(status).build();
  }

  private static AwsServiceException sts(int status, String code, String message) {
    return StsException.builder().awsErrorDetails(details(code, message)).statusCode(status).build();
  }

  private static AwsErrorDetails details(String code, String message) {
    return AwsErrorDetails.builder().errorCode(code).errorMessage(message).build();
  }
}
