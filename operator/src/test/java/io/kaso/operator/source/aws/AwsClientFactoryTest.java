package io.kaso.operator.source.aws;

import static io.kaso.operator.source.aws.ScriptedHttpClient.json;
import static io.kaso.operator.source.aws.ScriptedHttpClient.jsonError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.source.AccessKeys;
import io.kaso.operator.source.Identity;
import io.kaso.operator.source.Parameter;
import io.kaso.operator.source.ParameterSelector;
import io.kaso.operator.source.RateBudgets;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SourceException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** The factory's clients through the real SDK (signing, adaptive retry, error parsing), on scripted HTTP answers. */
class AwsClientFactoryTest {
  private static final Scope SCOPE = new Scope(Identity.operator(), "us-east-1");
  private static final ParameterSelector DB = ParameterSelector.latest("/shop/prod/db");
  private static final String FOUND = "{\"Parameters\":[{\"Name\":\"/shop/prod/db\",\"Type\":\"SecureString\","
      + "\"Value\":\"hunter2\",\"Version\":3,\"DataType\":\"text\"}],\"InvalidParameters\":[]}";
  private static final RateBudgets GENEROUS = new RateBudgets(1e6, 1e6, 1e6, 1e6, 1e6);

  private final ScriptedHttpClient http = new ScriptedHttpClient();
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AwsCredentialsProvider credentials = StaticCredentialsProvider.create(
      AwsBasicCredentials.create("a", "b"));
  private AwsClientFactory factory;
  private SsmParameterStore store;

  @BeforeEach
  void buildStore() {
    factory = new AwsClientFactory(new AwsClientFactory.Options(URI.create("http://localhost:1"), List.of(), 3, http),
        registry);
    factory.useCredentials(scope -> credentials);
    store = new SsmParameterStore(factory::ssm, new AwsCalls(new RateBudget(GENEROUS, new SimpleMeterRegistry()), scope -> credentials),
        new SourceCache(Duration.ofMinutes(1), System::nanoTime, registry), Duration.ZERO, scheduler, Runnable::run);
  }

  @AfterEach
  void close() {
    factory.close();
    scheduler.shutdownNow();
  }

  @Test
  void sendsASignedGetParametersWithDecryption() {
    http.then(json(200, FOUND));

    Map<ParameterSelector, Parameter> read = store.byName(SCOPE, List.of(DB));

    assertThat(read).containsEntry(DB, new Parameter("/shop/prod/db", "SecureString", "hunter2", 3));
    ScriptedHttpClient.Recorded request = http.requests.get(0);
    assertThat(request.header("X-Amz-Target")).isEqualTo("AmazonSSM.GetParameters");
    assertThat(request.header("Authorization")).contains("Credential=a/").contains("/us-east-1/ssm/aws4_request");
    assertThat(request.body()).contains("\"Names\":[\"/shop/prod/db\"]").contains("\"WithDecryption\":true");
  }

  @Test
  void retriesThrottlingUntilTheReadSucceeds() {
    http.then(2, jsonError(400, "ThrottlingException", "Rate exceeded")).then(json(200, FOUND));

    Map<ParameterSelector, Parameter> read = store.byName(SCOPE, List.of(DB));

    assertThat(read.get(DB).value()).isEqualTo("hunter2");
    assertThat(http.requests).hasSize(3);
    assertThat(requests("GetParameters", "throttled")).isEqualTo(2);
    assertThat(requests("GetParameters", "ok")).isEqualTo(1);
  }

  @Test
  void throttlingOnEveryAttemptBecomesThrottled() {
    http.then(jsonError(400, "ThrottlingException", "Rate exceeded"));

    assertThatThrownBy(() -> store.byName(SCOPE, List.of(DB))).isInstanceOf(SourceException.Throttled.class)
        .hasMessageContaining("ThrottlingException: Rate exceeded");
    assertThat(http.requests).hasSize(3);
    assertThat(requests("GetParameters", "throttled")).isEqualTo(3);
    assertThat(requests("GetParameters", "ok")).isZero();
  }

  @Test
  void accessDeniedIsNotRetried() {
    http.then(jsonError(400, "AccessDeniedException",
        "User: arn:aws:sts::123456789012:assumed-role/kaso/x is not authorized to perform: ssm:GetParameters"));

    assertThatThrownBy(() -> store.byName(SCOPE, List.of(DB))).isInstanceOf(SourceException.AccessDenied.class)
        .hasMessageContaining("not authorized to perform: ssm:GetParameters");
    assertThat(http.requests).hasSize(1);
    assertThat(requests("GetParameters", "denied")).isEqualTo(1);
  }

  @Test
  void parameterNotFoundBecomesNotFound() {
    http.then(jsonError(400, "ParameterNotFound", "Parameter /shop/prod/db not found."));

    assertThatThrownBy(() -> store.byName(SCOPE, List.of(DB))).isInstanceOf(SourceException.NotFound.class);
    assertThat(http.requests).hasSize(1);
    assertThat(requests("GetParameters", "not_found")).isEqualTo(1);
  }

  @Test
  void invalidParametersBecomeNotFound() {
    http.then(json(200, "{\"Parameters\":[],\"InvalidParameters\":[\"/shop/prod/db\"]}"));

    assertThatThrownBy(() -> store.byName(SCOPE, List.of(DB))).isInstanceOf(SourceException.NotFound.class)
        .hasMessageContaining("/shop/prod/db");
    assertThat(http.requests).hasSize(1);
  }

