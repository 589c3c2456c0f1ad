package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.CreationPolicy;
import io.kaso.operator.api.v1alpha1.DeletionPolicy;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;
import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.api.v1alpha1.ParameterPath;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.RefreshPolicy;
import io.kaso.operator.api.v1alpha1.RolloutTarget;
import io.kaso.operator.api.v1alpha1.SecretDataFrom;
import io.kaso.operator.api.v1alpha1.SecretFind;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.api.v1alpha1.SourceDeletionPolicy;
import io.kaso.operator.api.v1alpha1.SourceVersion;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.api.v1alpha1.WorkloadKind;
import io.kaso.operator.reconciler.Reconciliation;
import io.kaso.operator.testing.DenyingAwsProxy;
import io.kaso.operator.testing.OperatorRun;
import io.kaso.operator.testing.OperatorTest;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * Lifecycle policies end to end (issue 11): creationPolicy Orphan, None and a missing Merge target; refreshPolicy
 * CreatedOnce and OnChange (timer, AWS events, spec changes, restarts); sourceDeletionPolicy Delete. Time passing is
 * shown by a witness resource polling every second through a path (GetParametersByPath), never by sleeping; what the
 * resources under test read is counted by operation (GetParameters).
 */
class LifecycleIT extends OperatorTest {
  private static final String RESTARTED_AT = "kaso.io/restartedAt";
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(Reconciliation.class);
  private Level level;
  private String queueUrl;

  @Override
  protected Map<String, String> settings() {
    try (SqsClient sqs = aws.sqs()) {
      queueUrl = sqs.createQueue(r -> r.queueName("kaso-lifecycle")).queueUrl();
    }
    // Reads go to AWS every time (no cache), so a refresh that happens shows in the call counts.
    return Map.of("KASO_EVENTS_QUEUE_URL", queueUrl, "KASO_MIN_REFRESH_INTERVAL", "1s", "KASO_CACHE_TTL", "0");
  }

  @BeforeEach
  void captureLogs() {
    level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
    logger.setLevel(level);
  }

  // ---- creationPolicy -----------------------------------------------------------------------------------------------

  @Test
  void orphanHasNoOwnerReferenceIsRestoredAfterDriftAndOutlivesItsResource() {
    aws.putParameter("/shop/orphan/a", "1", ParameterType.STRING);
    parameter("orphan", s -> {
      s.setParameters(List.of(new ParameterRef("/shop/orphan/a", "A")));
      s.setTarget(target(t -> t.setDeletionPolicy(DeletionPolicy.Delete)));
    });
    awaitReady(ExternalParameter.class, "orphan");
    assertThat(resources.secret(NS, "orphan").getMetadata().getOwnerReferences()).as("Owner").hasSize(1);

    resources.editParameter(NS, "orphan", s -> s.getTarget().setCreationPolicy(CreationPolicy.Orphan));
    eventually().untilAsserted(() -> assertThat(resources.secret(NS, "orphan").getMetadata().getOwnerReferences())
        .isNullOrEmpty());
    Secret secret = resources.secret(NS, "orphan");
    assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "kaso");
    assertThat(secret.getMetadata().getAnnotations()).containsKey("kaso.io/data-hash");

