package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kaso.operator.api.v1alpha1.AwsAccess;
import io.kaso.operator.api.v1alpha1.CreationPolicy;
import io.kaso.operator.api.v1alpha1.CredentialsSecretRef;
import io.kaso.operator.api.v1alpha1.DeletionPolicy;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.api.v1alpha1.ParameterRef;
import io.kaso.operator.api.v1alpha1.RolloutTarget;
import io.kaso.operator.api.v1alpha1.SecretRef;
import io.kaso.operator.api.v1alpha1.Target;
import io.kaso.operator.api.v1alpha1.WorkloadKind;
import io.kaso.operator.testing.Aws;
import io.kaso.operator.testing.ChartManifests;
import io.kaso.operator.testing.ChartManifests.Permission;
import io.kaso.operator.testing.ChartManifests.Request;
import io.kaso.operator.testing.KubeApi;
import io.kaso.operator.testing.MotoServer;
import io.kaso.operator.testing.OperatorRun;
import io.kaso.operator.testing.Resources;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The chart can never lack a permission, in any combination of its RBAC values: the operator runs the features a
 * combination is meant for against the in-memory API with its own client, every request it makes is recorded as
 * RBAC sees it (namespace, group, resource, verb, name), and the chart rendered with those values must grant each
 * one: cluster-wide (a ClusterRole) or namespaced (watchNamespaces: a Role per namespace), with and without
 * ServiceAccount tokens and rollouts.
 */
@ExtendWith(MotoServer.class)
class RbacCoverageIT {
  private static final String NS = "shop";
  private static final String AGENT = "kaso-operator-under-test";
  private static final Permission TOKEN = new Permission("", "serviceaccounts/token", "create");
  private static final Permission PATCH_DEPLOYMENT = new Permission("apps", "deployments", "patch");

  @ParameterizedTest(name = "watchNamespaces={0} serviceAccountTokens={1} rollouts={2}")
  @CsvSource({
      "false, true, true", "false, true, false", "false, false, true", "false, false, false",
      "true, true, true", "true, true, false", "true, false, true", "true, false, false"})
  void theChartGrantsEveryApiCallTheOperatorMakes(boolean namespaced, boolean tokens, boolean rollouts,
      MotoServer moto) throws Exception {
    Set<Request> requests;
    try (KubeApi kube = new KubeApi()) {
      exercise(kube, moto, namespaced, tokens, rollouts);
      requests = recorded(kube);
    }
    Set<Permission> used = new HashSet<>();
    requests.forEach(r -> used.add(r.permission()));
    List<HasMetadata> chart = render(namespaced, tokens, rollouts);

    assertThat(used).as("the scenario exercised the operator").contains(
        new Permission("kaso.io", "externalparameters/status", "patch"),
        new Permission("", "secrets", "create"), new Permission("", "secrets", "update"),
        new Permission("", "secrets", "delete"), new Permission("", "events", "create"),
        new Permission("apps", "deployments", "list"), new Permission("coordination.k8s.io", "leases", "create"));
    // credentialsSecretRef reads its Secret with a GET, granted by the Secret rules every combination has.
    assertThat(requests).as("credentialsSecretRef was exercised")
        .contains(new Request(NS, new Permission("", "secrets", "get"), "aws-keys"));
    if (tokens) {
      assertThat(used).as("serviceAccountName was exercised").contains(TOKEN);
    } else {
      assertThat(used).as("no serviceAccountName, no ServiceAccount access")
          .noneMatch(p -> p.resource().startsWith("serviceaccounts"));
    }
    if (rollouts) {
      assertThat(used).as("a rollout was exercised").contains(PATCH_DEPLOYMENT);
    } else {
      assertThat(used).as("no rollout, no workload patch").noneMatch(p -> p.apiGroup().equals("apps")
          && p.verb().equals("patch"));
    }
    Set<String> missing = new TreeSet<>();
    requests.stream().filter(r -> !granted(chart, r)).forEach(r -> missing.add(r.toString()));
    assertThat(missing).as("API calls the chart's RBAC does not grant").isEmpty();
    // And the values matter: the rendering without a feature would refuse what the feature needs.
    if (tokens) {
      List<HasMetadata> without = render(namespaced, false, rollouts);
      assertThat(requests).filteredOn(r -> r.permission().equals(TOKEN)).isNotEmpty()
          .noneMatch(r -> granted(without, r));
    }
    if (rollouts) {
      List<HasMetadata> without = render(namespaced, tokens, false);
      assertThat(requests).filteredOn(r -> r.permission().equals(PATCH_DEPLOYMENT)).isNotEmpty()
          .noneMatch(r -> granted(without, r));
    }
  }

