package io.kaso.operator;

import io.kaso.operator.config.OperatorSettings;
import io.kaso.operator.core.AwsRegions;
import io.kaso.operator.source.CiphertextDecryptor;
import io.kaso.operator.source.Identity;
import io.kaso.operator.source.ParameterStore;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SecretStore;
import io.kaso.operator.source.ServiceAccountTokens;
import io.kaso.operator.source.aws.AwsCalls;
import io.kaso.operator.source.aws.AwsClientFactory;
import io.kaso.operator.source.aws.CredentialsCache;
import io.kaso.operator.source.aws.KmsCiphertextDecryptor;
import io.kaso.operator.source.aws.RateBudget;
import io.kaso.operator.source.aws.SecretsManagerStore;
import io.kaso.operator.source.aws.SourceCache;
import io.kaso.operator.source.aws.SsmParameterStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS side of the operator, wired: one client factory, one credentials cache, one rate budget, one cache shared by
 * the Parameter Store, Secrets Manager and KMS adapters. Part of the composition root.
 */
public final class AwsSources implements AutoCloseable {
  private final AwsClientFactory clients;
  private final AwsCredentialsProvider operatorCredentials;
  private final CredentialsCache credentials;
  private final SsmParameterStore parameters;
  private final SecretsManagerStore secrets;
  private final KmsCiphertextDecryptor decryptor;
  private final ScheduledExecutorService batchTimer;
  private final ExecutorService batchCalls;

  /** The regions a spec may name: those the AWS SDK knows, and the operator's own (which may be newer). */
  public static AwsRegions knownRegions(String operatorRegion) {
    List<String> ids = new ArrayList<>(Region.regions().stream().map(Region::id).toList());
    ids.add(operatorRegion);
    return new AwsRegions(ids);
  }

  public AwsSources(OperatorSettings settings, AwsClientFactory.Options options, ServiceAccountTokens tokens,
      MeterRegistry registry, Clock clock) {
    clients = new AwsClientFactory(options, registry);
    RateBudget budget = new RateBudget(settings.rates(), registry);
    operatorCredentials = DefaultCredentialsProvider.builder().build();
    StsClient sts = clients.sts(settings.region(), operatorCredentials);
    credentials = new CredentialsCache(operatorCredentials, sts, clients.anonymousSts(settings.region()),
        settings.region(), tokens, budget, clock, registry);
    // Clients ask the cache on every call rather than keep a provider: the cache may drop an idle identity, and a
    // client kept longer must not hold on to (and refresh) a second copy of its credentials.
    clients.useCredentials(scope -> () -> credentials.forIdentity(scope.identity()).resolveCredentials());
    AwsCalls calls = new AwsCalls(budget, (Scope scope) -> credentials.forIdentity(scope.identity()));
    SourceCache cache = new SourceCache(settings.cacheTtl(), System::nanoTime, registry);
    batchTimer = Executors.newSingleThreadScheduledExecutor(daemon("kaso-batch-timer"));
    batchCalls = Executors.newFixedThreadPool(4, daemon("kaso-batch-call"));
    parameters = new SsmParameterStore(clients::ssm, calls, cache, settings.batchWindow(), batchTimer, batchCalls);
    secrets = new SecretsManagerStore(clients::secretsManager, calls, cache, settings.batchWindow(), batchTimer,
        batchCalls);
    decryptor = new KmsCiphertextDecryptor(clients::kms, calls, cache);
  }

  public ParameterStore parameters() {
    return parameters;
  }

  public SecretStore secrets() {
    return secrets;
  }

  public CiphertextDecryptor decryptor() {
    return decryptor;
  }

  /** An SQS client in a region, with the operator's identity (for the events queue). */
  public SqsClient sqs(String region) {
    return clients.sqs(region, operatorCredentials);
  }

  /** The credentials of an identity, as every client of that identity uses them. */
  public AwsCredentialsProvider credentials(Identity identity) {
    return credentials.forIdentity(identity);
  }

  @Override
  public void close() {
    batchTimer.shutdownNow();
    batchCalls.shutdownNow();
    clients.close();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