    kube.client().secrets().inNamespace(NS).withName("orphan").delete();
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "orphan")).containsEntry("A", "1"));

    kube.client().resources(ExternalParameter.class).inNamespace(NS).withName("orphan").delete();
    eventually().untilAsserted(() -> assertThat(resources.parameter(NS, "orphan")).isNull());
    assertThat(resources.data(NS, "orphan")).as("deletionPolicy Delete does not apply to Orphan")
        .containsEntry("A", "1");
  }

  @Test
  void noneWritesNoSecretAndRestartsNothingButReportsKeysAndSources() {
    aws.putParameter("/shop/none/a", "1", ParameterType.STRING);
    aws.putParameter("/shop/none/b", "2", ParameterType.STRING);
    deployment("web");
    parameter("dry", s -> {
      s.setPaths(List.of(new ParameterPath("/shop/none/")));
      s.setRolloutRestart(List.of(new RolloutTarget(WorkloadKind.Deployment, "web")));
      s.setTarget(target(t -> t.setCreationPolicy(CreationPolicy.None)));
    });
    Condition ready = awaitReady(ExternalParameter.class, "dry");
    assertThat(ready.getMessage()).contains("2 keys", "no Secret written");
    assertThat(resources.parameter(NS, "dry").getStatus().getSyncedKeys()).isEqualTo(2);
    assertThat(resources.parameter(NS, "dry").getStatus().getSources()).extracting(SourceVersion::getName)
        .containsExactly("/shop/none/a", "/shop/none/b");

    aws.putParameter("/shop/none/a", "changed", ParameterType.STRING);
    resources.forceSync(ExternalParameter.class, NS, "dry", "1");
    eventually().untilAsserted(() -> assertThat(resources.parameter(NS, "dry").getStatus().getSources())
        .contains(new SourceVersion("/shop/none/a", "2")));
    assertThat(resources.secret(NS, "dry")).isNull();
    assertThat(restartedAt("web")).isNull();
  }

  @Test
  void mergeIntoAMissingSecretIsTargetNotFoundUntilTheSecretExists() {
    aws.putParameter("/shop/merge/a", "1", ParameterType.STRING);
    parameter("merger", s -> {
      s.setParameters(List.of(new ParameterRef("/shop/merge/a", "A")));
      s.setTarget(target(t -> {
        t.setName("made-by-helm");
        t.setCreationPolicy(CreationPolicy.Merge);
      }));
    });
    Condition c = awaitFailed(ExternalParameter.class, "merger", "TargetNotFound");
    assertThat(c.getMessage()).contains("made-by-helm", "does not exist", "Merge");
    eventually().untilAsserted(() -> assertThat(resources.events(NS, "merger"))
        .anyMatch(e -> e.startsWith("Warning TargetNotFound")));
    assertThat(resources.secret(NS, "made-by-helm")).as("Merge does not create").isNull();

    kube.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("made-by-helm")
        .endMetadata().addToData("OTHER", b64("x")).build()).create();
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "made-by-helm")).containsEntry("A", "1")
        .containsEntry("OTHER", "x"));
  }

  // ---- status heartbeat ---------------------------------------------------------------------------------------------

  @Test
  void refreshesThatFindNothingNewWriteNoStatusUntilSomethingChanges() {
    AtomicInteger statusWrites = new AtomicInteger();
    kube.onEveryRequest(r -> {
      if ("PATCH".equals(r.getMethod()) && r.getPath() != null && r.getPath().contains("/externalparameters/clock/")) {
        statusWrites.incrementAndGet();
      }
    });
    startClock();
    eventually().untilAsserted(() -> assertThat(statusWrites).hasValue(1));
    String lastSync = resources.parameter(NS, "clock").getStatus().getLastSyncTime();
    awaitClockTicks(3);
    assertThat(statusWrites).as("three refreshes read AWS, none changed anything: no status write").hasValue(1);
    assertThat(resources.parameter(NS, "clock").getStatus().getLastSyncTime()).isEqualTo(lastSync);

    aws.putParameter("/clock/tick", "changed", ParameterType.STRING);
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "clock")).containsValue("changed"));
    eventually().untilAsserted(() -> assertThat(resources.parameter(NS, "clock").getStatus().getLastSyncTime())
        .isNotEqualTo(lastSync));
    assertThat(statusWrites).as("the refresh that found new data wrote the status").hasValue(2);
  }

  // ---- refreshPolicy ------------------------------------------------------------------------------------------------

  @Test
  void createdOnceIgnoresTheTimerAndAwsEventsAndReadsAgainOnForceSyncOrASpecChange() {
    aws.putParameter("/shop/once", "v1", ParameterType.STRING);
    startClock();
    parameter("once", s -> {
      s.setRefreshPolicy(RefreshPolicy.CreatedOnce);
      s.setRefreshInterval("1s");
      s.setParameters(List.of(new ParameterRef("/shop/once", "VALUE")));
    });
    awaitReady(ExternalParameter.class, "once");
    assertThat(resources.data(NS, "once")).containsEntry("VALUE", "v1");
    assertThat(resources.parameter(NS, "once").getStatus().getNextRefreshTime()).isNull();
    int reads = operator.calls().count("GetParameters");

    aws.putParameter("/shop/once", "v2", ParameterType.STRING);
    sendParameterEvent("/shop/once");
    eventually().untilAsserted(() -> assertThat(operator.scrapeMetrics())
        .contains("kaso_events_total{outcome=\"unmatched\",source=\"ssm\"} 1.0"));
    awaitClockTicks(3);
    assertThat(operator.calls().count("GetParameters")).as("no read after the first sync").isEqualTo(reads);
    assertThat(resources.data(NS, "once")).containsEntry("VALUE", "v1");

    resources.forceSync(ExternalParameter.class, NS, "once", "1");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "once")).containsEntry("VALUE", "v2"));

    aws.putParameter("/shop/once", "v3", ParameterType.STRING);
    resources.editParameter(NS, "once", s -> s.setRefreshInterval("2s"));
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "once")).containsEntry("VALUE", "v3"));
  }

  @Test
  void createdOnceStillRestoresAnEditedSecretFromItsLastSync() {
    aws.putParameter("/shop/once", "v1", ParameterType.STRING);
    parameter("once", s -> {
      s.setRefreshPolicy(RefreshPolicy.CreatedOnce);
      s.setParameters(List.of(new ParameterRef("/shop/once", "VALUE")));
    });
    awaitReady(ExternalParameter.class, "once");
    int reads = operator.calls().count("GetParameters");
    aws.putParameter("/shop/once", "v2", ParameterType.STRING);
    kube.client().secrets().inNamespace(NS).resource(new SecretBuilder(resources.secret(NS, "once"))
        .addToData("VALUE", b64("tampered")).build()).update();
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "once")).containsEntry("VALUE", "v1"));
    assertThat(operator.calls().count("GetParameters")).as("restored without reading AWS").isEqualTo(reads);
  }

  @Test
  void onChangeReadsOnAwsEventsAndSpecChangesButNeverOnATimer() {
    aws.putParameter("/shop/onchange", "v1", ParameterType.STRING);
    startClock();
    parameter("onchange", s -> {
      s.setRefreshPolicy(RefreshPolicy.OnChange);
      s.setRefreshInterval("1s");
      s.setParameters(List.of(new ParameterRef("/shop/onchange", "VALUE")));
    });
    awaitReady(ExternalParameter.class, "onchange");
    assertThat(resources.parameter(NS, "onchange").getStatus().getNextRefreshTime()).isNull();
    int reads = operator.calls().count("GetParameters");
    awaitClockTicks(3);
    assertThat(operator.calls().count("GetParameters")).as("no read on a timer").isEqualTo(reads);

    aws.putParameter("/shop/onchange", "v2", ParameterType.STRING);
    sendParameterEvent("/shop/onchange");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "onchange")).containsEntry("VALUE", "v2"));

    aws.putParameter("/shop/onchange", "v3", ParameterType.STRING);
    resources.editParameter(NS, "onchange", s -> s.setRefreshInterval("2s"));
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "onchange")).containsEntry("VALUE", "v3"));
  }

  @Test
  void aRestartReadsNothingForCreatedOnceAndOnChangeResourcesReadyForTheirSpec() {
    aws.putParameter("/shop/a", "a", ParameterType.STRING);
    parameter("once", s -> {
      s.setRefreshPolicy(RefreshPolicy.CreatedOnce);
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
    });
    parameter("onchange", s -> {
      s.setRefreshPolicy(RefreshPolicy.OnChange);
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
    });
    parameter("dry", s -> {
      s.setRefreshPolicy(RefreshPolicy.OnChange);
      s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
      s.setTarget(target(t -> t.setCreationPolicy(CreationPolicy.None)));
    });
    for (String name : List.of("once", "onchange", "dry")) {
      awaitReady(ExternalParameter.class, name);
    }

    operator.close();
    logs.list.clear();
    operator = OperatorRun.start(kube, moto.endpoint(), settings());
    eventually().untilAsserted(() -> assertThat(resumed()).contains("once", "onchange", "dry"));
    assertThat(operator.calls().count("GetParameters")).as("AWS reads after the restart").isZero();
  }

  // ---- sourceDeletionPolicy -----------------------------------------------------------------------------------------

  @Test
  void deleteRemovesTheSecretOnlyOnceEverySourceIsGoneAndWritesItAgainWhenOneIsBack() {
    createSecret("lifecycle/one", "1");
    createSecret("lifecycle/two", "2");
    secretResource("deprovisioned", s -> {
      s.setData(List.of(new SecretRef("ONE", "lifecycle/one"), new SecretRef("TWO", "lifecycle/two")));
      s.setTarget(target(t -> t.setSourceDeletionPolicy(SourceDeletionPolicy.Delete)));
    });
    awaitReady(ExternalSecret.class, "deprovisioned");

    deleteSecret("lifecycle/one");
    resources.forceSync(ExternalSecret.class, NS, "deprovisioned", "1");
    Condition one = awaitFailed(ExternalSecret.class, "deprovisioned", "SourceNotFound");
    assertThat(one.getMessage()).doesNotContain("is deleted");
    assertThat(resources.data(NS, "deprovisioned")).as("one source is left: the Secret stays")
        .containsEntry("ONE", "1").containsEntry("TWO", "2");

    deleteSecret("lifecycle/two");
    resources.forceSync(ExternalSecret.class, NS, "deprovisioned", "2");
    eventually().untilAsserted(() -> assertThat(resources.secret(NS, "deprovisioned")).isNull());
    Condition gone = awaitFailed(ExternalSecret.class, "deprovisioned", "SourceNotFound");
    assertThat(gone.getMessage()).contains("every source", "Secret shop/deprovisioned is deleted");
    assertThat(resources.secretResource(NS, "deprovisioned").getStatus().getSyncedKeys()).isZero();
    eventually().untilAsserted(() -> assertThat(resources.events(NS, "deprovisioned"))
        .anyMatch(e -> e.startsWith("Warning SourceNotFound") && e.contains("is deleted")));

    createSecret("lifecycle/one", "1b");
    createSecret("lifecycle/two", "2b");
    resources.forceSync(ExternalSecret.class, NS, "deprovisioned", "3");
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "deprovisioned")).containsEntry("ONE", "1b")
        .containsEntry("TWO", "2b"));
  }

  @Test
  void retainKeepsTheSecretWhenEverySourceIsGone() {
    createSecret("lifecycle/kept", "1");
    secretResource("retained", s -> s.setData(List.of(new SecretRef("ONE", "lifecycle/kept"))));
    awaitReady(ExternalSecret.class, "retained");
    deleteSecret("lifecycle/kept");
    resources.forceSync(ExternalSecret.class, NS, "retained", "1");
    awaitFailed(ExternalSecret.class, "retained", "SourceNotFound");
    assertThat(resources.data(NS, "retained")).containsEntry("ONE", "1");
  }

  @Test
  void deleteWithMergeRemovesOnlyKasosKeysWhenEveryPathIsEmpty() {
    aws.putParameter("/shop/merged/a", "1", ParameterType.STRING);
    aws.putParameter("/shop/merged/b", "2", ParameterType.STRING);
    kube.client().secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("shared")
        .endMetadata().addToData("OTHER", b64("x")).build()).create();
    parameter("merged", s -> {
      s.setPaths(List.of(new ParameterPath("/shop/merged/")));
      s.setTarget(target(t -> {
        t.setName("shared");
        t.setCreationPolicy(CreationPolicy.Merge);
        t.setSourceDeletionPolicy(SourceDeletionPolicy.Delete);
      }));
    });
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "shared")).containsKeys("A", "B", "OTHER"));

    try (var ssm = aws.ssm()) {
      ssm.deleteParameters(r -> r.names("/shop/merged/a", "/shop/merged/b"));
    }
    resources.forceSync(ExternalParameter.class, NS, "merged", "1");
    Condition c = awaitFailed(ExternalParameter.class, "merged", "SourceNotFound");
    assertThat(c.getMessage()).contains("Kaso's keys are removed from Secret shop/shared");
    assertThat(resources.data(NS, "shared")).containsOnly(Map.entry("OTHER", "x"));
  }

  @Test
  void deleteNeverRemovesTheSecretWhenASourceIsDeniedRatherThanGone() throws IOException {
    createSecret("lifecycle/gone", "1");
    createSecret("lifecycle/found/x", "2");
    createSecret("lifecycle/denied", "3");
    try (DenyingAwsProxy proxy = new DenyingAwsProxy(moto.endpoint())) {
      operator.close();
      operator = OperatorRun.start(kube, proxy.endpoint(), settings());
      SecretFind find = new SecretFind();
      find.setNamePrefix("lifecycle/found/");
      SecretDataFrom found = new SecretDataFrom();
      found.setFind(find);
      secretResource("guarded", s -> {
        s.setData(List.of(new SecretRef("GONE", "lifecycle/gone")));
        s.setDataFrom(List.of(found));
        s.setTarget(target(t -> t.setSourceDeletionPolicy(SourceDeletionPolicy.Delete)));
      });
      secretResource("alone", s -> {
        s.setData(List.of(new SecretRef("DENIED", "lifecycle/denied")));
        s.setTarget(target(t -> t.setSourceDeletionPolicy(SourceDeletionPolicy.Delete)));
      });
      awaitReady(ExternalSecret.class, "guarded");
      awaitReady(ExternalSecret.class, "alone");
      assertThat(resources.data(NS, "guarded")).containsEntry("GONE", "1").containsEntry("X", "2");

      // The named secret is gone; the find is denied, so it is not known to be gone: nothing is deleted.
      deleteSecret("lifecycle/gone");
      proxy.deny("lifecycle/found/");
      proxy.deny("lifecycle/denied");
      resources.forceSync(ExternalSecret.class, NS, "guarded", "1");
      resources.forceSync(ExternalSecret.class, NS, "alone", "1");
      Condition guarded = awaitFailed(ExternalSecret.class, "guarded", "SourceNotFound");
      assertThat(guarded.getMessage()).doesNotContain("is deleted");
      awaitFailed(ExternalSecret.class, "alone", "AccessDenied");
      assertThat(resources.data(NS, "guarded")).containsEntry("GONE", "1").containsEntry("X", "2");
      assertThat(resources.data(NS, "alone")).containsEntry("DENIED", "3");
    }
  }

  // ---- helpers ------------------------------------------------------------------------------------------------------

  private void parameter(String name, Consumer<ExternalParameterSpec> spec) {
    resources.createParameter(NS, name, spec);
  }

  private void secretResource(String name, Consumer<ExternalSecretSpec> spec) {
    resources.createSecret(NS, name, spec);
  }

  private static Target target(Consumer<Target> settings) {
    Target t = new Target();
    settings.accept(t);
    return t;
  }

  /** A Periodic resource reading a path every second: its reads (GetParametersByPath) show time passing. */
  private void startClock() {
    aws.putParameter("/clock/tick", "t", ParameterType.STRING);
    parameter("clock", s -> {
      s.setRefreshInterval("1s");
      s.setPaths(List.of(new ParameterPath("/clock/")));
    });
    awaitReady(ExternalParameter.class, "clock");
  }

  /** Waits until the clock has read its path this many more times: more than that many seconds have passed. */
  private void awaitClockTicks(int ticks) {
    int from = operator.calls().count("GetParametersByPath");
    eventually().untilAsserted(() -> assertThat(operator.calls().count("GetParametersByPath"))
        .isGreaterThanOrEqualTo(from + ticks));
  }

  private Condition awaitReady(Class<?> kind, String name) {
    return awaitCondition(kind, name, c -> assertThat(c.getStatus()).as("%s: %s", name, c.getMessage())
        .isEqualTo("True"));
  }

  private Condition awaitFailed(Class<?> kind, String name, String reason) {
    return awaitCondition(kind, name, c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo(reason);
    });
  }

  private Condition awaitCondition(Class<?> kind, String name, Consumer<Condition> check) {
    eventually().untilAsserted(() -> assertThat(condition(kind, name)).hasValueSatisfying(check));
    return condition(kind, name).orElseThrow();
  }

  private Optional<Condition> condition(Class<?> kind, String name) {
    return kind == ExternalSecret.class ? resources.secretReady(NS, name) : resources.parameterReady(NS, name);
  }

  private void sendParameterEvent(String name) {
    try (SqsClient sqs = aws.sqs()) {
      sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"version\":\"0\",\"detail-type\":"
          + "\"Parameter Store Change\",\"source\":\"aws.ssm\",\"time\":\"" + Instant.now()
          + "\",\"detail\":{\"name\":\"" + name + "\",\"type\":\"String\",\"operation\":\"Update\"}}"));
    }
  }

  private void createSecret(String name, String value) {
    try (var sm = aws.secretsManager()) {
      sm.createSecret(r -> r.name(name).secretString(value));
    }
  }

  private void deleteSecret(String name) {
    try (var sm = aws.secretsManager()) {
      sm.deleteSecret(r -> r.secretId(name).forceDeleteWithoutRecovery(true));
    }
  }

  private void deployment(String name) {
    kube.client().apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata()
        .withName(name).withNamespace(NS).endMetadata().withNewSpec().withNewTemplate().withNewMetadata()
        .addToLabels("app", name).endMetadata().withSpec(new PodSpecBuilder().addNewContainer().withName("app")
        .withImage("app").endContainer().build()).endTemplate().endSpec().build()).create();
  }

  private String restartedAt(String deployment) {
    Deployment d = kube.client().apps().deployments().inNamespace(NS).withName(deployment).get();
    Map<String, String> a = d.getSpec().getTemplate().getMetadata().getAnnotations();
    return a == null ? null : a.get(RESTARTED_AT);
  }

  private List<String> resumed() {
    return logs.list.stream().filter(e -> e.getFormattedMessage().startsWith("resumed from the cluster"))
        .map(e -> e.getMDCPropertyMap().get("name")).toList();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes());
  }
}