  /**
   * With rbac.rollouts off, a rollout someone asks for anyway (kaso.io/reload) fails visibly: the API refuses the
   * patch as RBAC would, the resource gets a RolloutFailed Warning event, and the Secret is still synced and keeps
   * its pending rollout (retried, so granting the permission later finishes it).
   */
  @Test
  void withoutRolloutPermissionARestartFailsWithAWarningEvent(MotoServer moto) throws Exception {
    try (KubeApi kube = new KubeApi()) {
      KubernetesClient admin = kube.client();
      Resources resources = new Resources(admin);
      Aws aws = new Aws(moto.endpoint());
      aws.putParameter("/shop/forbidden", "1", ParameterType.STRING);
      kube.namespace(NS, Map.of("kaso.io/allowed-sources", "*"));
      kube.server().expect().patch().withPath("/apis/apps/v1/namespaces/shop/deployments/web")
          .andReturn(403, new StatusBuilder().withStatus("Failure").withReason("Forbidden").withCode(403)
              .withMessage("deployments.apps \"web\" is forbidden: User \"system:serviceaccount:kaso-system:kaso\" "
                  + "cannot patch resource \"deployments\" in API group \"apps\" in the namespace \"shop\"")
              .build()).always();
      createWorkload(admin, true);
      try (OperatorRun operator = OperatorRun.start(kube, moto.endpoint(),
          Map.of("KASO_NAMESPACE_POLICY", "Annotated", "KASO_ROLLOUT_RATE", "50"))) {
        resources.createParameter(NS, "owned", s -> s.setParameters(List.of(new ParameterRef("/shop/forbidden", "A"))));
        eventually().untilAsserted(() -> assertThat(resources.data(NS, "owned")).containsEntry("A", "1"));
        aws.putParameter("/shop/forbidden", "2", ParameterType.STRING);
        resources.forceSync(ExternalParameter.class, NS, "owned", "1");
        eventually().untilAsserted(() -> {
          assertThat(resources.data(NS, "owned")).containsEntry("A", "2");
          assertThat(admin.v1().events().inNamespace(NS).list().getItems())
              .filteredOn(e -> "RolloutFailed".equals(e.getReason())).singleElement().satisfies(e -> {
                assertThat(e.getType()).isEqualTo("Warning");
                assertThat(e.getInvolvedObject().getName()).isEqualTo("owned");
                assertThat(e.getMessage()).contains("Deployment shop/web").contains("forbidden");
              });
        });
        assertThat(resources.secret(NS, "owned").getMetadata().getAnnotations())
            .containsKey("kaso.io/rollout-pending");
      }
    }
  }

  private static List<HasMetadata> render(boolean namespaced, boolean tokens, boolean rollouts) {
    Map<String, String> values = new HashMap<>(Map.of("aws.region", "us-east-1",
        "rbac.serviceAccountTokens", String.valueOf(tokens), "rbac.rollouts", String.valueOf(rollouts)));
    if (namespaced) {
      values.put("watchNamespaces[0]", NS);
    }
    return ChartManifests.render(values);
  }

  private static boolean granted(List<HasMetadata> chart, Request request) {
    // Every authenticated user may review its own rules (system:basic-user); JOSDK does before leader election.
    return request.permission().equals(new Permission("authorization.k8s.io", "selfsubjectrulesreviews", "create"))
        || ChartManifests.grants(chart, request);
  }

