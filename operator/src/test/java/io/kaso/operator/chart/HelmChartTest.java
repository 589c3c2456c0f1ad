package io.kaso.operator.chart;

import static io.kaso.operator.testing.ChartManifests.parse;
import static io.kaso.operator.testing.ChartManifests.permissions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kaso.operator.config.OperatorSettings;
import io.kaso.operator.kube.DataHashSecret;
import io.kaso.operator.testing.ChartManifests.Permission;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Helm chart (DESIGN 8), linted and rendered with helm-java, its objects checked as Fabric8 models. */
class HelmChartTest {
  private static final Path CHART = Path.of(System.getProperty("kaso.repoRoot", "..")).resolve("helm/kaso");
  private static final String RELEASE = "kaso";
  private static final String NAMESPACE = "kaso-system";
  private static final String REGION = "eu-west-2";
  /** Kubernetes version rendered for (helm-java's default is 1.20.0, the oldest the chart supports). */
  private static final String KUBE_VERSION = "1.30.0";
  private static final KubernetesSerialization YAML = new KubernetesSerialization();


  /**
   * The operator's Kubernetes API calls in a namespace it watches, whatever features are used: watching and updating
   * its resources (finalizers) and their status (merge patch), the target Secrets (informer with a label selector,
   * create/update/delete), Events, and reading the workloads (those to restart are looked for whenever a Secret's data
   * changes). When the operator starts calling something else, these lists and the chart change together.
   */
  private static final Set<Permission> ALWAYS_NAMESPACED = union(
      grant("kaso.io", "externalparameters,externalsecrets", "get,list,watch,patch,update"),
      grant("kaso.io", "externalparameters/status,externalsecrets/status", "get,patch,update"),
      grant("", "secrets", "get,list,watch,create,update,delete"),
      grant("", "events", "create"),
      grant("apps", "deployments,statefulsets,daemonsets", "get,list"));
  /** With rbac.serviceAccountTokens: the ServiceAccount (its IRSA role) and TokenRequests of serviceAccountName. */
  private static final Set<Permission> TOKENS = union(grant("", "serviceaccounts", "get"),
      grant("", "serviceaccounts/token", "create"));
  /** With rbac.rollouts: the restart, a patch of the pod template. */
  private static final Set<Permission> ROLLOUTS = grant("apps", "deployments,statefulsets,daemonsets", "patch");
  /** The defaults (both features on), in a watched namespace. */
  private static final Set<Permission> NAMESPACED_API_CALLS = union(ALWAYS_NAMESPACED, TOKENS, ROLLOUTS);
  /** Cluster-wide, when every namespace is watched: reading the Namespaces' policy annotations. */
  private static final Set<Permission> NAMESPACES = grant("", "namespaces", "get");
  /** Cluster-wide by default: the namespaced calls, plus reading the Namespaces' policy annotations. */
  private static final Set<Permission> CLUSTER_API_CALLS = union(NAMESPACED_API_CALLS, NAMESPACES);
  /** In the operator's own namespace: the leader-election Lease and the data-hash key Secret. */
  private static final Set<Permission> OWN_NAMESPACE_API_CALLS = union(
      grant("coordination.k8s.io", "leases", "get,create,update,patch"),
      grant("", "secrets", "get,create"));

  @TempDir
  Path tmp;

  @Test
  void lintsCleanInStrictMode() {
    LintResult lint = new Helm(CHART).lint().strict().call();

    assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    assertThat(lint.isFailed()).as("%s", lint.getMessages()).isFalse();
  }

