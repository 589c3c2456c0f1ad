package io.kaso.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
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
import io.kaso.operator.core.ParameterPlan;
import io.kaso.operator.core.RefreshPlanner;
import io.kaso.operator.core.SecretPlan;
import io.kaso.operator.core.StatusHeartbeat;
import io.kaso.operator.core.SyncTiming;
import io.kaso.operator.core.TargetTemplates;
import io.kaso.operator.events.ExpressThreads;
import io.kaso.operator.events.RotationEventParser;
import io.kaso.operator.events.SourceIndex;
import io.kaso.operator.events.SourceRouter;
import io.kaso.operator.events.SqsEventPoller;
import io.kaso.operator.health.HealthChecks;
import io.kaso.operator.health.HttpEndpoint;
import io.kaso.operator.health.HttpEndpoint.Response;
import io.kaso.operator.kube.DataHashSecret;
import io.kaso.operator.kube.EventRecorder;
import io.kaso.operator.kube.KubeCredentialsSecrets;
import io.kaso.operator.kube.KubeLookups;
import io.kaso.operator.kube.KubeServiceAccountTokens;
import io.kaso.operator.kube.RolloutRestarter;
import io.kaso.operator.kube.StatusWriter;
import io.kaso.operator.kube.TargetSecretWriter;
import io.kaso.operator.metrics.OperatorMetrics;
import io.kaso.operator.reconciler.AccessResolver;
import io.kaso.operator.reconciler.ControllerSettings;
import io.kaso.operator.reconciler.ExternalParameterReader;
import io.kaso.operator.reconciler.ExternalParameterReconciler;
import io.kaso.operator.reconciler.ExternalSecretReader;
import io.kaso.operator.reconciler.ExternalSecretReconciler;
import io.kaso.operator.reconciler.Prefetch;
import io.kaso.operator.reconciler.RefreshSlots;
import io.kaso.operator.reconciler.Reconciliation;
import io.kaso.operator.reconciler.StatusReporter;
import io.kaso.operator.reconciler.SyncMeters;
import io.kaso.operator.reconciler.SyncRun;
import io.kaso.operator.reconciler.SyncStateStore;
import io.kaso.operator.source.aws.AwsClientFactory;
import io.kaso.operator.template.JinjavaTemplateEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reads the settings, builds every collaborator, registers the reconcilers, serves metrics
 * and probes, and stops cleanly on SIGTERM. The only class that knows {@code source.aws} exists.
 */
