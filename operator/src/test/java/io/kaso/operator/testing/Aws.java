package io.kaso.operator.testing;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;

/** SDK clients for tests to seed and change the emulator, as a person with the AWS CLI would. */
public final class Aws {
  private static final StaticCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
  private final URI endpoint;

  public Aws(URI endpoint) {
    this.endpoint = endpoint;
  }

  public SsmClient ssm() {
    return SsmClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  public SecretsManagerClient secretsManager() {
    return SecretsManagerClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(CREDENTIALS).httpClient(UrlConnectionHttpClient.create()).build();
  }

  public KmsClient kms() {
    return KmsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  public SqsClient sqs() {
    return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  public StsClient sts() {
    return StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  /** Creates a String parameter carrying these tags. */
  public void putParameter(String name, String value, Map<String, String> tags) {
    try (SsmClient ssm = ssm()) {
      ssm.putParameter(r -> r.name(name).value(value).type(ParameterType.STRING).tags(tags.entrySet().stream()
          .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
    }
  }

  /** Puts a parameter (overwriting). */
  public void putParameter(String name, String value, ParameterType type) {
    try (SsmClient ssm = ssm()) {
      ssm.putParameter(r -> r.name(name).value(value).type(type).overwrite(true));
    }
  }
}
