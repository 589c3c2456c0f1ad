package io.kaso.operator.it;

import static io.kaso.operator.testing.Resources.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.kaso.operator.api.v1alpha1.AwsAccess;
import io.kaso.operator.api.v1alpha1.CreationPolicy;
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
import io.kaso.operator.testing.KubeApi;
import io.kaso.operator.testing.MotoServer;
import io.kaso.operator.testing.OperatorRun;
import io.kaso.operator.testing.Resources;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The chart can never lack a permission: the operator runs every feature against the in-memory API with its own
 * client, every request it makes is recorded as an RBAC (group, resource, verb), and the chart's default RBAC must
 * grant each one.
 */
@ExtendWith(MotoServer.class)
class RbacCoverageIT {
  private static final String NS = "shop";
  private static final String AGENT = "kaso-operator-under-test";

  @Test
  void theChartGrantsEveryApiCallTheOperatorMakes(MotoServer moto) throws Exception {
    Set<Permission> used;
    try (KubeApi kube = new KubeApi()) {
      exercise(kube, moto);
      used = recorded(kube);
    }
    List<HasMetadata> chart = ChartManifests.render(Map.of("aws.region", "us-east-1"));
    Set<Permission> granted = new HashSet<>();
    chart.stream().filter(ClusterRole.class::isInstance)
        .forEach(r -> granted.addAll(ChartManifests.permissions(((ClusterRole) r).getRules())));
    chart.stream().filter(Role.class::isInstance)
        .forEach(r -> granted.addAll(ChartManifests.permissions(((Role) r).getRules())));

    assertThat(used).as("the scenario exercised the operator").contains(
        new Permission("kaso.io", "externalparameters/status", "patch"),
        new Permission("", "secrets", "create"), new Permission("", "secrets", "update"),
        new Permission("", "secrets", "delete"), new Permission("", "events", "create"),
        new Permission("", "serviceaccounts/token", "create"), new Permission("apps", "deployments", "patch"),
        new Permission("coordination.k8s.io", "leases", "create"));
    // Every authenticated user may review its own rules (system:basic-user); JOSDK does before leader election.
    granted.add(new Permission("authorization.k8s.io", "selfsubjectrulesreviews", "create"));
    Set<String> missing = new TreeSet<>();
    used.stream().filter(p -> !granted.contains(p)).forEach(p -> missing.add(p.toString()));
    assertThat(missing).as("API calls the chart's RBAC does not grant").isEmpty();
  }

  /** Every feature once: both kinds, identities, policy, Merge/Retain/Delete, drift, rollouts, leader election. */
  private static void exercise(KubeApi kube, MotoServer moto) {
    KubernetesClient admin = kube.client();
    Resources resources = new Resources(admin);
    Aws aws = new Aws(moto.endpoint());
    aws.putParameter("/shop/a", "1", ParameterType.STRING);
    try (var sm = aws.secretsManager()) {
      sm.createSecret(r -> r.name("prod/shop/db").secretString("pw"));
    }
    kube.namespace(NS, Map.of("kaso.io/allowed-sources", "*"));
    admin.serviceAccounts().inNamespace(NS).resource(new ServiceAccountBuilder().withNewMetadata().withName("app")
        .addToAnnotations("eks.amazonaws.com/role-arn", "arn:aws:iam::123456789012:role/app").endMetadata().build())
        .create();
    kube.server().expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().addNewResourceRule()
            .withApiGroups("coordination.k8s.io").withResources("leases").withVerbs("get", "create", "update")
            .endResourceRule().withIncomplete(false).endStatus().build()).always();
    kube.server().expect().post().withPath("/api/v1/namespaces/shop/serviceaccounts/app/token")
        .andReturn(201, new TokenRequestBuilder().withNewStatus().withToken("eyJ.e30.c2ln").endStatus().build())
        .always();
    admin.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("shared").endMetadata()
        .addToData("OTHER", "eA==").build()).create();
    admin.apps().deployments().inNamespace(NS).resource(new DeploymentBuilder().withNewMetadata().withName("web")
        .addToAnnotations("kaso.io/reload", "true").endMetadata().withNewSpec().withNewTemplate()
        .withSpec(new PodSpecBuilder().addNewContainer().withName("c").withImage("i").addNewEnvFrom().withNewSecretRef()
            .withName("owned").endSecretRef().endEnvFrom().endContainer().build()).endTemplate().endSpec().build())
        .create();

    KubernetesClient operatorClient = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(admin.getConfiguration()).withUserAgent(AGENT).build()).build();
    try (OperatorRun operator = OperatorRun.start(operatorClient, moto.endpoint(),
        Map.of("KASO_NAMESPACE_POLICY", "Annotated", "KASO_LEADER_ELECTION", "true", "KASO_ROLLOUT_RATE", "50"))) {
      AwsAccess sa = new AwsAccess();
      sa.setServiceAccountName("app");
      resources.createParameter(NS, "owned", s -> {
        s.setAws(sa);
        s.setParameters(List.of(new ParameterRef("/shop/a", "A")));
        s.setRolloutRestart(List.of(new RolloutTarget(WorkloadKind.StatefulSet, "absent")));
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
        s.setData(List.of(new SecretRef("DB", "prod/shop/db")));
        s.setTarget(retain);
      });
      eventually().untilAsserted(() -> {
        assertThat(resources.data(NS, "owned")).containsKey("A");
        assertThat(resources.data(NS, "shared")).containsKey("DB");
        assertThat(resources.data(NS, "kept")).containsKey("DB");
      });
      // Drift, a change with rollouts, deletion both ways.
      admin.secrets().inNamespace(NS).withName("owned").edit(s -> {
        s.getData().put("A", "eQ==");
        return s;
      });
      eventually().untilAsserted(() -> assertThat(resources.data(NS, "owned")).containsEntry("A", "1"));
      aws.putParameter("/shop/a", "2", ParameterType.STRING);
      resources.forceSync(ExternalParameter.class, NS, "owned", "1");
      eventually().untilAsserted(() -> assertThat(admin.apps().deployments().inNamespace(NS).withName("web").get()
          .getSpec().getTemplate().getMetadata()).isNotNull()
          .satisfies(m -> assertThat(m.getAnnotations()).containsKey("kaso.io/restartedAt")));
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
  private static Set<Permission> recorded(KubeApi kube) throws InterruptedException {
    Set<Permission> used = new HashSet<>();
    List<String> unparsed = new ArrayList<>();
    RecordedRequest request;
    while ((request = kube.server().takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
      if (!AGENT.equals(request.getHeader("User-Agent"))) {
        continue;
      }
      Permission p = permission(request.getMethod(), URI.create(request.getPath()));
      if (p == null) {
        unparsed.add(request.getMethod() + " " + request.getPath());
      } else {
        used.add(p);
      }
    }
    assertThat(unparsed).as("requests that are not resource calls").isEmpty();
    return used;
  }

  /** GET /api/v1/namespaces/shop/secrets?watch=true is (core, secrets, watch), and so on. */
  static Permission permission(String method, URI uri) {
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
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
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
    return verb == null ? null : new Permission(group, resource, verb);
  }
}
