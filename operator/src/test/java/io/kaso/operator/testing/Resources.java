package io.kaso.operator.testing;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kaso.operator.api.v1alpha1.Condition;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;
import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Creating Kaso resources and reading what the operator made of them. */
public final class Resources {
  private final KubernetesClient client;

  public Resources(KubernetesClient client) {
    this.client = client;
  }

  /** Waits as long as a sync may take on a loaded CI machine; tests assert behaviour, not speed. */
  public static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));
  }

  /**
   * Awaitility's await, which fails on an exception any thread leaves uncaught while it waits, except JOSDK's own
   * race in TimerEventSource (5.3.2): a reconcile that ends with a reschedule puts a new task in the map, the
   * informer's delete event cancels that task before Timer.schedule runs, and Timer throws "Task already scheduled
   * or cancelled" in the reconciler thread. It only happens for a resource that was just deleted (nothing is lost:
   * its schedule was being cancelled), it is not Kaso's code, and it must not fail a test at random.
   */
  public static ConditionFactory await() {
    return Awaitility.await().ignoreExceptionsMatching(Resources::josdkTimerRace);
  }

  static boolean josdkTimerRace(Throwable t) {
    return t instanceof IllegalStateException && Arrays.stream(t.getStackTrace()).anyMatch(f ->
        f.getClassName().endsWith(".TimerEventSource") && f.getMethodName().equals("scheduleOnce"));
  }

  public ExternalParameter createParameter(String namespace, String name, Consumer<ExternalParameterSpec> spec) {
    ExternalParameter xp = new ExternalParameter();
    xp.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    ExternalParameterSpec s = new ExternalParameterSpec();
    spec.accept(s);
    xp.setSpec(s);
    return client.resource(xp).create();
  }

  public ExternalSecret createSecret(String namespace, String name, Consumer<ExternalSecretSpec> spec) {
    ExternalSecret xs = new ExternalSecret();
    xs.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).build());
    ExternalSecretSpec s = new ExternalSecretSpec();
    spec.accept(s);
    xs.setSpec(s);
    return client.resource(xs).create();
  }

  public ExternalParameter parameter(String namespace, String name) {
    return client.resources(ExternalParameter.class).inNamespace(namespace).withName(name).get();
  }

  public ExternalSecret secretResource(String namespace, String name) {
    return client.resources(ExternalSecret.class).inNamespace(namespace).withName(name).get();
  }

  /** How many resources of a kind, in every namespace, are Ready=True. */
  public <T extends CustomResource<?, SyncStatus>> int readyCount(Class<T> kind) {
    return (int) client.resources(kind).inAnyNamespace().list().getItems().stream()
        .filter(r -> r.getStatus() != null && r.getStatus().ready().map(c -> "True".equals(c.getStatus())).orElse(false))
        .count();
  }

  /** The Ready condition of an ExternalParameter, if it has one. */
  public Optional<Condition> parameterReady(String namespace, String name) {
    return ready(Optional.ofNullable(parameter(namespace, name)).map(ExternalParameter::getStatus).orElse(null));
  }

  public Optional<Condition> secretReady(String namespace, String name) {
    return ready(Optional.ofNullable(secretResource(namespace, name)).map(ExternalSecret::getStatus).orElse(null));
  }

  private static Optional<Condition> ready(SyncStatus status) {
    return status == null ? Optional.empty() : status.ready();
  }

  /**
   * Sets kaso.io/force-sync on a resource, as {@code kubectl annotate --overwrite} does: a merge patch without a
   * resourceVersion, so the operator's own status write landing meanwhile is no conflict.
   */
  public void forceSync(Class<? extends CustomResource<?, ?>> kind, String namespace,
      String name, String value) {
    // A merge patch without resourceVersion, like kubectl: it never conflicts with the operator's status writes.
    client.resources(kind).inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"metadata\":{\"annotations\":{\"kaso.io/force-sync\":\"" + value + "\"}}}");
  }

  /** Edits with the resourceVersion read, as a careful client does, and reads again after a conflict. */
  private static void retryOnConflict(Runnable edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        edit.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 5) {
          throw e;
        }
      }
    }
  }

  /** Changes an ExternalParameter's spec (the generation goes up, as on a real API server). */
  public void editParameter(String namespace, String name, Consumer<ExternalParameterSpec> change) {
    retryOnConflict(() -> client.resources(ExternalParameter.class).inNamespace(namespace).withName(name).edit(x -> {
      change.accept(x.getSpec());
      x.getMetadata().setGeneration(x.getMetadata().getGeneration() == null ? 2 : x.getMetadata().getGeneration() + 1);
      return x;
    }));
  }

  /** Changes an ExternalSecret's spec (the generation goes up, as on a real API server). */
  public void editSecret(String namespace, String name, Consumer<ExternalSecretSpec> change) {
    retryOnConflict(() -> client.resources(ExternalSecret.class).inNamespace(namespace).withName(name).edit(x -> {
      change.accept(x.getSpec());
      x.getMetadata().setGeneration(x.getMetadata().getGeneration() == null ? 2 : x.getMetadata().getGeneration() + 1);
      return x;
    }));
  }

  /** The messages of the Events recorded on an object, oldest first. */
  public List<String> events(String namespace, String involvedName) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> involvedName.equals(e.getInvolvedObject().getName()))
        .map(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage()).toList();
  }

  public Secret secret(String namespace, String name) {
    return client.secrets().inNamespace(namespace).withName(name).get();
  }

  /** A Secret's data as text, key by key. */
  public Map<String, String> data(String namespace, String name) {
    Secret s = secret(namespace, name);
    Map<String, String> out = new TreeMap<>();
    if (s != null && s.getData() != null) {
      s.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    return out;
  }
}
