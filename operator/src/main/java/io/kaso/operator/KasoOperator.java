package io.kaso.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;
import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.config.InvalidSettingException;
import io.kaso.operator.config.LogSetup;
import io.kaso.operator.config.OperatorSettings;
import io.kaso.operator.core.DataHasher;
import io.kaso.operator.core.NamespacePolicy;
import io.kaso.operator.core.RefreshPlanner;
import io.kaso.operator.core.SyncTiming;
import io.kaso.operator.health.HealthChecks;
import io.kaso.operator.health.HttpEndpoint;
import io.kaso.operator.health.HttpEndpoint.Response;
import io.kaso.operator.metrics.OperatorMetrics;
import io.kaso.operator.reconciler.AccessResolver;
import io.kaso.operator.reconciler.ControllerSettings;
import io.kaso.operator.reconciler.DataHashKey;
import io.kaso.operator.reconciler.EventRecorder;
import io.kaso.operator.reconciler.ExternalParameterReconciler;
import io.kaso.operator.reconciler.ExternalSecretReconciler;
import io.kaso.operator.reconciler.KubeLookups;
import io.kaso.operator.reconciler.KubeServiceAccountTokens;
import io.kaso.operator.reconciler.ParameterReader;
import io.kaso.operator.reconciler.SecretReader;
import io.kaso.operator.reconciler.SecretSync;
import io.kaso.operator.reconciler.StatusReporter;
import io.kaso.operator.reconciler.SyncEngine;
import io.kaso.operator.reconciler.SyncMeters;
import io.kaso.operator.reconciler.SyncStates;
import io.kaso.operator.reconciler.TargetSecretWriter;
import io.kaso.operator.source.aws.AwsClientFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reads the settings, builds every collaborator, registers the reconcilers, serves metrics
 * and probes, and stops cleanly on SIGTERM. The only class that knows {@code source.aws} exists.
 */
