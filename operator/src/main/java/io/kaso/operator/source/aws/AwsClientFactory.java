package io.kaso.operator.source.aws;

import io.kaso.operator.source.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
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
 * Builds AWS SDK clients, one per (identity, region) and service, reused while they are in use. All clients share one
 * HTTP client, use the SDK's adaptive retry for throttling, and report calls to metrics. The clients of scopes are
 * bounded (a tenant editing its region or role in a loop must not grow the heap): at most {@link #MAX_SCOPED_CLIENTS},
 * the least recently used closed first, any closed once unused for {@link #CLIENT_IDLE_EXPIRY}, and those of an access
 * keys Secret closed as soon as a newer version of that Secret is used.
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

  /**
   * Clients of scopes kept at most (all services together). An SDK client with the shared HTTP client holds about
   * 25 KB, so the cap holds about 25 MB; 100 tenant identities reading all three services use 300.
   */
  static final int MAX_SCOPED_CLIENTS = 1024;
  /** A scope's client unused this long is closed: longer than the default refresh of 1 h with its jitter. */
  static final Duration CLIENT_IDLE_EXPIRY = Duration.ofMinutes(90);

  private final Options options;
  private final MeterRegistry registry;
  private final SdkHttpClient http;
  private final SdkHttpClient longPollHttp;
  /** The operator's own clients (STS, SQS) per region: a handful, kept for the life of the operator. */
  private final Map<Object, AutoCloseable> clients = new ConcurrentHashMap<>();
  private final BoundedPool<List<Object>, AutoCloseable> scopedClients;
  private volatile Function<Scope, AwsCredentialsProvider> credentials;

  public AwsClientFactory(Options options, MeterRegistry registry) {
    this(options, registry, MAX_SCOPED_CLIENTS, CLIENT_IDLE_EXPIRY, System::nanoTime, AwsClientFactory::closeQuietly);
  }

  /** @param closer closes a client that was dropped (tests watch it) */
  AwsClientFactory(Options options, MeterRegistry registry, int maxScopedClients, Duration idleExpiry,
      LongSupplier nanoTime, Consumer<AutoCloseable> closer) {
    this.scopedClients = new BoundedPool<>(maxScopedClients, idleExpiry, nanoTime, closer);
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
    return scoped("ssm", scope, () -> configure(SsmClient.builder().httpClient(http), "ssm", scope).build());
  }

  public SecretsManagerClient secretsManager(Scope scope) {
    return scoped("secretsmanager", scope,
        () -> configure(SecretsManagerClient.builder().httpClient(http), "secretsmanager", scope).build());
  }

  public KmsClient kms(Scope scope) {
    return scoped("kms", scope, () -> configure(KmsClient.builder().httpClient(http), "kms", scope).build());
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
  private <C extends AutoCloseable> C scoped(String service, Scope scope, Supplier<C> build) {
    // A new version of a tenant's access keys Secret replaces the clients of the old one at once.
    return (C) scopedClients.get(List.of(service, scope), k -> build.get(),
        k -> k.get(1) instanceof Scope other && scope.identity().otherVersionOf(other.identity()));
  }

  /** Clients of scopes held now (bounded by {@link #MAX_SCOPED_CLIENTS}). */
  int liveScopedClients() {
    return scopedClients.size();
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
    scopedClients.clear();
    clients.values().forEach(AwsClientFactory::closeQuietly);
    clients.clear();
    http.close();
    longPollHttp.close();
  }

  /**
   * Closes a client. The HTTP client is shared and not the SDK client's, so this frees only the client's own
   * resources, and a thread that still holds a dropped client (possible only when more than the cap of scopes are in
   * use at once) can finish its call: SDK 2.57 sync clients still send calls after close when the HTTP client is not
   * theirs.
   */
  private static void closeQuietly(AutoCloseable client) {
    try {
      client.close();
    } catch (Exception e) {
      // nothing to do: the client is gone either way
    }
  }
}
