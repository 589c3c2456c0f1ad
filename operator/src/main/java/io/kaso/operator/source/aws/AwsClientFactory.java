package io.kaso.operator.source.aws;

import io.kaso.operator.source.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds AWS SDK clients, one per (identity, region) and service, reused for the life of the operator. All clients
 * share one HTTP client, use the SDK's adaptive retry for throttling, and report calls to metrics.
 */
public final class AwsClientFactory implements AutoCloseable {

  /**
   * Where clients send their calls, which extra interceptors they carry (tests count calls with them), how often a
   * call is tried, and the HTTP client (null: the JDK's URLConnection, shared; tests script answers with their own).
   */
  public record Options(URI endpointOverride, List<ExecutionInterceptor> interceptors, int maxAttempts,
      SdkHttpClient httpClient) {
    public Options {
      interceptors = List.copyOf(interceptors);
    }

    public Options(URI endpointOverride, List<ExecutionInterceptor> interceptors, int maxAttempts) {
      this(endpointOverride, interceptors, maxAttempts, null);
    }
  }

  private final Options options;
  private final MeterRegistry registry;
  private final SdkHttpClient http;
  private final SdkHttpClient longPollHttp;
  private final Map<Object, AutoCloseable> clients = new ConcurrentHashMap<>();
  private volatile Function<Scope, AwsCredentialsProvider> credentials;

  public AwsClientFactory(Options options, MeterRegistry registry) {
    this.options = options;
    this.registry = registry;
    this.http = options.httpClient() != null ? options.httpClient() : UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(15)).build();
    this.longPollHttp = options.httpClient() != null ? options.httpClient() : UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(3)).socketTimeout(Duration.ofSeconds(35)).build();
  }

  /** Sets where the credentials of a scope come from (the credentials cache needs an STS client first). */
  public void useCredentials(Function<Scope, AwsCredentialsProvider> credentials) {
    this.credentials = credentials;
  }

  public SsmClient ssm(Scope scope) {
    return client("ssm", scope, () -> configure(SsmClient.builder().httpClient(http), "ssm", scope).build());
  }

  public SecretsManagerClient secretsManager(Scope scope) {
    return client("secretsmanager", scope,
        () -> configure(SecretsManagerClient.builder().httpClient(http), "secretsmanager", scope).build());
  }

  public KmsClient kms(Scope scope) {
    return client("kms", scope, () -> configure(KmsClient.builder().httpClient(http), "kms", scope).build());
  }

  /** An SQS client for long polling with the given credentials. */
  public SqsClient sqs(String region, AwsCredentialsProvider provider) {
    return client("sqs", region, () -> base(SqsClient.builder().httpClient(longPollHttp), "sqs", region, provider)
        .build());
  }

  /** An STS client signing with the given credentials. */
  public StsClient sts(String region, AwsCredentialsProvider provider) {
    return client("sts", region, () -> base(StsClient.builder().httpClient(http), "sts", region, provider).build());
  }

  /** An STS client with anonymous credentials, for AssumeRoleWithWebIdentity. */
  public StsClient anonymousSts(String region) {
    return client("sts-anonymous", region, () -> base(StsClient.builder().httpClient(http), "sts", region,
        AnonymousCredentialsProvider.create()).build());
  }

  @SuppressWarnings("unchecked")
  private <C extends AutoCloseable> C client(String service, Object scope, Supplier<C> build) {
    return (C) clients.computeIfAbsent(List.of(service, scope), k -> build.get());
  }

  private <B extends AwsClientBuilder<B, ?>> B configure(B builder, String service, Scope scope) {
    if (credentials == null) {
      throw new IllegalStateException("credentials are not configured");
    }
    return base(builder, service, scope.region(), credentials.apply(scope));
  }

  private <B extends AwsClientBuilder<B, ?>> B base(B builder, String service, String region,
      AwsCredentialsProvider provider) {
    AwsCallRecorder recorder = new AwsCallRecorder(service, registry);
    List<ExecutionInterceptor> interceptors = new ArrayList<>();
    interceptors.add(recorder);
    interceptors.addAll(options.interceptors());
    builder.region(Region.of(region)).credentialsProvider(provider)
        .overrideConfiguration(ClientOverrideConfiguration.builder().executionInterceptors(interceptors)
            .addMetricPublisher(recorder)
            .retryStrategy(AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                .maxAttempts(options.maxAttempts()).build())
            .build());
    if (options.endpointOverride() != null) {
      builder.endpointOverride(options.endpointOverride());
    }
    return builder;
  }

  @Override
  public void close() {
    clients.values().forEach(c -> {
      try {
        c.close();
      } catch (Exception e) {
        // closing on shutdown; nothing to do
      }
    });
    clients.clear();
    http.close();
    longPollHttp.close();
  }
}
