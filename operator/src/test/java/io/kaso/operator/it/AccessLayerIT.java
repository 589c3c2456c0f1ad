package io.kaso.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.kaso.operator.AwsSources;
import io.kaso.operator.config.OperatorSettings;
import io.kaso.operator.kube.KubeServiceAccountTokens;
import io.kaso.operator.source.Identity;
import io.kaso.operator.source.Parameter;
import io.kaso.operator.source.ParameterSelector;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SecretSelector;
import io.kaso.operator.source.SecretValue;
import io.kaso.operator.source.SourceException;
import io.kaso.operator.source.aws.AwsClientFactory;
import io.kaso.operator.testing.Aws;
import io.kaso.operator.testing.CallCounter;
import io.kaso.operator.testing.KubeApi;
import io.kaso.operator.testing.MotoServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.sts.StsClient;

/** The AWS access layer against moto, with exact call counts. */
@ExtendWith(MotoServer.class)
class AccessLayerIT {
  private static final Scope OPERATOR = new Scope(Identity.operator(), "us-east-1");
  private final CallCounter calls = new CallCounter();
  private final ExecutorService pool = Executors.newFixedThreadPool(50);
  private KubeApi kube;
  private AwsSources sources;
  private Aws aws;
  private URI endpoint;

  @BeforeEach
  void start(MotoServer moto) {
    endpoint = moto.endpoint();
    aws = new Aws(endpoint);
    kube = new KubeApi();
    OperatorSettings settings = OperatorSettings.parse(Map.of("AWS_REGION", "us-east-1",
        "KASO_BATCH_WINDOW", "1s"), new String[0]);
    sources = new AwsSources(settings, new AwsClientFactory.Options(endpoint, List.of(calls), 3),
        new KubeServiceAccountTokens(kube.client()), new SimpleMeterRegistry(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
    sources.close();
    kube.close();
  }

  @Test
  void fiftyReadsOfOnePathAtTheSameMomentCostOneCallPerPage() throws Exception {
    for (int i = 0; i < 25; i++) {
      aws.putParameter("/shop/prod/" + (i % 3 == 0 ? "db/" : "app/") + "p" + i, "v" + i, ParameterType.STRING);
    }
    List<List<Parameter>> results = concurrently(50, () -> sources.parameters().byPath(OPERATOR, "/shop/prod/", true));
    assertThat(results).allSatisfy(r -> assertThat(r).hasSize(25));
    assertThat(calls.count("GetParametersByPath")).isEqualTo(3);
  }

  @Test
  void twentyFiveNamesFromFiveReadersCostThreeCalls() throws Exception {
    List<List<ParameterSelector>> perReader = new ArrayList<>();
    for (int r = 0; r < 5; r++) {
      List<ParameterSelector> names = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String name = "/shop/r" + r + "/n" + i;
        aws.putParameter(name, name.toUpperCase(), ParameterType.SECURE_STRING);
        names.add(ParameterSelector.latest(name));
      }
      perReader.add(names);
    }
    CyclicBarrier barrier = new CyclicBarrier(5);
    List<CompletableFuture<Map<ParameterSelector, Parameter>>> futures = new ArrayList<>();
    for (List<ParameterSelector> names : perReader) {
      futures.add(CompletableFuture.supplyAsync(() -> {
        await(barrier);
        return sources.parameters().byName(OPERATOR, names);
      }, pool));
    }
    for (int r = 0; r < 5; r++) {
      Map<ParameterSelector, Parameter> got = futures.get(r).get();
      assertThat(got).hasSize(5);
      got.forEach((s, p) -> assertThat(p.value()).isEqualTo(s.name().toUpperCase()));
    }
    assertThat(calls.count("GetParameters")).isEqualTo(3);
  }

  @Test
  void versionsAndLabelsAreSelected() {
    aws.putParameter("/shop/flag", "one", ParameterType.STRING);
    aws.putParameter("/shop/flag", "two", ParameterType.STRING);
    try (var ssm = aws.ssm()) {
      ssm.labelParameterVersion(r -> r.name("/shop/flag").parameterVersion(1L).labels("stable"));
    }
    ParameterSelector v1 = new ParameterSelector("/shop/flag", 1L, null);
    ParameterSelector stable = new ParameterSelector("/shop/flag", null, "stable");
    ParameterSelector latest = ParameterSelector.latest("/shop/flag");
    Map<ParameterSelector, Parameter> got = sources.parameters().byName(OPERATOR, List.of(v1, stable, latest));
    assertThat(got.get(v1).value()).isEqualTo("one");
    assertThat(got.get(stable).value()).isEqualTo("one");
    assertThat(got.get(latest).value()).isEqualTo("two");
    assertThat(got.get(latest).version()).isEqualTo(2);
  }

  @Test
  void missingNamesAreNotFoundNamingThem() {
    aws.putParameter("/shop/here", "x", ParameterType.STRING);
    assertThatThrownBy(() -> sources.parameters().byName(OPERATOR,
        List.of(ParameterSelector.latest("/shop/here"), ParameterSelector.latest("/shop/gone"))))
        .isInstanceOf(SourceException.NotFound.class).hasMessageContaining("/shop/gone")
        .hasMessageNotContaining("/shop/here");
  }

  @Test
  void oneTenantsBadNamesInASharedBatchFailOnlyItsOwnRead() throws Exception {
    aws.putParameter("/shop/db", "shop-db", ParameterType.SECURE_STRING);
    aws.putParameter("/blog/db", "blog-db", ParameterType.STRING);
    List<ParameterSelector> billing = List.of(ParameterSelector.latest("/billing/gone"),
        ParameterSelector.latest("/billing/" + "x".repeat(2100)));
    CyclicBarrier barrier = new CyclicBarrier(3);
    List<CompletableFuture<Map<ParameterSelector, Parameter>>> reads = new ArrayList<>();
    for (List<ParameterSelector> names : List.of(List.of(ParameterSelector.latest("/shop/db")), billing,
        List.of(ParameterSelector.latest("/blog/db")))) {
      reads.add(CompletableFuture.supplyAsync(() -> {
        await(barrier);
        return sources.parameters().byName(OPERATOR, names);
      }, pool));
    }

    assertThat(reads.get(0).get().get(ParameterSelector.latest("/shop/db")).value()).isEqualTo("shop-db");
    assertThat(reads.get(2).get().get(ParameterSelector.latest("/blog/db")).value()).isEqualTo("blog-db");
    assertThatThrownBy(() -> reads.get(1).get()).cause().isInstanceOf(SourceException.InvalidRequest.class)
        .hasMessageContaining("/billing/xxx").hasMessageNotContaining("/shop/").hasMessageNotContaining("/blog/");
    assertThatThrownBy(() -> sources.parameters().byName(OPERATOR, billing.subList(0, 1)))
        .isInstanceOf(SourceException.NotFound.class).hasMessageContaining("/billing/gone")
        .hasMessageNotContaining("/shop/").hasMessageNotContaining("/blog/");
    assertThat(calls.count("GetParameters")).isEqualTo(1);
  }

  @Test
  void fortyFiveSecretIdsCostThreeBatchCalls() throws Exception {
    List<SecretSelector> ids = new ArrayList<>();
    try (var sm = aws.secretsManager()) {
      for (int i = 0; i < 45; i++) {
        String name = "prod/shop/s" + i;
        sm.createSecret(r -> r.name(name).secretString("value-" + name));
        ids.add(SecretSelector.current(name));
      }
    }
    List<CompletableFuture<Map<SecretSelector, SecretValue>>> futures = new ArrayList<>();
    CyclicBarrier barrier = new CyclicBarrier(3);
    for (int part = 0; part < 3; part++) {
      List<SecretSelector> mine = ids.subList(part * 15, part * 15 + 15);
      futures.add(CompletableFuture.supplyAsync(() -> {
        await(barrier);
        return sources.secrets().byId(OPERATOR, mine);
      }, pool));
    }
    for (CompletableFuture<Map<SecretSelector, SecretValue>> f : futures) {
      f.get().forEach((s, v) -> assertThat(v.string()).isEqualTo("value-" + s.secretId()));
    }
    assertThat(calls.count("BatchGetSecretValue")).isEqualTo(3);
  }

  @Test
  void callerIdentityShowsEachIdentityPath() {
    assertThat(callerArn(Identity.operator())).isNotBlank();

    Identity role = new Identity.AssumedRole("arn:aws:iam::123456789012:role/shop-config-reader", "shop-7f3a",
        "kaso-shop-shop-config", Map.of());
    assertThat(callerArn(role)).isEqualTo(
        "arn:aws:sts::123456789012:assumed-role/shop-config-reader/kaso-shop-shop-config");

    kube.server().expect().post().withPath("/api/v1/namespaces/shop/serviceaccounts/shop-app/token")
        .andReturn(201, new TokenRequestBuilder().withNewSpec().withAudiences("sts.amazonaws.com").endSpec()
            .withNewStatus().withToken("eyJhbGciOiJSUzI1NiJ9.e30.c2ln").endStatus().build()).always();
    Identity web = new Identity.WebIdentity("shop", "shop-app", "arn:aws:iam::123456789012:role/shop-app",
        "kaso-shop-shop-app");
    assertThat(callerArn(web)).isEqualTo("arn:aws:sts::123456789012:assumed-role/shop-app/kaso-shop-shop-app");
    assertThat(kube.server().getRequestCount()).isPositive();
    assertThat(calls.count("AssumeRole")).isEqualTo(1);
    assertThat(calls.count("AssumeRoleWithWebIdentity")).isEqualTo(1);
  }

  @Test
  void credentialsOfAnIdentityAreBuiltOnceForManyReads() {
    aws.putParameter("/shop/x", "1", ParameterType.STRING);
    Scope scope = new Scope(new Identity.AssumedRole("arn:aws:iam::123456789012:role/r", null, "kaso-ns-a",
        Map.of()), "us-east-1");
    for (int i = 0; i < 100; i++) {
      sources.parameters().byPath(scope, "/shop/", true);
      sources.parameters().forget("/shop/");
    }
    assertThat(calls.count("GetParametersByPath")).isEqualTo(100);
    assertThat(calls.count("AssumeRole")).isEqualTo(1);
  }

  private String callerArn(Identity identity) {
    try (StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(sources.credentials(identity)).httpClient(UrlConnectionHttpClient.create()).build()) {
      return sts.getCallerIdentity().arn();
    }
  }

  private <T> List<T> concurrently(int n, Supplier<T> task) throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(n);
    List<CompletableFuture<T>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      futures.add(CompletableFuture.supplyAsync(() -> {
        await(barrier);
        return task.get();
      }, pool));
    }
    List<T> out = new ArrayList<>();
    for (CompletableFuture<T> f : futures) {
      out.add(f.get());
    }
    return out;
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