  /** A Deployment using the Secret "owned" through envFrom; with kaso.io/reload when it should be restarted. */
  private static void createWorkload(KubernetesClient admin, boolean reload) {
    admin.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName("web")
        .withAnnotations(reload ? Map.of("kaso.io/reload", "true") : Map.of()).endMetadata().withNewSpec()
        .withNewTemplate().withSpec(new PodSpecBuilder().addNewContainer().withName("c").withImage("i")
            .addNewEnvFrom().withNewSecretRef().withName("owned").endSecretRef().endEnvFrom().endContainer().build())
        .endTemplate().endSpec().build()).create();
  }

  /**
   * Every feature the combination is for, once: both kinds, policy, Merge/Retain/Delete, drift, a data change (its
   * workloads looked for), deletion, leader election, access keys from a Secret (credentialsSecretRef);
   * serviceAccountName identities with tokens; rolloutRestart and kaso.io/reload restarts with rollouts.
   */
  private static void exercise(KubeApi kube, MotoServer moto, boolean namespaced, boolean tokens,
      boolean rollouts) {
    KubernetesClient admin = kube.client();
    Resources resources = new Resources(admin);
    Aws aws = new Aws(moto.endpoint());
    aws.putParameter("/shop/a", "1", ParameterType.STRING);
    try (var sm = aws.secretsManager()) {
      sm.createSecret(r -> r.name("prod/shop/db").secretString("pw"));
    }
    kube.namespace(NS, Map.of("kaso.io/allowed-sources", "*"));
    if (tokens) {
      admin.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName("app")
          .addToAnnotations("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/app").endMetadata()
          .build()).create();
      kube.server().expect().post().withPath("/api/v1/namespaces/shop/serviceaccounts/app/token")
          .andReturn(201, new TokenRequestBuilder().withNewStatus().withToken("eyJ.e30.c2ln").endStatus().build())
          .always();
    }
    kube.server().expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().addNewResourceRule()
            .withApiGroups("coordination.k8s.io").withResources("leases").withVerbs("get", "create", "update")
            .endResourceRule().withIncomplete(false).endStatus().build()).always();
    admin.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("shared").endMetadata()
        .addToData("OTHER", "eA==").build()).create();
    admin.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("aws-keys").endMetadata()
        .addToData("AWS_ACCESS_KEY_ID", "QUtJQVRFTkFOVA==").addToData("AWS_SECRET_ACCESS_KEY", "c2VjcmV0").build())
        .create();
    // Without rollouts the workload is not opted in: the operator still looks for workloads after a change.
    createWorkload(admin, rollouts);

    KubernetesClient operatorClient = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(admin.getConfiguration()).withUserAgent(AGENT).build()).build();
    Map<String, String> settings = new HashMap<>(Map.of("KASO_NAMESPACE_POLICY", "Annotated",
        "KASO_LEADER_ELECTION", "true", "KASO_ROLLOUT_RATE", "50"));
    if (namespaced) {
      settings.put("KASO_WATCH_NAMESPACES", NS);
    }
    try (OperatorRun operator = OperatorRun.start(operatorClient, moto.endpoint(), settings)) {
      resources.createParameter(NS, "owned", s -> {
        if (tokens) {
          AwsAccess sa = new AwsAccess();
          sa.setServiceAccountName("app");
          s.setAws(sa);
        }
        s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
        if (rollouts) {
          s.setRolloutRestart(List.of(new RolloutTarget(WorkloadKind.StatefulSet, "absent")));
        }
      });
      Target merge = new Target();
      merge.setName("shared");
      merge.setCreationPolicy(CreationPolicy.Merge);
      resources.createSecret(NS, "merged", s -> {
        s.setData(List.of(new SecretRef("DB", "prod/shop/db")));
        s.setTarget(merge);
      });
      Target retain = new Target();
      retain.setDeletionPolicy(DeletionPolicy.Retain);
      resources.createSecret(NS, "kept", s -> {
        AwsAccess keys = new AwsAccess();
        keys.setCredentialsSecretRef(new CredentialsSecretRef("aws-keys"));
        s.setAws(keys);
        s.setData(List.of(new SecretRef("DB", "prod/shop/db")));
        s.setTarget(retain);
      });
      eventually().untilAsserted(() -> {
        assertThat(resources.data(NS, "owned")).containsKey("A");
        assertThat(resources.data(NS, "shared")).containsKey("DB");
        assertThat(resources.data(NS, "kept")).containsKey("DB");
      });
      // Drift, a change (with its rollouts, or none), deletion both ways.
      admin.secrets().inNamespace(NS).withName("owned").edit(s -> {
        s.getData().put("A", "eQ==");
        return s;
      });
      eventually().untilAsserted(() -> assertThat(resources.data(NS, "owned")).containsEntry("A", "1"));
      aws.putParameter("/shop/a", "2", ParameterType.STRING);
      resources.forceSync(ExternalParameter.class, NS, "owned", "1");
      eventually().untilAsserted(() -> {
        assertThat(resources.data(NS, "owned")).containsEntry("A", "2");
        // Every restart of the change went out (none without rollouts): no longer pending.
        assertThat(resources.secret(NS, "owned").getMetadata().getAnnotations())
            .doesNotContainKey("kaso.io/rollout-pending");
      });
      var template = admin.apps().deployments().inNamespace(NS).withName("web").get().getSpec().getTemplate();
      if (rollouts) {
        assertThat(template.getMetadata().getAnnotations()).containsKey("kaso.io/restartedAt");
      } else {
        assertThat(template.getMetadata() == null ? null : template.getMetadata().getAnnotations())
            .isNullOrEmpty();
      }
      admin.resources(ExternalParameter.class).inNamespace(NS).withName("owned").delete();
      admin.resources(ExternalSecret.class).inNamespace(NS).withName("merged").delete();
      admin.resources(ExternalSecret.class).inNamespace(NS).withName("kept").delete();
      eventually().untilAsserted(() -> {
        assertThat(resources.parameter(NS, "owned")).isNull();
        assertThat(resources.secretResource(NS, "merged")).isNull();
        assertThat(resources.secretResource(NS, "kept")).isNull();
      });
    } finally {
      operatorClient.close();
    }
  }

  /** The operator's requests, as RBAC sees them. */
  private static Set<Request> recorded(KubeApi kube) throws InterruptedException {
    Set<Request> used = new HashSet<>();
    List<String> unparsed = new ArrayList<>();
    RecordedRequest request;
    while ((request = kube.server().takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
      if (!AGENT.equals(request.getHeader("User-Agent"))) {
        continue;
      }
      Request r = request(request.getMethod(), URI.create(request.getPath()));
      if (r == null) {
        unparsed.add(request.getMethod() + " " + request.getPath());
      } else {
        used.add(r);
      }
    }
    assertThat(unparsed).as("requests that are not resource calls").isEmpty();
    return used;
  }

  /** GET /api/v1/namespaces/shop/secrets?watch=true is (shop, core secrets watch, no name), and so on. */
  static Request request(String method, URI uri) {
    String[] parts = uri.getPath().replaceFirst("^/", "").split("/");
    String group;
    int at;
    if (parts.length >= 2 && parts[0].equals("api")) {
      group = "";
      at = 2;
    } else if (parts.length >= 3 && parts[0].equals("apis")) {
      group = parts[1];
      at = 3;
    } else {
      return null;
    }
    List<String> rest = new ArrayList<>(List.of(parts).subList(at, parts.length));
    String namespace = null;
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    if (rest.isEmpty()) {
      return null;
    }
    String resource = rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
    boolean named = rest.size() >= 2;
    boolean watch = uri.getQuery() != null && uri.getQuery().contains("watch=true");
    String verb = switch (method) {
      case "GET" -> named ? "get" : watch ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> null;
    };
    return verb == null ? null : new Request(namespace, new Permission(group, resource, verb),
        named ? rest.get(1) : null);
  }
}