  @Test
  void serverErrorsBecomeUnavailableAfterRetries() {
    http.then(jsonError(500, "InternalServerError", "We encountered an internal error"));

    assertThatThrownBy(() -> store.byName(SCOPE, List.of(DB))).isInstanceOf(SourceException.Unavailable.class)
        .hasMessageContaining("InternalServerError");
    assertThat(http.requests).hasSize(3);
    assertThat(requests("GetParameters", "error")).isEqualTo(1);
  }

  @Test
  void buildsOneClientPerScopeAndService() {
    assertThat(factory.ssm(SCOPE)).isSameAs(factory.ssm(new Scope(Identity.operator(), "us-east-1")));
    assertThat(factory.ssm(new Scope(Identity.operator(), "eu-west-1"))).isNotSameAs(factory.ssm(SCOPE));
  }

  @Test
  void aTenantChangingItsRegionAndRoleInALoopKeepsABoundedNumberOfClientsAndClosesTheDroppedOnes() {
    AtomicLong now = new AtomicLong(0);
    List<AutoCloseable> closed = new CopyOnWriteArrayList<>();
    List<AutoCloseable> built = new ArrayList<>();
    try (AwsClientFactory bounded = new AwsClientFactory(new AwsClientFactory.Options(URI.create("http://localhost:1"),
        List.of(), 3, http), registry, 8, Duration.ofMinutes(90), now::get, c -> {
          closed.add(c);
          try {
            c.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        })) {
      bounded.useCredentials(scope -> credentials);
      built.add(bounded.ssm(SCOPE));
      for (int i = 0; i < 60; i++) {
        Identity role = new Identity.AssumedRole("arn:aws:iam::123456789012:role/r" + i, null, "kaso-shop", Map.of());
        built.add(bounded.ssm(new Scope(role, "eu-west-" + i)));
        built.add(bounded.secretsManager(new Scope(Identity.operator(), "ap-south-" + i)));
        assertThat(bounded.liveScopedClients()).isLessThanOrEqualTo(8);
      }

      assertThat(closed).hasSize(built.size() - 8).allSatisfy(c -> assertThat(built).contains(c))
          .doesNotHaveDuplicates();
      SsmParameterStore reader = new SsmParameterStore(bounded::ssm, new AwsCalls(new RateBudget(GENEROUS, registry),
          scope -> credentials), new SourceCache(Duration.ofMinutes(1), System::nanoTime, registry), Duration.ZERO,
          scheduler, Runnable::run);
      http.then(json(200, FOUND));
      assertThat(reader.byName(SCOPE, List.of(DB)).get(DB).value()).isEqualTo("hunter2");
      assertThat(bounded.ssm(SCOPE)).isNotSameAs(built.get(0));

      now.addAndGet(Duration.ofMinutes(90).toNanos());
      bounded.kms(SCOPE);
      assertThat(bounded.liveScopedClients()).isEqualTo(1);
      // 113 dropped in the loop, one more for SCOPE's new client, then the 8 left unused for the idle expiry.
      assertThat(closed).hasSize(113 + 1 + 8);
    }
  }

  @Test
  void aNewVersionOfAnAccessKeysSecretClosesTheClientsOfTheOldOneAtOnce() {
    List<AutoCloseable> closed = new CopyOnWriteArrayList<>();
    try (AwsClientFactory bounded = new AwsClientFactory(new AwsClientFactory.Options(URI.create("http://localhost:1"),
        List.of(), 3, http), registry, 100, Duration.ofMinutes(90), System::nanoTime, c -> {
          closed.add(c);
          try {
            c.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        })) {
      bounded.useCredentials(scope -> credentials);
      AccessKeys keys = new AccessKeys("AKIATENANT", "secret", null);
      Identity v1 = new Identity.SecretKeys(new Identity.SecretVersion("shop", "aws-keys", "u1", "1"), keys);
      Identity v2 = new Identity.SecretKeys(new Identity.SecretVersion("shop", "aws-keys", "u1", "2"), keys);
      Identity otherSecret = new Identity.SecretKeys(new Identity.SecretVersion("shop", "more-keys", "u2", "1"), keys);
      var oldSsm = bounded.ssm(new Scope(v1, "us-east-1"));
      var oldSecrets = bounded.secretsManager(new Scope(v1, "eu-west-1"));
      var unrelated = bounded.ssm(new Scope(otherSecret, "us-east-1"));
      assertThat(bounded.ssm(new Scope(v1, "us-east-1"))).as("an unchanged Secret reuses its client").isSameAs(oldSsm);

      var newSsm = bounded.ssm(new Scope(v2, "us-east-1"));

      assertThat(newSsm).isNotSameAs(oldSsm);
      assertThat(closed).containsExactlyInAnyOrder(oldSsm, oldSecrets);
      assertThat(bounded.liveScopedClients()).as("the new client and the other Secret's").isEqualTo(2);
      assertThat(unrelated).isNotIn(closed);
    }
  }

  @Test
  void aThreadHoldingADroppedClientCanStillFinishItsCall() {
    try (AwsClientFactory bounded = new AwsClientFactory(new AwsClientFactory.Options(URI.create("http://localhost:1"),
        List.of(), 3, http), registry, 1, Duration.ofMinutes(90), System::nanoTime, c -> {
          try {
            c.close();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        })) {
      bounded.useCredentials(scope -> credentials);
      var held = bounded.ssm(SCOPE);
      bounded.ssm(new Scope(Identity.operator(), "eu-west-1")); // drops and closes the held client
      http.then(json(200, FOUND));

      assertThat(held.getParameters(r -> r.names("/shop/prod/db")).parameters()).hasSize(1);
    }
  }

  private double requests(String operation, String outcome) {
    Counter counter = Search.in(registry).name("kaso_aws_requests_total").tag("service", "ssm")
        .tag("operation", operation).tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }
}
