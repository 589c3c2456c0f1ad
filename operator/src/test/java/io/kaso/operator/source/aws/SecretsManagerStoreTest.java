package io.kaso.operator.source.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.source.Identity;
import io.kaso.operator.source.RateBudgets;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SecretFilter;
import io.kaso.operator.source.SecretSelector;
import io.kaso.operator.source.SecretValue;
import io.kaso.operator.source.SourceException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;

class SecretsManagerStoreTest {
  private static final Scope SCOPE = new Scope(Identity.operator(), "us-east-1");
  /** Long enough that callers started together land in one batch window. */
  private static final Duration BATCH_WINDOW = Duration.ofMillis(300);
  private static final RateBudgets GENEROUS = new RateBudgets(1e6, 1e6, 1e6, 1e6, 1e6);

  private final FakeSecretsManagerClient secrets = new FakeSecretsManagerClient();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService batchCalls = Executors.newFixedThreadPool(2);
  private final ExecutorService callers = Executors.newFixedThreadPool(3);
  private final SecretsManagerStore store = new SecretsManagerStore(scope -> secrets,
      new AwsCalls(new RateBudget(GENEROUS, new SimpleMeterRegistry()),
          scope -> StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))),
      new SourceCache(Duration.ofMinutes(1), System::nanoTime, new SimpleMeterRegistry()), BATCH_WINDOW, scheduler,
      batchCalls);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    batchCalls.shutdownNow();
    callers.shutdownNow();
  }

  @Test
  void readsTheCurrentVersionById() {
    String arn = secrets.create("shop/db", "{\"password\":\"hunter2\"}");

    SecretValue value = store.byId(SCOPE, List.of(SecretSelector.current("shop/db")))
        .get(SecretSelector.current("shop/db"));

    assertThat(value.name()).isEqualTo("shop/db");
    assertThat(value.arn()).isEqualTo(arn);
    assertThat(value.string()).isEqualTo("{\"password\":\"hunter2\"}");
    assertThat(value.stages()).containsExactly("AWSCURRENT");
    assertThat(secrets.gets).isEmpty();
  }

  @Test
  void batchesFortyFiveIdsFromConcurrentCallersIntoThreeCalls() throws Exception {
    IntStream.range(0, 45).forEach(i -> secrets.create(name(i), "value-" + i));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Map<SecretSelector, SecretValue>>> results = new ArrayList<>();
    for (int caller = 0; caller < 3; caller++) {
      List<SecretSelector> mine = IntStream.range(caller * 15, caller * 15 + 15)
          .mapToObj(i -> SecretSelector.current(name(i))).toList();
      results.add(callers.submit(() -> {
        start.await();
        return store.byId(SCOPE, mine);
      }));
    }
    start.countDown();

    for (int caller = 0; caller < 3; caller++) {
      Map<SecretSelector, SecretValue> got = results.get(caller).get(10, TimeUnit.SECONDS);
      assertThat(got).hasSize(15);
      for (int i = caller * 15; i < caller * 15 + 15; i++) {
        assertThat(got.get(SecretSelector.current(name(i))).string()).isEqualTo("value-" + i);
      }
    }
    assertThat(secrets.idsPerBatchGet()).extracting(List::size).containsExactlyInAnyOrder(20, 20, 5);
  }

  @Test
  void aDeniedSecretFailsOnlyTheCallerThatAskedForIt() throws Exception {
    secrets.create("shop/admin", "root");
    secrets.create("shop/db", "hunter2");
    secrets.deny("shop/admin");
    CountDownLatch start = new CountDownLatch(1);
    Future<Map<SecretSelector, SecretValue>> admin = callers.submit(
        byIdWhen(start, SecretSelector.current("shop/admin")));
    Future<Map<SecretSelector, SecretValue>> db = callers.submit(byIdWhen(start, SecretSelector.current("shop/db")));
    start.countDown();

    assertThat(db.get(10, TimeUnit.SECONDS).get(SecretSelector.current("shop/db")).string()).isEqualTo("hunter2");
    assertThatThrownBy(() -> admin.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(SourceException.AccessDenied.class).hasMessageContaining("shop/admin")
        .hasMessageContaining("AccessDeniedException");
    assertThat(secrets.idsPerBatchGet()).hasSize(1);
  }

  @Test
  void aMissingSecretIsNotFound() {
    assertThatThrownBy(() -> store.byId(SCOPE, List.of(SecretSelector.current("shop/gone"))))
        .isInstanceOf(SourceException.NotFound.class).hasMessageContaining("shop/gone");
  }

  @Test
  void matchesFullAndPartialArnsToTheReturnedSecret() {
    String dbArn = secrets.create("shop/db", "db-value");
    String apiArn = secrets.create("shop/api-key", "api-value");
    secrets.create("shop/cache", "cache-value");
    SecretSelector byFullArn = SecretSelector.current(dbArn);
    SecretSelector byPartialArn = SecretSelector.current(apiArn.substring(0, apiArn.length() - 7));
    SecretSelector byName = SecretSelector.current("shop/cache");

    Map<SecretSelector, SecretValue> read = store.byId(SCOPE, List.of(byFullArn, byPartialArn, byName));

    assertThat(read.get(byFullArn).string()).isEqualTo("db-value");
    assertThat(read.get(byPartialArn).string()).isEqualTo("api-value");
    assertThat(read.get(byName).string()).isEqualTo("cache-value");
    assertThat(secrets.idsPerBatchGet()).hasSize(1);
  }

  @Test
  void readsOtherStagesAndVersionsWithGetSecretValue() {
    secrets.create("shop/db", "old");
    String firstVersion = "version-1";
    secrets.putValue("shop/db", "new");
    SecretSelector previous = new SecretSelector("shop/db", null, "AWSPREVIOUS");
    SecretSelector pinned = new SecretSelector("shop/db", firstVersion, null);

    Map<SecretSelector, SecretValue> read = store.byId(SCOPE, List.of(previous, pinned));

    assertThat(read.get(previous).string()).isEqualTo("old");
    assertThat(read.get(pinned).string()).isEqualTo("old");
    assertThat(read.get(pinned).versionId()).isEqualTo(firstVersion);
    assertThat(secrets.gets).hasSize(2);
    assertThat(secrets.gets.get(0).versionStage()).isEqualTo("AWSPREVIOUS");
    assertThat(secrets.gets.get(1).versionId()).isEqualTo(firstVersion);
    assertThat(secrets.batchGets).isEmpty();
  }

  @Test
  void readsAnExplicitAwsCurrentStageInTheBatch() {
    secrets.create("shop/db", "current");

    store.byId(SCOPE, List.of(new SecretSelector("shop/db", null, SecretSelector.CURRENT)));

    assertThat(secrets.idsPerBatchGet()).containsExactly(List.of("shop/db"));
    assertThat(secrets.gets).isEmpty();
  }

  @Test
  void findByPrefixPagesTheNameFilter() {
    IntStream.range(0, 25).forEach(i -> secrets.create(String.format("app/s%02d", i), "v" + i));

    List<SecretValue> found = store.find(SCOPE, new SecretFilter("app/", Map.of()));

    assertThat(found).hasSize(25);
    assertThat(secrets.batchGets).extracting(BatchGetSecretValueRequest::nextToken).containsExactly(null, "20");
    assertThat(secrets.batchGets).allSatisfy(r -> {
      assertThat(r.maxResults()).isEqualTo(20);
      assertThat(r.hasSecretIdList()).isFalse();
      assertThat(r.filters()).containsExactly(
          Filter.builder().key(FilterNameStringType.NAME).values("app/").build());
    });
  }

  @Test
  void findByPrefixKeepsOnlyCaseSensitivePrefixMatches() {
    secrets.create("app/db", "1");
    secrets.create("APP/db", "2");
    secrets.create("App/cache", "3");
    secrets.create("other/app/db", "4");

    List<SecretValue> found = store.find(SCOPE, new SecretFilter("app/", Map.of()));

    assertThat(found).extracting(SecretValue::name).containsExactly("app/db");
  }

  @Test
  void findByTagsKeepsOnlySecretsWithTheExactPairs() {
    secrets.create("shop/db", "1", Map.of("team", "shop"));
    secrets.create("shop/api", "2", Map.of("team", "shop", "env", "prod"));
    secrets.create("billing/db", "3", Map.of("team", "billing", "owner", "shop"));
    secrets.create("misc/db", "4", Map.of("team", "shopping"));

    List<SecretValue> found = store.find(SCOPE, new SecretFilter(null, Map.of("team", "shop")));

    assertThat(found).extracting(SecretValue::name).containsExactlyInAnyOrder("shop/db", "shop/api");
    assertThat(secrets.lists).isNotEmpty();
  }

  @Test
  void findByTagsAndPrefixNeedsBoth() {
    secrets.create("shop/db", "1", Map.of("team", "shop"));
    secrets.create("other/db", "2", Map.of("team", "shop"));

    List<SecretValue> found = store.find(SCOPE, new SecretFilter("shop/", Map.of("team", "shop")));

    assertThat(found).extracting(SecretValue::name).containsExactly("shop/db");
  }

  @Test
  void findByTagsReadsTheMatchesInChunksOfTwenty() {
    List<String> arns = IntStream.range(0, 45)
        .mapToObj(i -> secrets.create(String.format("shop/s%02d", i), "v" + i, Map.of("team", "shop"))).toList();

    List<SecretValue> found = store.find(SCOPE, new SecretFilter(null, Map.of("team", "shop")));

    assertThat(found).hasSize(45);
    assertThat(secrets.idsPerBatchGet()).extracting(List::size).containsExactly(20, 20, 5);
    assertThat(secrets.idsPerBatchGet().stream().flatMap(List::stream)).containsExactlyElementsOf(arns);
  }

  @Test
  void reusesAFindWithinTheTtl() {
    secrets.create("app/db", "1");

    store.find(SCOPE, new SecretFilter("app/", Map.of()));
    store.find(SCOPE, new SecretFilter("app/", Map.of()));

    assertThat(secrets.batchGets).hasSize(1);
  }

  @Test
  void reusesAReadByIdWithinTheTtl() {
    secrets.create("shop/db", "1");

    store.byId(SCOPE, List.of(SecretSelector.current("shop/db")));
    store.byId(SCOPE, List.of(SecretSelector.current("shop/db")));

    assertThat(secrets.batchGets).hasSize(1);
  }

  @Test
  void forgetForcesANewRead() {
    secrets.create("shop/db", "old");
    store.byId(SCOPE, List.of(SecretSelector.current("shop/db")));
    secrets.putValue("shop/db", "new");

    store.forget("shop/db");

    assertThat(store.byId(SCOPE, List.of(SecretSelector.current("shop/db"))).values())
        .extracting(SecretValue::string).containsExactly("new");
    assertThat(secrets.batchGets).hasSize(2);
  }

  @Test
  void forgettingAnArnForgetsAReadByName() {
    String arn = secrets.create("shop/db", "old");
    store.byId(SCOPE, List.of(SecretSelector.current("shop/db")));

    store.forget(arn);
    store.byId(SCOPE, List.of(SecretSelector.current("shop/db")));

    assertThat(secrets.batchGets).hasSize(2);
  }

  @Test
  void forgettingAnySecretForgetsEveryFind() {
    secrets.create("app/db", "1");
    store.find(SCOPE, new SecretFilter("app/", Map.of()));

    store.forget("something/else");
    store.find(SCOPE, new SecretFilter("app/", Map.of()));

    assertThat(secrets.batchGets).hasSize(2);
  }

  @Test
  void aMalformedIdInASharedBatchFailsOnlyTheReaderThatAskedForIt() throws Exception {
    SecretsManagerStore shared = storeFillingBatchesOnly();
    List<SecretSelector> first = created(0, 10);
    List<SecretSelector> second = created(10, 19);
    SecretSelector malformed = SecretSelector.current("billing/db password");

    Future<Map<SecretSelector, SecretValue>> firstRead = callers.submit(() -> shared.byId(SCOPE, first));
    Future<Map<SecretSelector, SecretValue>> malformedRead = callers.submit(
        () -> shared.byId(SCOPE, List.of(malformed)));
    Future<Map<SecretSelector, SecretValue>> secondRead = callers.submit(() -> shared.byId(SCOPE, second));

    Map<SecretSelector, SecretValue> got = firstRead.get(10, TimeUnit.SECONDS);
    got.putAll(secondRead.get(10, TimeUnit.SECONDS));
    assertThat(got).hasSize(19);
    got.forEach((s, v) -> assertThat(v.string()).isEqualTo("value of " + s.secretId()));
    assertThatThrownBy(() -> malformedRead.get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOf(SourceException.InvalidRequest.class)
        .hasMessageStartingWith("reading secret billing/db password: ValidationException")
        .hasMessageNotContaining("pool/secret-");
    assertThat(secrets.idsPerBatchGet().get(0)).hasSize(20);
    assertThat(secrets.idsPerBatchGet()).contains(List.of("billing/db password"));
  }

  @Test
  void anIdLongerThanAwsAllowsNeverJoinsABatch() {
    secrets.create("shop/db", "hunter2");
    SecretSelector tooLong = SecretSelector.current("shop/" + "x".repeat(2100));

    assertThatThrownBy(() -> store.byId(SCOPE, List.of(tooLong))).isInstanceOf(SourceException.InvalidRequest.class)
        .hasMessageContaining("AWS allows at most 2048");
    assertThat(store.byId(SCOPE, List.of(SecretSelector.current("shop/db")))).hasSize(1);
    assertThat(secrets.idsPerBatchGet()).containsExactly(List.of("shop/db"));
  }

  /** A store whose batches go out only when full (20 ids), so concurrent readers share a call without timing. */
  private SecretsManagerStore storeFillingBatchesOnly() {
    return new SecretsManagerStore(scope -> secrets,
        new AwsCalls(new RateBudget(GENEROUS, new SimpleMeterRegistry()),
            scope -> StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))),
        new SourceCache(Duration.ofMinutes(1), System::nanoTime, new SimpleMeterRegistry()), Duration.ofHours(1),
        scheduler, batchCalls);
  }

  /** Selectors of pool secrets from..to-1, each created with the value "value of <name>". */
  private List<SecretSelector> created(int from, int to) {
    IntStream.range(from, to).forEach(i -> secrets.create(name(i), "value of " + name(i)));
    return IntStream.range(from, to).mapToObj(i -> SecretSelector.current(name(i))).toList();
  }

  private Callable<Map<SecretSelector, SecretValue>> byIdWhen(CountDownLatch start, SecretSelector selector) {
    return () -> {
      start.await();
      return store.byId(SCOPE, List.of(selector));
    };
  }

  private static String name(int i) {
    return String.format("pool/secret-%02d", i);
  }
}
