package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.await;
import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.RolloutTarget;
import io.kaso.operator.api.v1alpha1.WorkloadKind;
import io.kaso.operator.kube.EventRecorder;
import io.kaso.operator.kube.RolloutRestarter;
import io.kaso.operator.testing.OperatorRun;
import io.kaso.operator.testing.OperatorTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** Rollout restarts (DESIGN 2.5): exactly the workloads using a Secret, once per real change of its data. */
class RolloutRestartIT extends OperatorTest {
  private static final String RESTARTED_AT = "kaso.io/restartedAt";

  @Override
  protected Map<String, String> settings() {
    return Map.of("KASO_ROLLOUT_RATE", "50");
  }

  @Test
  void restartsTheNamedAndTheOptedInWorkloadsOncePerChange() {
    deployment("shop-web", false, new PodSpecBuilder().addNewContainer().withName("web").withImage("web")
        .endContainer().build());
    deployment("env-from", true, new PodSpecBuilder().addNewContainer().withName("c").withImage("i")
        .addNewEnvFrom().withNewSecretRef().withName("shop-config").endSecretRef().endEnvFrom().endContainer().build());
    deployment("env-key", true, new PodSpecBuilder().addNewContainer().withName("c").withImage("i")
        .addNewEnv().withName("X").withNewValueFrom().withNewSecretKeyRef().withName("shop-config").withKey("FLAG")
        .endSecretKeyRef().endValueFrom().endEnv().endContainer().build());
    deployment("volume", true, new PodSpecBuilder().addNewContainer().withName("c").withImage("i").endContainer()
        .addNewVolume().withName("v").withNewSecret().withSecretName("shop-config").endSecret().endVolume().build());
    deployment("projected", true, new PodSpecBuilder().addNewContainer().withName("c").withImage("i").endContainer()
        .addNewVolume().withName("p").withNewProjected().addNewSource().withNewSecret().withName("shop-config")
        .endSecret().endSource().endProjected().endVolume().build());
    deployment("other-secret", true, new PodSpecBuilder().addNewContainer().withName("c").withImage("i")
        .addNewEnvFrom().withNewSecretRef().withName("something-else").endSecretRef().endEnvFrom().endContainer()
        .build());
    deployment("not-opted-in", false, new PodSpecBuilder().addNewContainer().withName("c").withImage("i")
        .addNewEnvFrom().withNewSecretRef().withName("shop-config").endSecretRef().endEnvFrom().endContainer().build());
    kube.client().apps().statefulSets().inNamespace(NS).resource(new StatefulSetBuilder().withNewMetadata()
        .withName("db").withNamespace(NS).endMetadata().withNewSpec().withNewTemplate().withNewSpec()
        .addNewContainer().withName("db").withImage("db").endContainer().endSpec().endTemplate().endSpec().build())
        .create();

    aws.putParameter("/shop/flag", "one", ParameterType.STRING);
    resources.createParameter(NS, "shop-config", s -> {
      s.setParameters(List.of(new ParameterRef("/shop/flag", "FLAG")));
      s.setRolloutRestart(List.of(new RolloutTarget(WorkloadKind.Deployment, "shop-web"),
          new RolloutTarget(WorkloadKind.StatefulSet, "db"), new RolloutTarget(WorkloadKind.DaemonSet, "missing")));
    });
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "shop-config")).containsEntry("FLAG", "one"));
    // The first write is not a change: nothing restarts.
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).untilAsserted(() ->
        assertThat(restartedAt("shop-web")).isNull());

    aws.putParameter("/shop/flag", "two", ParameterType.STRING);
    resources.forceSync(ExternalParameter.class, NS, "shop-config", "1");
    eventually().untilAsserted(() -> {
      for (String name : List.of("shop-web", "env-from", "env-key", "volume", "projected")) {
        assertThat(restartedAt(name)).as(name).isNotNull();
      }
      assertThat(kube.client().apps().statefulSets().inNamespace(NS).withName("db").get().getSpec().getTemplate()
          .getMetadata().getAnnotations()).containsKey(RESTARTED_AT);
    });
    assertThat(restartedAt("other-secret")).isNull();
    assertThat(restartedAt("not-opted-in")).isNull();
    eventually().untilAsserted(() -> assertThat(resources.events(NS, "shop-config"))
        .anyMatch(e -> e.startsWith("Warning RolloutTargetNotFound") && e.contains("missing")));
    eventually().untilAsserted(() -> assertThat(operator.scrapeMetrics())
        .contains("kaso_rollout_restarts_total{kind=\"Deployment\"} 5.0")
        .contains("kaso_rollout_restarts_total{kind=\"StatefulSet\"} 1.0"));

    // A resync that finds the same data restarts nothing.
    String first = restartedAt("shop-web");
    String resourceVersion = kube.client().apps().deployments().inNamespace(NS).withName("shop-web").get()
        .getMetadata().getResourceVersion();
    resources.forceSync(ExternalParameter.class, NS, "shop-config", "2");
    eventually().untilAsserted(() -> assertThat(operator.calls().count("GetParameters")).isEqualTo(3));
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
      assertThat(restartedAt("shop-web")).isEqualTo(first);
      assertThat(kube.client().apps().deployments().inNamespace(NS).withName("shop-web").get().getMetadata()
          .getResourceVersion()).isEqualTo(resourceVersion);
    });
  }

  @Test
  void aRolloutDueWhenTheOperatorStoppedHappensOnceAfterTheNextOneStarts() {
    operator.close();
    // A rate this low keeps the first operator from restarting anything before it stops.
    operator = OperatorRun.start(kube, moto.endpoint(), Map.of("KASO_ROLLOUT_RATE", "0.001"));
    deployment("shop-web", false, new PodSpecBuilder().addNewContainer().withName("web").withImage("web")
        .endContainer().build());
    aws.putParameter("/shop/flag", "one", ParameterType.STRING);
    resources.createParameter(NS, "shop-config", s -> {
      s.setParameters(List.of(new ParameterRef("/shop/flag", "FLAG")));
      s.setRolloutRestart(List.of(new RolloutTarget(WorkloadKind.Deployment, "shop-web")));
    });
    eventually().untilAsserted(() -> assertThat(resources.data(NS, "shop-config")).containsEntry("FLAG", "one"));
    assertThat(pendingRollout()).isNull();

    aws.putParameter("/shop/flag", "two", ParameterType.STRING);
    resources.forceSync(ExternalParameter.class, NS, "shop-config", "1");
    eventually().untilAsserted(() -> {
      assertThat(resources.data(NS, "shop-config")).containsEntry("FLAG", "two");
      assertThat(pendingRollout()).isEqualTo(resources.secret(NS, "shop-config").getMetadata().getAnnotations()
          .get("kaso.io/data-hash"));
    });
    operator.close();
    assertThat(restartedAt("shop-web")).as("restarted before the operator stopped").isNull();

    operator = OperatorRun.start(kube, moto.endpoint(), Map.of("KASO_ROLLOUT_RATE", "50"));
    eventually().untilAsserted(() -> {
      assertThat(restartedAt("shop-web")).isNotNull();
      assertThat(pendingRollout()).isNull();
    });
    eventually().untilAsserted(() -> assertThat(operator.scrapeMetrics())
        .contains("kaso_rollout_restarts_total{kind=\"Deployment\"} 1.0"));
    // Later reconciles (a forced sync finding the same data) restart nothing more.
    resources.forceSync(ExternalParameter.class, NS, "shop-config", "2");
    eventually().untilAsserted(() -> assertThat(operator.calls().count("GetParameters")).isEqualTo(2));
    assertThat(operator.scrapeMetrics()).contains("kaso_rollout_restarts_total{kind=\"Deployment\"} 1.0");
  }

  @Test
  void theRolloutWorkerSurvivesAnErrorAndAnExceptionAndRetriesTheChange() {
    deployment("web", false, new PodSpecBuilder().addNewContainer().withName("web").withImage("web")
        .endContainer().build());
    AtomicInteger asked = new AtomicInteger();
    RolloutTarget failingTwice = new RolloutTarget(WorkloadKind.Deployment, "web") {
      @Override
      public WorkloadKind getKind() {
        int n = asked.getAndIncrement();
        if (n == 0) {
          throw new AssertionError("an Error while resolving the targets");
        }
        if (n == 1) {
          throw new IllegalStateException("an exception while resolving the targets");
        }
        return super.getKind();
      }
    };
    ExternalParameter owner = new ExternalParameter();
    owner.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName("owner").build());
    try (RolloutRestarter restarter = new RolloutRestarter(kube.client(),
        new EventRecorder(kube.client(), Clock.systemUTC()), 50, Clock.systemUTC(), new SimpleMeterRegistry())) {
      restarter.secretChanged(owner, "owner", List.of(failingTwice), "hash-1");

      eventually().untilAsserted(() -> assertThat(restartedAt("web")).isNotNull());
      assertThat(restarter.alive()).isTrue();
      assertThat(asked.get()).isGreaterThan(2);
    }
  }

  private String pendingRollout() {
    Map<String, String> a = resources.secret(NS, "shop-config").getMetadata().getAnnotations();
    return a == null ? null : a.get("kaso.io/rollout-pending");
  }

  private void deployment(String name, boolean reload, PodSpec pod) {
    DeploymentBuilder d = new DeploymentBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withNewSpec().withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withSpec(pod)
        .endTemplate().endSpec();
    if (reload) {
      d.editMetadata().addToAnnotations("kaso.io/reload", "true").endMetadata();
    }
    kube.client().apps().deployments().inNamespace(NS).resource(d.build()).create();
  }

  private String restartedAt(String deployment) {
    Deployment d = kube.client().apps().deployments().inNamespace(NS).withName(deployment).get();
    Map<String, String> a = d.getSpec().getTemplate().getMetadata() == null ? null
        : d.getSpec().getTemplate().getMetadata().getAnnotations();
    return a == null ? null : a.get(RESTARTED_AT);
  }
}
