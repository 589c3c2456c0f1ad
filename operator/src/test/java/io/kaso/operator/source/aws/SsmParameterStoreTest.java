package io.kaso.operator.source.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.source.Identity;
import io.kaso.operator.source.Parameter;
import io.kaso.operator.source.ParameterSelector;
import io.kaso.operator.source.RateBudgets;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SourceException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersRequest;

class SsmParameterStoreTest {
  private static final Scope SCOPE = new Scope(Identity.operator(), "us-east-1");
  /** Long enough that callers started together land in one batch window. */
  private static final Duration BATCH_WINDOW = Duration.ofMillis(300);
  private static final RateBudgets GENEROUS = new RateBudgets(1e6, 1e6, 1e6, 1e6, 1e6);

  private final FakeSsmClient ssm = new FakeSsmClient();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService batchCalls = Executors.newFixedThreadPool(2);
  private final ExecutorService callers = Executors.newFixedThreadPool(5);
  private final SsmParameterStore store = new SsmParameterStore(scope -> ssm,
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
  void readsEveryPageOfAPath() {
    IntStream.rangeClosed(1, 25).forEach(i -> ssm.put(String.format("/shop/prod/p%02d", i), "v" + i));

    List<Parameter> read = store.byPath(SCOPE, "/shop/prod", true);

    assertThat(read).hasSize(25);
    assertThat(ssm.byPathCalls).extracting(GetParametersByPathRequest::nextToken).containsExactly(null, "10", "20");
  }

  @Test
  void readsAPathDecryptedInPagesOfTen() {
    ssm.putSecure("/shop/prod/db/password", "hunter2");

    List<Parameter> read = store.byPath(SCOPE, "/shop/prod", true);

    assertThat(read).containsExactly(new Parameter("/shop/prod/db/password", "SecureString", "hunter2", 1));
    assertThat(ssm.byPathCalls).allSatisfy(r -> {
      assertThat(r.withDecryption()).isTrue();
      assertThat(r.maxResults()).isEqualTo(10);
      assertThat(r.path()).isEqualTo("/shop/prod");
    });
  }

  @Test
  void readsOnlyTheLevelBelowThePathWhenNotRecursive() {
    ssm.put("/shop/prod/host", "db.example");
    ssm.put("/shop/prod/db/password", "hunter2");

    List<Parameter> read = store.byPath(SCOPE, "/shop/prod/", false);

    assertThat(read).extracting(Parameter::name).containsExactly("/shop/prod/host");
    assertThat(ssm.byPathCalls.get(0).recursive()).isFalse();
  }

  @Test
  void reusesAPathReadWithinTheTtl() {
    ssm.put("/shop/prod/host", "db.example");

    store.byPath(SCOPE, "/shop/prod", true);
    store.byPath(SCOPE, "/shop/prod/", true);

    assertThat(ssm.byPathCalls).hasSize(1);
  }

  @Test
  void forgettingAParameterRereadsThePathsHoldingIt() {
    ssm.put("/shop/prod/host", "db.example");
    store.byPath(SCOPE, "/shop/prod", true);
    ssm.put("/shop/prod/host", "db2.example");

    store.forget("/shop/prod/host");

    assertThat(store.byPath(SCOPE, "/shop/prod", true)).extracting(Parameter::value).containsExactly("db2.example");
    assertThat(ssm.byPathCalls).hasSize(2);
  }

  @Test
  void batchesNamesFromConcurrentCallersIntoCallsOfTen() throws Exception {
    IntStream.range(0, 25).forEach(i -> ssm.put(name(i), "value-" + i));
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Map<ParameterSelector, Parameter>>> results = new ArrayList<>();
    for (int caller = 0; caller < 5; caller++) {
      List<ParameterSelector> mine = IntStream.range(caller * 5, caller * 5 + 5)
          .mapToObj(i -> ParameterSelector.latest(name(i))).toList();
      results.add(callers.submit(() -> {
        start.await();
        return store.byName(SCOPE, mine);
      }));
    }
    start.countDown();

    for (int caller = 0; caller < 5; caller++) {
      Map<ParameterSelector, Parameter> got = results.get(caller).get(10, TimeUnit.SECONDS);
      for (int i = caller * 5; i < caller * 5 + 5; i++) {
        assertThat(got.get(ParameterSelector.latest(name(i))).value()).isEqualTo("value-" + i);
      }
      assertThat(got).hasSize(5);
    }
    assertThat(ssm.namesPerCall()).extracting(List::size).containsExactlyInAnyOrder(10, 10, 5);
    assertThat(ssm.namesPerCall().stream().flatMap(List::stream)).doesNotHaveDuplicates().hasSize(25);
  }

  @Test
  void readsNamesDecrypted() {
    ssm.putSecure("/shop/prod/db/password", "hunter2");

    Map<ParameterSelector, Parameter> read = store.byName(SCOPE,
        List.of(ParameterSelector.latest("/shop/prod/db/password")));

    assertThat(read.values()).extracting(Parameter::value).containsExactly("hunter2");
    assertThat(ssm.getParametersCalls).extracting(GetParametersRequest::withDecryption).containsOnly(true);
  }

  @Test
  void missingNamesFailNamingExactlyTheMissingOnes() {
    ssm.put("/shop/prod/host", "db.example");

    assertThatThrownBy(() -> store.byName(SCOPE, List.of(ParameterSelector.latest("/shop/prod/host"),
        ParameterSelector.latest("/shop/prod/gone"), ParameterSelector.latest("/shop/prod/never"))))
        .isInstanceOf(SourceException.NotFound.class)
        .hasMessageStartingWith("parameters /shop/prod/gone, /shop/prod/never do not exist in us-east-1")
        .hasMessageNotContaining("/shop/prod/host");
  }

  @Test
  void sendsVersionAndLabelSelectorsAndMatchesTheAnswersBack() {
    ssm.put("/shop/prod/db", "one");
    ssm.put("/shop/prod/db", "two");
    ssm.put("/shop/prod/db", "three");
    ssm.label("/shop/prod/db", 2, "live");
    ParameterSelector latest = ParameterSelector.latest("/shop/prod/db");
    ParameterSelector first = new ParameterSelector("/shop/prod/db", 1L, null);
    ParameterSelector live = new ParameterSelector("/shop/prod/db", null, "live");

    Map<ParameterSelector, Parameter> read = store.byName(SCOPE, List.of(latest, first, live));

    assertThat(ssm.namesPerCall().stream().flatMap(List::stream))
        .containsExactlyInAnyOrder("/shop/prod/db", "/shop/prod/db:1", "/shop/prod/db:live");
    assertThat(read.get(latest).value()).isEqualTo("three");
    assertThat(read.get(first).value()).isEqualTo("one");
    assertThat(read.get(live).value()).isEqualTo("two");
    assertThat(read.get(live).version()).isEqualTo(2);
  }

  @Test
  void neverSendsTwoSelectorsOfOneNameInOneCall() {
    ssm.put("/shop/prod/db", "one");
    ssm.put("/shop/prod/db", "two");
    ssm.put("/shop/prod/host", "db.example");

    store.byName(SCOPE, List.of(ParameterSelector.latest("/shop/prod/db"),
        new ParameterSelector("/shop/prod/db", 1L, null), ParameterSelector.latest("/shop/prod/host")));

    assertThat(ssm.namesPerCall()).allSatisfy(names -> assertThat(names.stream()
        .map(n -> n.contains(":") ? n.substring(0, n.indexOf(':')) : n)).doesNotHaveDuplicates());
    assertThat(ssm.namesPerCall()).hasSize(2);
  }

  @Test
  void anUnknownLabelIsNotFound() {
    ssm.put("/shop/prod/db", "one");

    assertThatThrownBy(() -> store.byName(SCOPE, List.of(new ParameterSelector("/shop/prod/db", null, "canary"))))
        .isInstanceOf(SourceException.NotFound.class).hasMessageContaining("/shop/prod/db:canary");
  }

  @Test
  void reusesANameReadWithinTheTtl() {
    ssm.put("/shop/prod/host", "db.example");

    store.byName(SCOPE, List.of(ParameterSelector.latest("/shop/prod/host")));
    store.byName(SCOPE, List.of(ParameterSelector.latest("/shop/prod/host")));

    assertThat(ssm.getParametersCalls).hasSize(1);
  }

  @Test
  void forgetForcesANewReadOfAName() {
    ssm.put("/shop/prod/host", "db.example");
    store.byName(SCOPE, List.of(ParameterSelector.latest("/shop/prod/host")));
    ssm.put("/shop/prod/host", "db2.example");

    store.forget("/shop/prod/host");

    assertThat(store.byName(SCOPE, List.of(ParameterSelector.latest("/shop/prod/host"))).values())
        .extracting(Parameter::value).containsExactly("db2.example");
    assertThat(ssm.getParametersCalls).hasSize(2);
  }

  @Test
  void forgetForgetsEveryVersionOfTheParameter() {
    ssm.put("/shop/prod/host", "db.example");
    ParameterSelector first = new ParameterSelector("/shop/prod/host", 1L, null);
    store.byName(SCOPE, List.of(first));

    store.forget("/shop/prod/host");
    store.byName(SCOPE, List.of(first));

    assertThat(ssm.getParametersCalls).hasSize(2);
  }

  @Test
  void forgettingAPathRereadsItAndTheNamesUnderIt() {
    ssm.put("/shop/prod/db/host", "db.example");
    ssm.put("/shop/dev/db/host", "dev.example");
    ParameterSelector prod = ParameterSelector.latest("/shop/prod/db/host");
    ParameterSelector dev = ParameterSelector.latest("/shop/dev/db/host");
    store.byPath(SCOPE, "/shop/prod", true);
    store.byName(SCOPE, List.of(prod, dev));

    store.forget("/shop/prod/");
    store.byPath(SCOPE, "/shop/prod", true);
    store.byName(SCOPE, List.of(prod, dev));

    assertThat(ssm.byPathCalls).hasSize(2);
    assertThat(ssm.namesPerCall()).containsExactly(List.of("/shop/prod/db/host", "/shop/dev/db/host"),
        List.of("/shop/prod/db/host"));
  }

  @Test
  void aMalformedNameInASharedBatchFailsOnlyTheReaderThatAskedForIt() throws Exception {
    SsmParameterStore shared = storeFillingBatchesOnly();
    List<ParameterSelector> first = pool(0, 4);
    List<ParameterSelector> second = pool(4, 9);
    ParameterSelector malformed = ParameterSelector.latest("/shop/other tenant/db");

    Future<Map<ParameterSelector, Parameter>> firstRead = callers.submit(() -> shared.byName(SCOPE, first));
    Future<Map<ParameterSelector, Parameter>> malformedRead = callers.submit(
        () -> shared.byName(SCOPE, List.of(malformed)));
    Future<Map<ParameterSelector, Parameter>> secondRead = callers.submit(() -> shared.byName(SCOPE, second));

    assertThat(firstRead.get(10, TimeUnit.SECONDS)).hasSize(4);
    assertThat(secondRead.get(10, TimeUnit.SECONDS)).hasSize(5);
    assertThatThrownBy(() -> malformedRead.get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOf(SourceException.InvalidRequest.class)
        .hasMessageStartingWith("reading parameter /shop/other tenant/db: ValidationException")
        .hasMessageNotContaining("/shop/pool/");
    assertThat(ssm.namesPerCall().get(0)).hasSize(10);
    assertThat(ssm.namesPerCall()).contains(List.of(malformed.wireName()));
  }

  @Test
  void aDeniedNameInASharedBatchFailsOnlyTheReaderThatAskedForIt() throws Exception {
    SsmParameterStore shared = storeFillingBatchesOnly();
    ssm.put("/billing/db/password", "hunter2");
    ssm.deny("/billing/db/password");
    List<ParameterSelector> shop = pool(0, 9);

    Future<Map<ParameterSelector, Parameter>> shopRead = callers.submit(() -> shared.byName(SCOPE, shop));
    Future<Map<ParameterSelector, Parameter>> billingRead = callers.submit(
        () -> shared.byName(SCOPE, List.of(ParameterSelector.latest("/billing/db/password"))));

    Map<ParameterSelector, Parameter> got = shopRead.get(10, TimeUnit.SECONDS);
    shop.forEach(s -> assertThat(got.get(s).value()).isEqualTo("value-" + s.name().substring(12)));
    assertThatThrownBy(() -> billingRead.get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOf(SourceException.AccessDenied.class)
        .hasMessageStartingWith("reading parameter /billing/db/password: AccessDeniedException")
        .hasMessageNotContaining("/shop/pool/");
  }

  @Test
  void aSharedBatchThrottledAsAWholeFailsEachReaderNamingOnlyItsOwnNamesInOneCall() throws Exception {
    SsmParameterStore shared = storeFillingBatchesOnly();
    ssm.failNextWith(FakeSsmClient.failure("ThrottlingException", "Rate exceeded"));
    List<ParameterSelector> first = pool(0, 5);
    List<ParameterSelector> second = pool(5, 10);

    Future<Map<ParameterSelector, Parameter>> firstRead = callers.submit(() -> shared.byName(SCOPE, first));
    Future<Map<ParameterSelector, Parameter>> secondRead = callers.submit(() -> shared.byName(SCOPE, second));

    assertThatThrownBy(() -> firstRead.get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOf(SourceException.Throttled.class).hasMessageContaining("ThrottlingException: Rate exceeded")
        .satisfies(e -> second.forEach(s -> assertThat(e.getMessage()).doesNotContain(s.name())));
    assertThatThrownBy(() -> secondRead.get(10, TimeUnit.SECONDS)).cause()
        .isInstanceOf(SourceException.Throttled.class)
        .satisfies(e -> first.forEach(s -> assertThat(e.getMessage()).doesNotContain(s.name())));
    assertThat(ssm.getParametersCalls).hasSize(1);
  }

  @Test
  void aNameLongerThanAwsAllowsNeverJoinsABatch() {
    ssm.put("/shop/prod/host", "db.example");
    ParameterSelector tooLong = ParameterSelector.latest("/shop/" + "x".repeat(2100));

    assertThatThrownBy(() -> store.byName(SCOPE, List.of(tooLong))).isInstanceOf(SourceException.InvalidRequest.class)
        .hasMessageContaining("AWS allows at most 2048");
    assertThat(store.byName(SCOPE, List.of(ParameterSelector.latest("/shop/prod/host")))).hasSize(1);
    assertThat(ssm.namesPerCall()).containsExactly(List.of("/shop/prod/host"));
  }

  /** A store whose batches go out only when full (10 names), so concurrent readers share a call without timing. */
  private SsmParameterStore storeFillingBatchesOnly() {
    return new SsmParameterStore(scope -> ssm,
        new AwsCalls(new RateBudget(GENEROUS, new SimpleMeterRegistry()),
            scope -> StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))),
        new SourceCache(Duration.ofMinutes(1), System::nanoTime, new SimpleMeterRegistry()), Duration.ofHours(1),
        scheduler, batchCalls);
  }

  /** Selectors of pool parameters from..to-1, each created with the value "value-NN". */
  private List<ParameterSelector> pool(int from, int to) {
    IntStream.range(from, to).forEach(i -> ssm.put(name(i), "value-" + String.format("%02d", i)));
    return IntStream.range(from, to).mapToObj(i -> ParameterSelector.latest(name(i))).toList();
  }

  private static String name(int i) {
    return String.format("/shop/pool/p%02d", i);
  }
}
