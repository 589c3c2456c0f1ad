package io.kaso.operator.source.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.source.Identity;
import io.kaso.operator.source.RateBudgets;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SecretFilter;
import io.kaso.operator.source.SecretValue;
import io.kaso.operator.source.SourceException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;

/** Finds with a name predicate (nameRegexp) and tags read with DescribeSecret, against the in-memory client. */
class SecretsManagerFindsAndTagsTest {
  private static final Scope SCOPE = new Scope(Identity.operator(), "us-east-1");
  private static final RateBudgets GENEROUS = new RateBudgets(1e6, 1e6, 1e6, 1e6, 1e6);

  private final FakeSecretsManagerClient secrets = new FakeSecretsManagerClient();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService batchCalls = Executors.newFixedThreadPool(2);
  private final SecretsManagerStore store = new SecretsManagerStore(scope -> secrets,
      new AwsCalls(new RateBudget(GENEROUS, new SimpleMeterRegistry()),
          scope -> StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b"))),
      new SourceCache(Duration.ofMinutes(1), System::nanoTime, new SimpleMeterRegistry()), Duration.ofMillis(50),
      scheduler, batchCalls);

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    batchCalls.shutdownNow();
  }

  @Test
  void aRegexpFindListsByPrefixAndReadsOnlyTheAcceptedNamesInChunksOfTwenty() {
    List<String> wanted = IntStream.range(0, 45)
        .mapToObj(i -> secrets.create(String.format("app/s%02d/db", i), "v" + i)).toList();
    IntStream.range(0, 30).forEach(i -> secrets.create(String.format("app/s%02d/cache", i), "c" + i));
    secrets.create("other/x/db", "not under the prefix");
    SecretFilter filter = new SecretFilter("app/", Map.of(), "/db$");

    List<SecretValue> found = store.find(SCOPE, filter, name -> name.endsWith("/db"));

    assertThat(found).hasSize(45).allSatisfy(v -> assertThat(v.name()).endsWith("/db").startsWith("app/"));
    assertThat(secrets.lists).hasSize(1);
    assertThat(secrets.lists.get(0).filters())
        .containsExactly(Filter.builder().key(FilterNameStringType.NAME).values("app/").build());
    assertThat(secrets.idsPerBatchGet()).extracting(List::size).containsExactly(20, 20, 5);
    assertThat(secrets.idsPerBatchGet().stream().flatMap(List::stream)).containsExactlyElementsOf(wanted);
  }

  @Test
  void aRegexpFindWithTagsKeepsOnlyExactPairsAndAcceptedNames() {
    secrets.create("shop/db", "1", Map.of("team", "shop"));
    secrets.create("shop/cache", "2", Map.of("team", "shop"));
    secrets.create("billing/db", "3", Map.of("team", "billing", "owner", "shop"));

    List<SecretValue> found = store.find(SCOPE, new SecretFilter(null, Map.of("team", "shop"), "db"),
        name -> name.contains("db"));

    assertThat(found).extracting(SecretValue::name).containsExactly("shop/db");
  }

  @Test
  void aRegexpFindWithNothingMatchingReadsNoValue() {
    secrets.create("shop/db", "1");
    assertThat(store.find(SCOPE, new SecretFilter(null, Map.of(), "^nothing$"), name -> false)).isEmpty();
    assertThat(secrets.batchGets).isEmpty();
  }

  @Test
  void aRegexpFindIsCachedPerFilterAndForgottenWithAnySecret() {
    secrets.create("shop/db", "1");
    SecretFilter filter = new SecretFilter(null, Map.of(), "db");
    store.find(SCOPE, filter, name -> true);
    store.find(SCOPE, filter, name -> true);
    assertThat(secrets.lists).hasSize(1);
    store.forget("anything/else");
    store.find(SCOPE, filter, name -> true);
    assertThat(secrets.lists).hasSize(2);
  }

  @Test
  void theTwoArgumentFindRefusesARegexpItCannotMatch() {
    assertThatThrownBy(() -> store.find(SCOPE, new SecretFilter(null, Map.of(), "db")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tagsComeFromDescribeSecretAndAreCachedUntilTheSecretIsForgotten() {
    String arn = secrets.create("shop/db", "1", Map.of("team", "shop", "env", "prod"));

    assertThat(store.tags(SCOPE, "shop/db")).isEqualTo(Map.of("team", "shop", "env", "prod"));
    assertThat(store.tags(SCOPE, "shop/db")).hasSize(2);
    assertThat(secrets.describes).hasSize(1);

    store.forget(arn);
    store.tags(SCOPE, "shop/db");
    assertThat(secrets.describes).hasSize(2);
  }

  @Test
  void tagsOfAMissingSecretAreNotFound() {
    assertThatThrownBy(() -> store.tags(SCOPE, "shop/none")).isInstanceOf(SourceException.NotFound.class);
  }
}