public final class KasoOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KasoOperator.class);

  private final List<AutoCloseable> resources;
  private final HttpEndpoint metricsEndpoint;
  private final HttpEndpoint healthEndpoint;

  private KasoOperator(List<AutoCloseable> resources, HttpEndpoint metricsEndpoint, HttpEndpoint healthEndpoint) {
    this.resources = resources;
    this.metricsEndpoint = metricsEndpoint;
    this.healthEndpoint = healthEndpoint;
  }

  public static void main(String[] args) {
    OperatorSettings settings;
    try {
      settings = OperatorSettings.load(args);
    } catch (InvalidSettingException e) {
      System.err.println("kaso: " + e.getMessage());
      System.exit(2);
      return;
    }
    LogSetup.configure(settings.logFormat(), settings.logLevel());
    // The SDK reads AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_<SERVICE>) itself; only a flag needs passing on.
    boolean endpointFromEnv = System.getenv("AWS_ENDPOINT_URL") != null;
    AwsClientFactory.Options aws = new AwsClientFactory.Options(endpointFromEnv ? null : settings.endpointUrl(),
        List.of(), 5);
    KubernetesClient client = new KubernetesClientBuilder().build();
    KasoOperator kaso;
    try {
      kaso = start(settings, client, aws, Clock.systemUTC());
    } catch (RuntimeException e) {
      LOG.error("cannot start: {}", rootMessage(e), e);
      client.close();
      System.exit(1);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("stopping");
      kaso.close();
    }, "kaso-shutdown"));
    LOG.info("started: metrics on :{}/metrics, probes on :{}/healthz and /readyz", kaso.metricsPort(),
        kaso.healthPort());
  }

  /**
   * Builds and starts the operator.
   *
   * @param aws where AWS calls go and which interceptors see them (tests point them at the local emulator)
   */
  public static KasoOperator start(OperatorSettings settings, KubernetesClient client,
      AwsClientFactory.Options awsOptions, Clock clock) {
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      return build(settings, client, awsOptions, clock, resources);
    } catch (RuntimeException e) {
      closeAll(resources);
      throw e;
    }
  }

  private static KasoOperator build(OperatorSettings settings, KubernetesClient client,
      AwsClientFactory.Options awsOptions, Clock clock, List<AutoCloseable> resources) {
    OperatorMetrics metrics = new OperatorMetrics();
    resources.add(metrics);
    var registry = metrics.registry();

    // AWS, behind the source port.
    AwsSources aws = new AwsSources(settings, awsOptions, new KubeServiceAccountTokens(client), registry, clock);
    resources.add(aws);

    // Kubernetes side.
    DataHasher hasher = new DataHasher(DataHashKey.loadOrCreate(client, settings.operatorNamespace()));
    KubeLookups lookups = new KubeLookups(client, clock);
    AccessResolver access = new AccessResolver(new NamespacePolicy(settings.namespacePolicy()), lookups,
        settings.region(), settings.sessionTags());
    TargetSecretWriter writer = new TargetSecretWriter(client);
    SyncStates states = new SyncStates();
    StatusReporter reporter = new StatusReporter(new EventRecorder(client, clock));
    RefreshPlanner planner = new RefreshPlanner(new SyncTiming(() -> ThreadLocalRandom.current().nextDouble()),
        settings.defaultRefreshInterval());
    SyncMeters syncMeters = new SyncMeters(registry);

    SyncEngine<ExternalParameterSpec, ExternalParameter> parameterEngine = new SyncEngine<>(
        ExternalParameterReconciler.KIND, new SecretSync<>(new ParameterReader(aws.parameters()), access, writer, hasher),
        states, reporter, planner, clock, syncMeters);

    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withConcurrentReconciliationThreads(settings.reconcileThreads())
          .withMetrics(MicrometerMetricsV2.newBuilder(registry).build())
          .withCloseClientOnStop(false);
      if (settings.leaderElection()) {
        o.withLeaderElectionConfiguration(LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration("kaso")
            .withLeaseNamespace(settings.operatorNamespace()).build());
      }
    });
    SyncEngine<ExternalSecretSpec, ExternalSecret> secretEngine = new SyncEngine<>(
        ExternalSecretReconciler.KIND, new SecretSync<>(new SecretReader(aws.secrets(), aws.keys()), access, writer,
        hasher), states, reporter, planner, clock, syncMeters);
    operator.register(new ExternalParameterReconciler(parameterEngine),
        o -> ControllerSettings.apply(o, settings.watchNamespaces(), settings.resourceLabelSelector()));
    operator.register(new ExternalSecretReconciler(secretEngine),
        o -> ControllerSettings.apply(o, settings.watchNamespaces(), settings.resourceLabelSelector()));

    HealthChecks health = new HealthChecks();
    health.register("controllers", () -> new HealthChecks.Check(operator.getRuntimeInfo().isStarted()
        && operator.getRuntimeInfo().allEventSourcesAreHealthy(),
        operator.getRuntimeInfo().isStarted() ? "informers: " + (operator.getRuntimeInfo().allEventSourcesAreHealthy()
            ? "healthy" : "unhealthy " + operator.getRuntimeInfo().unhealthyEventSources().keySet()) : "starting"));
    HttpEndpoint metricsEndpoint = endpoint(settings.metricsPort(), Map.of("/metrics",
        () -> new Response(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape())));
    resources.add(metricsEndpoint);
    HttpEndpoint healthEndpoint = endpoint(settings.healthPort(), Map.of("/healthz", health::healthz,
        "/readyz", health::readyz));
    resources.add(healthEndpoint);
    resources.add(operator::stop);
    operator.start();
    return new KasoOperator(resources, metricsEndpoint, healthEndpoint);
  }

  public int metricsPort() {
    return metricsEndpoint.port();
  }

  public int healthPort() {
    return healthEndpoint.port();
  }

  @Override
  public void close() {
    closeAll(resources);
  }

  /** Closes in reverse order of creation: the operator first, the AWS clients last. */
  private static void closeAll(List<AutoCloseable> resources) {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        LOG.warn("error while stopping: {}", e.toString());
      }
    }
    resources.clear();
  }

  private static HttpEndpoint endpoint(int port, Map<String, java.util.function.Supplier<Response>> routes) {
    try {
      return new HttpEndpoint("0.0.0.0", port, routes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + ": " + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage())
        : e.getMessage() + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }
}