public final class KasoOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KasoOperator.class);
  /** Syncs asked for by AWS events run on these, apart from the controllers' queue. */
  private static final int EXPRESS_THREADS = 16;
  /** How long what an event batch's readers read is kept for their syncs (the express lane runs them at once). */
  private static final Duration EVENT_READS_KEPT = Duration.ofMinutes(1);

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

    // The sync of both kinds, sharing everything but what they read.
    DataHasher hasher = new DataHasher(DataHashSecret.loadOrCreate(client, settings.operatorNamespace()));
    AccessResolver access = new AccessResolver(new NamespacePolicy(settings.namespacePolicy(),
        settings.allowCredentialsSecrets()), new KubeLookups(client, clock), new KubeCredentialsSecrets(client),
        settings.region(), AwsSources.knownRegions(settings.region()),
        settings.sessionTags());
    TargetSecretWriter writer = new TargetSecretWriter(client, settings.operatorNamespace());
    EventRecorder events = new EventRecorder(client, clock);
    RolloutRestarter rollouts = new RolloutRestarter(client, events, settings.rolloutRate(), clock, registry);
    resources.add(rollouts);
    SyncStateStore states = new SyncStateStore();
    StatusReporter reporter = new StatusReporter(new StatusWriter(client), events,
        new StatusHeartbeat(settings.statusHeartbeat()));
    RefreshPlanner planner = new RefreshPlanner(new SyncTiming(() -> ThreadLocalRandom.current().nextDouble()),
        settings.defaultRefreshInterval(), settings.minRefreshInterval());
    SyncMeters syncMeters = new SyncMeters(registry);
    // AWS events are served on threads of their own, not behind every queued reconcile.
    ExpressThreads express = new ExpressThreads(EXPRESS_THREADS);
    resources.add(express);
    SourceIndex<ExternalParameter> parameterIndex = new SourceIndex<>(r -> ParameterPlan.of(r.getSpec()),
        r -> r.getSpec() == null || RefreshPlanner.readsOnEvents(r.getSpec().refreshPolicyOrDefault()), express);
    SourceIndex<ExternalSecret> secretIndex = new SourceIndex<>(r -> SecretPlan.of(r.getSpec()),
        r -> r.getSpec() == null || RefreshPlanner.readsOnEvents(r.getSpec().refreshPolicyOrDefault()), express);
    ExternalParameterReader parameterReader = new ExternalParameterReader(aws.parameters());
    TargetTemplates templates = new TargetTemplates(new JinjavaTemplateEngine(), clock);
    ExternalSecretReader secretReader = new ExternalSecretReader(aws.secrets(), aws.decryptor());
    Prefetch<ExternalParameter, ExternalParameterSpec, ParameterPlan> parameterPrefetch =
        new Prefetch<>(ParameterPlan::of,
        spec -> planner.interval(spec.getRefreshInterval()), parameterReader, access, clock);
    Prefetch<ExternalSecret, ExternalSecretSpec, SecretPlan> secretPrefetch =
        new Prefetch<>(SecretPlan::of,
        spec -> planner.interval(spec.getRefreshInterval()), secretReader, access, clock);
    Reconciliation<ExternalParameterSpec, ExternalParameter> parameterEngine = new Reconciliation<>(
        ExternalParameterReconciler.KIND, new SyncRun<>(ParameterPlan::of, parameterReader, access, writer, hasher,
        rollouts, templates), parameterIndex, states, reporter, planner, clock, syncMeters,
        new RefreshSlots<>(ExternalParameterReconciler.KIND.name(), states, parameterIndex::cached, parameterPrefetch),
        express);
    Reconciliation<ExternalSecretSpec, ExternalSecret> secretEngine = new Reconciliation<>(
        ExternalSecretReconciler.KIND, new SyncRun<>(SecretPlan::of, secretReader, access, writer, hasher,
        rollouts, templates), secretIndex, states, reporter, planner, clock, syncMeters,
        new RefreshSlots<>(ExternalSecretReconciler.KIND.name(), states, secretIndex::cached, secretPrefetch),
        express);
    // AWS events of one receive: what all their readers read is asked for at once, in full batches.
    parameterIndex.prefetchWith(readers -> parameterPrefetch.read(readers, EVENT_READS_KEPT));
    secretIndex.prefetchWith(readers -> secretPrefetch.read(readers, EVENT_READS_KEPT));
    // A cold start: what every resource about to sync reads is asked for at once, in full batches.
    Runnable prefetch = () -> LOG.info("prefetching the sources of {} resources about to sync",
        parameterPrefetch.of(parameterIndex.resources()) + secretPrefetch.of(secretIndex.resources()));

    // Rotation events, when a queue is set: only the leader polls.
    SqsEventPoller poller = settings.eventsQueueUrl() == null ? null : new SqsEventPoller(
        aws.sqs(queueRegion(settings)), settings.eventsQueueUrl().toString(), new RotationEventParser(clock),
        new SourceRouter(aws.parameters(), aws.secrets(), List.of(parameterIndex, secretIndex), events), registry);
    if (poller != null) {
      resources.add(poller);
    }

    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withConcurrentReconciliationThreads(settings.reconcileThreads())
          .withMetrics(MicrometerMetricsV2.newBuilder(registry).build())
          .withCloseClientOnStop(false);
      if (settings.leaderElection()) {
        var leader = LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration("kaso")
            .withLeaseNamespace(settings.operatorNamespace());
        leader.withLeaderCallbacks(new LeaderCallbacks(() -> {
          prefetch.run();
          if (poller != null) {
            poller.start();
          }
        }, () -> {
          if (poller != null) {
            poller.stop();
          }
        }, id -> { }));
        o.withLeaderElectionConfiguration(leader.build());
      }
    });
    operator.register(new ExternalParameterReconciler(parameterEngine),
        o -> ControllerSettings.apply(o, settings.watchNamespaces(), settings.resourceLabelSelector()));
    operator.register(new ExternalSecretReconciler(secretEngine),
        o -> ControllerSettings.apply(o, settings.watchNamespaces(), settings.resourceLabelSelector()));

    // Added before the HTTP endpoints so it is closed after them: no probe reaches JOSDK's runtime info while the
    // operator stops. (Stopping an operator that never started only stops its executors.)
    resources.add(operator::stop);
    // Closed before the controllers stop (resources close in reverse): the queued Events go out while the watches
    // are still open; what a stopping reconcile emits afterwards is dropped (best effort).
    resources.add(events);
    HealthChecks health = ReadinessChecks.of(operator, poller, rollouts);
    HttpEndpoint metricsEndpoint = endpoint(settings.metricsPort(), Map.of("/metrics",
        () -> new Response(200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape())));
    resources.add(metricsEndpoint);
    HttpEndpoint healthEndpoint = endpoint(settings.healthPort(), Map.of("/healthz", health::healthz,
        "/readyz", health::readyz));
    resources.add(healthEndpoint);
    operator.start();
    if (!settings.leaderElection()) {
      prefetch.run();
      if (poller != null) {
        poller.start();
      }
    }
    return new KasoOperator(resources, metricsEndpoint, healthEndpoint);
  }

  /** The region of an SQS queue URL (https://sqs.eu-west-2.amazonaws.com/...), or the operator's region. */
  static String queueRegion(OperatorSettings settings) {
    String host = settings.eventsQueueUrl().getHost();
    Matcher m = Pattern.compile("^sqs[.-]([a-z]{2}(-[a-z]+)+-[0-9]+)\\.")
        .matcher(host);
    if (m.find()) {
      return m.group(1);
    }
    m = Pattern.compile("^([a-z]{2}(-[a-z]+)+-[0-9]+)\\.queue\\.").matcher(host);
    return m.find() ? m.group(1) : settings.region();
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

  /**
   * Closes in reverse order of creation: the HTTP endpoints (probes, metrics) first, then the operator, the rollout
   * worker, the AWS clients last.
   */
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

  private static HttpEndpoint endpoint(int port, Map<String, Supplier<Response>> routes) {
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