  @Test
  void defaultRenderHasTheOperatorsObjectsAndNoPdbForOneReplica() {
    List<HasMetadata> objects = render("");

    assertThat(objects).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactlyInAnyOrder(
        "ServiceAccount/kaso", "ClusterRole/kaso", "ClusterRoleBinding/kaso", "Role/kaso-operator-ns",
        "RoleBinding/kaso-operator-ns", "Deployment/kaso", "Service/kaso-metrics");
    assertThat(objects).filteredOn(o -> o.getMetadata().getNamespace() != null)
        .allSatisfy(o -> assertThat(o.getMetadata().getNamespace()).isEqualTo(NAMESPACE));
    Deployment deployment = one(objects, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(env(deployment)).containsEntry("KASO_LEADER_ELECTION", "false");
  }

  @Test
  void everyObjectCarriesTheStandardLabels() {
    List<HasMetadata> objects = render("");

    assertThat(objects).allSatisfy(o -> assertThat(o.getMetadata().getLabels()).containsEntry(
            "app.kubernetes.io/name", "kaso").containsEntry("app.kubernetes.io/instance", RELEASE)
        .containsEntry("app.kubernetes.io/version", "0.1.0").containsEntry("app.kubernetes.io/managed-by", "Helm")
        .containsEntry("helm.sh/chart", "kaso-0.1.0"));
    Deployment deployment = one(objects, Deployment.class);
    assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(
        Map.of("app.kubernetes.io/name", "kaso", "app.kubernetes.io/instance", RELEASE));
    assertThat(one(objects, Service.class).getSpec().getSelector())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void fullnameOverrideNamesEveryObject() {
    List<HasMetadata> objects = render("fullnameOverride: secrets-operator\n");

    assertThat(objects).extracting(o -> o.getMetadata().getName())
        .allMatch(name -> name.startsWith("secrets-operator"));
    assertThat(one(objects, ClusterRoleBinding.class).getSubjects().get(0).getName()).isEqualTo("secrets-operator");
  }

  @Test
  void podAndContainerRunLockedDown() {
    PodSpec pod = one(render(""), Deployment.class).getSpec().getTemplate().getSpec();
    Container container = pod.getContainers().get(0);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(65532L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getSecurityContext().getPrivileged()).isNull();
    assertThat(pod.getAutomountServiceAccountToken()).isTrue();
    assertThat(pod.getServiceAccountName()).isEqualTo("kaso");
  }

  @Test
  void tmpIsAnEmptyDirBecauseTheRootFilesystemIsReadOnly() {
    PodSpec pod = one(render(""), Deployment.class).getSpec().getTemplate().getSpec();

    assertThat(pod.getContainers().get(0).getVolumeMounts())
        .anySatisfy(m -> {
          assertThat(m.getMountPath()).isEqualTo("/tmp");
          assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(m.getName()))
              .singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
        });
  }

  @Test
  void probesAskHealthzAndReadyzOnTheHealthPort() {
    Container container = one(render(""), Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getStartupProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(container.getStartupProbe().getPeriodSeconds() * container.getStartupProbe().getFailureThreshold())
        .as("seconds a start may take").isGreaterThanOrEqualTo(60);
    assertThat(container.getLivenessProbe().getInitialDelaySeconds()).as("the startupProbe holds it off").isNull();
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(container.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactlyInAnyOrder("metrics:8080", "health:8081");
  }

  @Test
  void containerHasDefaultResourcesAndImageFromAppVersion() {
    Container container = one(render(""), Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getImage()).isEqualTo("ghcr.io/kaso-io/kaso:0.1.0");
    assertThat(container.getResources().getRequests())
        .isEqualTo(Map.of("cpu", new Quantity("200m"), "memory", new Quantity("384Mi")));
    assertThat(container.getResources().getLimits()).isEqualTo(Map.of("memory", new Quantity("512Mi")));
  }

  /**
   * The JVM starts as the image's ENTRYPOINT does, with the same options, and without JAVA_TOOL_OPTIONS (the JVM
   * prints "Picked up JAVA_TOOL_OPTIONS" before the first JSON log line for it).
   */
  @Test
  void theJvmStartsWithTheImagesOptionsAndNoJavaToolOptions() throws IOException {
    Container container = one(render(""), Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(String.join(" ", container.getCommand())).isEqualTo(imageEntrypoint());
    assertThat(container.getArgs()).isNullOrEmpty();
    assertThat(container.getEnv()).extracting(EnvVar::getName)
        .doesNotContain("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");
  }

  @Test
  void extraJavaOptionsComeAfterTheImagesSoTheyWin() throws IOException {
    Container container = one(render("extraJavaOptions: [\"-XX:MaxRAMPercentage=60\", \"-Xss512k\"]\n"),
        Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(String.join(" ", container.getCommand())).isEqualTo(
        imageEntrypoint().replace(" -jar ", " -XX:MaxRAMPercentage=60 -Xss512k -jar "));
  }

  /** Outside EKS: static keys from a Secret the user made, read by the AWS SDK's environment provider. */
  @Test
  void awsCredentialsComeFromTheNamedSecret() {
    Container container = one(render("aws: {credentials: {secretName: kaso-aws}}\n"), Deployment.class)
        .getSpec().getTemplate().getSpec().getContainers().get(0);

    Map<String, String> fromSecret = new LinkedHashMap<>();
    container.getEnv().stream().filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
        .forEach(e -> {
          assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("kaso-aws");
          fromSecret.put(e.getName(), e.getValueFrom().getSecretKeyRef().getKey());
        });
    assertThat(fromSecret).containsExactly(Map.entry("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY_ID"),
        Map.entry("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"),
        Map.entry("AWS_SESSION_TOKEN", "AWS_SESSION_TOKEN"));
    assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("AWS_SESSION_TOKEN")).singleElement()
        .satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getOptional()).isTrue());
    assertThat(one(render(""), Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName).doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
  }

  /** The words of the Dockerfile's ENTRYPOINT (exec form), joined by spaces. */
  private static String imageEntrypoint() throws IOException {
    Path dockerfile = CHART.resolve("../../Dockerfile").normalize();
    String line = Files.readAllLines(dockerfile).stream().filter(l -> l.startsWith("ENTRYPOINT "))
        .reduce((a, b) -> b).orElseThrow();
    return Pattern.compile("\"([^\"]*)\"").matcher(line).results().map(m -> m.group(1))
        .collect(Collectors.joining(" "));
  }

  @Test
  void irsaRoleFromValuesLandsOnTheServiceAccount() {
    String role = "arn:aws:iam::111122223333:role/kaso-operator";
    ServiceAccount account = one(render("""
        serviceAccount:
          annotations:
            eks.amazonaws.com/role-arn: %s
        """.formatted(role)), ServiceAccount.class);

    assertThat(account.getMetadata().getAnnotations()).containsEntry("eks.amazonaws.com/role-arn", role);
    assertThat(account.getAutomountServiceAccountToken()).isTrue();
  }

  @Test
  void anExistingServiceAccountIsUsedWhenNotCreated() {
    List<HasMetadata> objects = render("serviceAccount: {create: false, name: platform-kaso}\n");

    assertThat(objects).noneMatch(ServiceAccount.class::isInstance);
    assertThat(one(objects, Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("platform-kaso");
    assertThat(one(objects, ClusterRoleBinding.class).getSubjects().get(0).getName()).isEqualTo("platform-kaso");
  }

  @Test
  void everyOperatorSettingComesFromItsValue() {
    Deployment deployment = one(render("""
        aws: {region: us-east-1, endpointUrl: "http://moto.test:5000"}
        watchNamespaces: [shop, billing]
        resourceLabelSelector: shard=a
        events: {queueUrl: "https://sqs.us-east-1.amazonaws.com/111122223333/kaso-events"}
        defaultRefreshInterval: 30m
        minRefreshInterval: 1m
        cacheTtl: 5s
        batchWindow: 50ms
        reconcileThreads: 32
        rates: {ssm: 10, secretsManager: 200, batchGetSecretValue: 20, kms: 100, sts: 2.5}
        namespacePolicy: Open
        allowCredentialsSecrets: false
        sessionTags: true
        rolloutRate: 0.5
        leaderElection: {enabled: true}
        metrics: {port: 9090}
        health: {port: 9091}
        log: {format: text, level: DEBUG}
        extraEnv:
          - {name: AWS_ENDPOINT_URL_SSM, value: "http://ssm.test"}
        """, false), Deployment.class);

    Map<String, String> env = env(deployment);
    assertThat(env).containsAllEntriesOf(Map.ofEntries(
        Map.entry("AWS_REGION", "us-east-1"),
        Map.entry("AWS_ENDPOINT_URL", "http://moto.test:5000"),
        Map.entry("KASO_WATCH_NAMESPACES", "shop,billing"),
        Map.entry("KASO_LABEL_SELECTOR", "shard=a"),
        Map.entry("KASO_EVENTS_QUEUE_URL", "https://sqs.us-east-1.amazonaws.com/111122223333/kaso-events"),
        Map.entry("KASO_DEFAULT_REFRESH_INTERVAL", "30m"),
        Map.entry("KASO_MIN_REFRESH_INTERVAL", "1m"),
        Map.entry("KASO_CACHE_TTL", "5s"),
        Map.entry("KASO_BATCH_WINDOW", "50ms"),
        Map.entry("KASO_RECONCILE_THREADS", "32"),
        Map.entry("KASO_RATE_SSM", "10"),
        Map.entry("KASO_RATE_SECRETS_MANAGER", "200"),
        Map.entry("KASO_RATE_BATCH_GET_SECRET_VALUE", "20"),
        Map.entry("KASO_RATE_KMS", "100"),
        Map.entry("KASO_RATE_STS", "2.5"),
        Map.entry("KASO_NAMESPACE_POLICY", "Open"),
        Map.entry("KASO_ALLOW_CREDENTIALS_SECRETS", "false"),
        Map.entry("KASO_SESSION_TAGS", "true"),
        Map.entry("KASO_ROLLOUT_RATE", "0.5"),
        Map.entry("KASO_LEADER_ELECTION", "true"),
        Map.entry("KASO_METRICS_PORT", "9090"),
        Map.entry("KASO_HEALTH_PORT", "9091"),
        Map.entry("KASO_LOG_FORMAT", "text"),
        Map.entry("KASO_LOG_LEVEL", "DEBUG"),
        Map.entry("AWS_ENDPOINT_URL_SSM", "http://ssm.test")));
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts())
        .extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactlyInAnyOrder("metrics:9090", "health:9091");
    OperatorSettings settings = OperatorSettings.parse(env, new String[0]);
    assertThat(settings.watchNamespaces()).containsExactly("shop", "billing");
    assertThat(settings.rates().sts()).isEqualTo(2.5);
    assertThat(settings.minRefreshInterval()).hasMinutes(1);
  }

  @Test
  void everySettingOfTheOperatorIsSetByTheChart() {
    Container container = one(render("""
        aws: {region: eu-west-2, endpointUrl: "http://moto.test:5000"}
        watchNamespaces: [shop]
        resourceLabelSelector: shard=a
        events: {queueUrl: "https://sqs.eu-west-2.amazonaws.com/111122223333/kaso-events"}
        """, false), Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getEnv()).extracting(EnvVar::getName).containsAll(OperatorSettings.NAMES)
        .doesNotHaveDuplicates();
    assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("KASO_NAMESPACE")).singleElement()
        .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace"));
    assertThat(container.getEnv()).filteredOn(e -> e.getName().equals("POD_NAMESPACE")).singleElement()
        .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace"));
  }

  @Test
  void defaultValuesAreTheOperatorsDefaultsAndUnsetOptionsAreLeftOut() {
    Map<String, String> env = env(one(render(""), Deployment.class));

    assertThat(env).containsAllEntriesOf(Map.ofEntries(
        Map.entry("AWS_REGION", REGION),
        Map.entry("KASO_DEFAULT_REFRESH_INTERVAL", "1h"),
        Map.entry("KASO_MIN_REFRESH_INTERVAL", "10s"),
        Map.entry("KASO_CACHE_TTL", "10s"),
        Map.entry("KASO_BATCH_WINDOW", "20ms"),
        Map.entry("KASO_RECONCILE_THREADS", "16"),
        Map.entry("KASO_RATE_SSM", "30"),
        Map.entry("KASO_RATE_SECRETS_MANAGER", "1000"),
        Map.entry("KASO_RATE_BATCH_GET_SECRET_VALUE", "50"),
        Map.entry("KASO_RATE_KMS", "500"),
        Map.entry("KASO_RATE_STS", "5"),
        Map.entry("KASO_NAMESPACE_POLICY", "Annotated"),
        Map.entry("KASO_ALLOW_CREDENTIALS_SECRETS", "true"),
        Map.entry("KASO_SESSION_TAGS", "false"),
        Map.entry("KASO_ROLLOUT_RATE", "2"),
        Map.entry("KASO_METRICS_PORT", "8080"),
        Map.entry("KASO_HEALTH_PORT", "8081"),
        Map.entry("KASO_LOG_FORMAT", "json"),
        Map.entry("KASO_LOG_LEVEL", "INFO")));
    assertThat(env).doesNotContainKeys("AWS_ENDPOINT_URL", "KASO_WATCH_NAMESPACES", "KASO_LABEL_SELECTOR",
        "KASO_EVENTS_QUEUE_URL");
    OperatorSettings settings = OperatorSettings.parse(env, new String[0]);
    OperatorSettings defaults = OperatorSettings.parse(Map.of("AWS_REGION", REGION), new String[0]);
    assertThat(settings).isEqualTo(defaults);
  }

  @Test
  void clusterRoleGrantsExactlyTheOperatorsApiCalls() {
    List<HasMetadata> objects = render("");
    ClusterRole role = one(objects, ClusterRole.class);

    assertThat(permissions(role.getRules())).isEqualTo(CLUSTER_API_CALLS);
    assertThat(role.getRules()).allSatisfy(r -> assertThat(r.getResourceNames()).isNullOrEmpty());
    ClusterRoleBinding binding = one(objects, ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo("kaso");
      assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
    });
  }

  @Test
  void ownNamespaceRoleGrantsTheLeaseAndOnlyTheDataHashKeySecret() {
    List<HasMetadata> objects = render("");
    Role role = one(objects, Role.class);

    assertThat(role.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(permissions(role.getRules())).isEqualTo(OWN_NAMESPACE_API_CALLS);
    assertThat(role.getRules()).filteredOn(r -> r.getResources().contains("secrets") && r.getVerbs().contains("get"))
        .singleElement().satisfies(r -> assertThat(r.getResourceNames()).containsExactly(DataHashSecret.SECRET_NAME));
    RoleBinding binding = one(objects, RoleBinding.class);
    assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(binding.getSubjects().get(0).getName()).isEqualTo("kaso");
  }

  @Test
  void watchNamespacesGivesARolePerNamespaceAndNoClusterWideSecrets() {
    List<HasMetadata> objects = render("watchNamespaces: [shop, billing]\n");

    Map<String, Role> roles = all(objects, Role.class).stream()
        .collect(Collectors.toMap(r -> r.getMetadata().getNamespace(), r -> r));
    assertThat(roles).containsOnlyKeys("shop", "billing", NAMESPACE);
    assertThat(permissions(roles.get("shop").getRules())).isEqualTo(NAMESPACED_API_CALLS);
    assertThat(permissions(roles.get("billing").getRules())).isEqualTo(NAMESPACED_API_CALLS);
    assertThat(permissions(roles.get(NAMESPACE).getRules())).isEqualTo(OWN_NAMESPACE_API_CALLS);
    assertThat(all(objects, RoleBinding.class)).extracting(b -> b.getMetadata().getNamespace() + "/"
            + b.getRoleRef().getKind() + "/" + b.getRoleRef().getName() + "->" + b.getSubjects().get(0).getNamespace()
            + "/" + b.getSubjects().get(0).getName())
        .containsExactlyInAnyOrder("shop/Role/kaso->kaso-system/kaso", "billing/Role/kaso->kaso-system/kaso",
            "kaso-system/Role/kaso-operator-ns->kaso-system/kaso");
    ClusterRole clusterRole = one(objects, ClusterRole.class);
    assertThat(permissions(clusterRole.getRules())).containsExactly(new Permission("", "namespaces", "get"));
    assertThat(clusterRole.getRules().get(0).getResourceNames()).containsExactlyInAnyOrder("shop", "billing");
    assertThat(one(objects, ClusterRoleBinding.class).getRoleRef().getName())
        .isEqualTo(clusterRole.getMetadata().getName());
    assertThat(env(one(objects, Deployment.class))).containsEntry("KASO_WATCH_NAMESPACES", "shop,billing");
  }

  /**
   * Every combination of the RBAC values (issue 13): exactly the rules the features in use need, in the ClusterRole
   * (all namespaces) or in the Role of each watched namespace; the operator's own namespace and the Namespaces are
   * the same in every combination; nothing else grants anything.
   */
  @ParameterizedTest(name = "watchNamespaces={0} serviceAccountTokens={1} rollouts={2}")
  @CsvSource({
      "false, true, true", "false, true, false", "false, false, true", "false, false, false",
      "true, true, true", "true, true, false", "true, false, true", "true, false, false"})
  void eachRbacCombinationGrantsExactlyWhatItsFeaturesUse(boolean namespaced, boolean tokens, boolean rollouts) {
    List<HasMetadata> objects = render((namespaced ? "watchNamespaces: [shop, billing]\n" : "")
        + "rbac: {serviceAccountTokens: " + tokens + ", rollouts: " + rollouts + "}\n");

    Set<Permission> perNamespace = union(ALWAYS_NAMESPACED, tokens ? TOKENS : Set.of(), rollouts ? ROLLOUTS : Set.of());
    Map<String, Role> roles = all(objects, Role.class).stream()
        .collect(Collectors.toMap(r -> r.getMetadata().getNamespace(), r -> r));
    ClusterRole clusterRole = one(objects, ClusterRole.class);
    if (namespaced) {
      assertThat(roles).containsOnlyKeys("shop", "billing", NAMESPACE);
      assertThat(permissions(roles.get("shop").getRules())).isEqualTo(perNamespace);
      assertThat(permissions(roles.get("billing").getRules())).isEqualTo(perNamespace);
      assertThat(permissions(clusterRole.getRules())).isEqualTo(NAMESPACES);
      assertThat(clusterRole.getRules()).singleElement()
          .satisfies(r -> assertThat(r.getResourceNames()).containsExactlyInAnyOrder("shop", "billing"));
    } else {
      assertThat(roles).containsOnlyKeys(NAMESPACE);
      assertThat(permissions(clusterRole.getRules())).isEqualTo(union(perNamespace, NAMESPACES));
      assertThat(clusterRole.getRules()).allSatisfy(r -> assertThat(r.getResourceNames()).isNullOrEmpty());
    }
    assertThat(permissions(roles.get(NAMESPACE).getRules())).isEqualTo(OWN_NAMESPACE_API_CALLS);
    // The release namespace is never given more than its own two things, even when it is also watched.
    assertThat(permissions(roles.get(NAMESPACE).getRules()))
        .doesNotContain(new Permission("", "serviceaccounts/token", "create"))
        .doesNotContain(new Permission("apps", "deployments", "patch"));
  }

  @Test
  void nothingWatchesWorkloadsSoNoRuleGrantsIt() {
    assertThat(permissions(one(render(""), ClusterRole.class).getRules()))
        .filteredOn(p -> p.apiGroup().equals("apps")).noneMatch(p -> p.verb().equals("watch"));
  }

  @Test
  void rbacValuesDefaultToBothFeaturesOnForExistingInstalls() throws IOException {
    String values = Files.readString(CHART.resolve("values.yaml"));
    assertThat(values).contains("  serviceAccountTokens: true\n").contains("  rollouts: true\n");
    assertThat(permissions(one(render(""), ClusterRole.class).getRules())).containsAll(TOKENS).containsAll(ROLLOUTS);
  }

  @Test
  void twoReplicasTurnOnLeaderElectionAndAPodDisruptionBudget() {
    List<HasMetadata> objects = render("replicas: 2\n");

    Deployment deployment = one(objects, Deployment.class);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(env(deployment)).containsEntry("KASO_LEADER_ELECTION", "true");
    PodDisruptionBudget pdb = one(objects, PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void podDisruptionBudgetIsPolicyV1beta1OnKubernetes120() {
    List<HasMetadata> objects = parse(template("replicas: 2\n", true, "1.20.15"));

    assertThat(one(objects, io.fabric8.kubernetes.api.model.policy.v1beta1.PodDisruptionBudget.class)
        .getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
  }

  @Test
  void leaderElectionCanBeTurnedOnForOneReplica() {
    List<HasMetadata> objects = render("leaderElection: {enabled: true}\n");

    assertThat(env(one(objects, Deployment.class))).containsEntry("KASO_LEADER_ELECTION", "true");
    assertThat(objects).noneMatch(PodDisruptionBudget.class::isInstance);
  }

  @Test
  void podDisruptionBudgetCanBeTurnedOffForManyReplicas() {
    assertThat(render("replicas: 3\npodDisruptionBudget: {enabled: false}\n"))
        .noneMatch(PodDisruptionBudget.class::isInstance);
  }

  @Test
  void metricsServiceExposesTheMetricsPort() {
    Service service = one(render("metrics: {port: 9100}\n"), Service.class);

    assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
    assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
      assertThat(p.getName()).isEqualTo("metrics");
      assertThat(p.getPort()).isEqualTo(9100);
      assertThat(p.getTargetPort().getStrVal()).isEqualTo("metrics");
    });
  }

  @Test
  void serviceMonitorScrapesMetricsWhenEnabled() {
    GenericKubernetesResource monitor = one(render("""
        metrics:
          serviceMonitor: {enabled: true, interval: 15s, labels: {release: prometheus}}
        """), GenericKubernetesResource.class);

    assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "port")).isEqualTo("metrics");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "path")).isEqualTo("/metrics");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "interval")).isEqualTo("15s");
    assertThat(render("")).noneMatch(GenericKubernetesResource.class::isInstance);
  }

  @Test
  void networkPolicyOpensOnlyMetricsAndHealthAndAllowsAllEgressByDefault() {
    NetworkPolicy policy = one(render("""
        networkPolicy:
          enabled: true
          metricsFrom:
            - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
        """), NetworkPolicy.class);

    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
      assertThat(rule.getPorts()).extracting(p -> p.getPort().getStrVal())
          .containsExactlyInAnyOrder("metrics", "health");
      assertThat(rule.getFrom()).singleElement().satisfies(peer -> assertThat(
          peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "monitoring"));
    });
    assertThat(policy.getSpec().getEgress()).singleElement().satisfies(rule -> {
      assertThat(rule.getTo()).isNullOrEmpty();
      assertThat(rule.getPorts()).isNullOrEmpty();
    });
  }

  @Test
  void networkPolicyEgressCanBeRestricted() {
    NetworkPolicy policy = one(render("""
        networkPolicy:
          enabled: true
          egress:
            - to: [{ipBlock: {cidr: 10.0.0.0/16}}]
              ports: [{port: 443, protocol: TCP}]
        """), NetworkPolicy.class);

    assertThat(policy.getSpec().getEgress()).singleElement().satisfies(rule -> {
      assertThat(rule.getTo()).singleElement().satisfies(to -> assertThat(to.getIpBlock().getCidr())
          .isEqualTo("10.0.0.0/16"));
      assertThat(rule.getPorts()).singleElement().satisfies(p -> assertThat(p.getPort().getIntVal()).isEqualTo(443));
    });
    assertThat(render("")).noneMatch(NetworkPolicy.class::isInstance);
  }

  @Test
  void schedulingAndPodMetadataComeFromValues() {
    Deployment deployment = one(render("""
        nodeSelector: {kubernetes.io/os: linux}
        tolerations: [{key: dedicated, operator: Equal, value: platform, effect: NoSchedule}]
        priorityClassName: system-cluster-critical
        podAnnotations: {example.com/team: platform}
        podLabels: {team: platform}
        imagePullSecrets: [{name: regcred}]
        topologySpreadConstraints:
          - {maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway}
        affinity:
          podAntiAffinity:
            preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 100
                podAffinityTerm:
                  topologyKey: kubernetes.io/hostname
                  labelSelector: {matchLabels: {app.kubernetes.io/name: kaso}}
        """), Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();

    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");
    assertThat(pod.getImagePullSecrets()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
    assertThat(pod.getTopologySpreadConstraints()).singleElement()
        .satisfies(c -> assertThat(c.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone"));
    assertThat(pod.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("example.com/team", "platform");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "platform")
        .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void notesSayWhatToDoNext() {
    String annotated = notes("annotated.yaml", "");
    String open = notes("open.yaml", "namespacePolicy: Open\n");

    assertThat(annotated).contains("kubectl -n kaso-system get pods", "system:serviceaccount:kaso-system:kaso",
        "kaso.io/allowed-sources", "kaso.io/allowed-roles", "examples/", "kubectl get xp,xs -A",
        "aws.credentials.secretName");
    // The example's namespace exists only once examples/namespace.yaml is applied.
    assertThat(annotated).contains("kubectl apply -f examples/namespace.yaml -f examples/external-parameter.yaml");
    assertThat(notes("static.yaml", "aws: {credentials: {secretName: kaso-aws}}\n"))
        .contains("Secret kaso-system/kaso-aws", "create secret generic kaso-aws")
        .doesNotContain("eks.amazonaws.com/role-arn");
    assertThat(open).contains("Namespace policy is Open", "kubectl get xp,xs -A")
        .doesNotContain("kaso.io/allowed-sources");
    assertThat(annotated).contains("serviceAccountName needs no annotation").doesNotContain("Rollouts are off");
    assertThat(notes("lean.yaml", "rbac: {serviceAccountTokens: false, rollouts: false}\n"))
        .contains("spec.aws.serviceAccountName is off", "Rollouts are off", "RolloutFailed")
        .doesNotContain("serviceAccountName needs no annotation");
  }

  @Test
  void missingRegionFailsWithAClearMessage() {
    assertThatThrownBy(() -> template("", false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("aws.region is required");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      namespacePolicy: Closed                 | namespacePolicy
      reconcileThreads: many                  | reconcileThreads
      reconcileThreads: 0                     | reconcileThreads
      rates: {ssm: 0}                         | ssm
      log: {format: xml}                      | format
      cacheTtl: 10 seconds                    | cacheTtl
      aws: {region: Europe}                   | region
      watchNamespaces: [Shop_Prod]            | watchNamespaces
      replicaCount: 2                         | replicaCount
      serviceAccount: {annotation: {a: b}}    | annotation
      javaToolOptions: -Xmx1g                 | javaToolOptions
      aws: {credentials: {secret: kaso-aws}}  | secret
      aws: {credentials: {secretName: A_B}}   | secretName
      rbac: {rollouts: "no"}                  | rollouts
      rbac: {serviceAccountTokens: 1}         | serviceAccountTokens
      rbac: {tokens: false}                   | tokens
      minRefreshInterval: 10 seconds          | minRefreshInterval
      """)
  void schemaRejectsABadValue(String values, String named) {
    // Values are checked against the schema before anything is rendered, so no region is needed here.
    assertThatThrownBy(() -> template(values + "\n", false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schema")
        .hasMessageContaining(named);
  }

  // --- helpers ---

  private List<HasMetadata> render(String values) {
    return render(values, true);
  }

  private List<HasMetadata> render(String values, boolean withRegion) {
    return parse(template(values, withRegion));
  }

  /** helm template of the chart with these values (YAML); the region is --set unless told otherwise. */
  private String template(String values, boolean withRegion) {
    return template(values, withRegion, KUBE_VERSION);
  }

  private String template(String values, boolean withRegion, String kubeVersion) {
    try {
      Path file = Files.createTempFile(tmp, "values-", ".yaml");
      Files.writeString(file, values);
      TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
          .withKubeVersion(kubeVersion).withValuesFile(file);
      if (withRegion) {
        command.set("aws.region", REGION);
      }
      return command.call();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The NOTES.txt of an install, rendered client-side (a dry run: no cluster is contacted). */
  private String notes(String name, String values) {
    try {
      Path file = Files.writeString(tmp.resolve(name), values);
      return new Helm(CHART).install().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(file)
          .set("aws.region", REGION).clientOnly().withDryRunOption(DryRun.CLIENT).call().getOutput();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type) {
    List<T> found = all(objects, type);
    assertThat(found).as("objects of type %s", type.getSimpleName()).hasSize(1);
    return found.get(0);
  }

  private static Map<String, String> env(Deployment deployment) {
    return env(deployment.getSpec().getTemplate().getSpec().getContainers().get(0));
  }

  /** The container's literal environment variables (valueFrom ones are left out). */
  private static Map<String, String> env(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    container.getEnv().stream().filter(e -> e.getValue() != null).forEach(e -> env.put(e.getName(), e.getValue()));
    return env;
  }

  private static Set<Permission> grant(String apiGroup, String resources, String verbs) {
    return Arrays.stream(resources.split(",")).flatMap(resource -> Arrays.stream(verbs.split(","))
        .map(verb -> new Permission(apiGroup, resource, verb))).collect(Collectors.toSet());
  }

  @SafeVarargs
  private static Set<Permission> union(Set<Permission>... sets) {
    return Stream.of(sets).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
  }
}
