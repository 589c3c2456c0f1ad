package io.kaso.operator.source.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaso.operator.source.Identity;
import io.kaso.operator.source.Parameter;
import io.kaso.operator.source.RateBudgets;
import io.kaso.operator.source.Scope;
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
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;

/** Paths read by tags (DescribeParameters + GetParameters) and tags read with ListTagsForResource, in memory. */
class SsmFindsAndTagsTest {
  private static final Scope SCOPE = new Scope(Identity.operator(), "us-east-1");
  private static final RateBudgets GENEROUS = new RateBudgets(1e6, 1e6, 1e6, 1e6, 1e6);

  private final FakeSsmClient ssm = new FakeSsmClient();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService batchCalls = Executors.newFixedThreadPool(2);
  private final SsmParameterStore store = new SsmParameterStore(scope -> ssm,
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
  void aTaggedPathListsNamesByPathAndTagsThenReadsValuesTenPerCall() {
    IntStream.range(0, 23).forEach(i -> {
      String name = String.format("/shop/prod/p%02d", i);
      ssm.putSecure(name, "v" + i);
      ssm.tag(name, "team", "shop");
      ssm.tag(name, "env", "prod");
    });
    ssm.put("/shop/prod/billing", "b");
    ssm.tag("/shop/prod/billing", "team", "billing");
    ssm.put("/shop/prod/deeper/x", "deeper");
    ssm.tag("/shop/prod/deeper/x", "team", "shop");
    ssm.put("/elsewhere/x", "e");
    ssm.tag("/elsewhere/x", "team", "shop");

    List<Parameter> read = store.byTags(SCOPE, "/shop/prod/", false, Map.of("team", "shop", "env", "prod"));

    assertThat(read).hasSize(23).allSatisfy(p -> assertThat(p.name()).matches("/shop/prod/p\\d\\d"));
    assertThat(read.get(0).value()).isEqualTo("v0");
    assertThat(ssm.describeCalls).hasSize(1);
    assertThat(ssm.describeCalls.get(0).maxResults()).isEqualTo(50);
    assertThat(ssm.describeCalls.get(0).parameterFilters()).containsExactly(
        ParameterStringFilter.builder().key("Path").option("OneLevel").values("/shop/prod").build(),
        ParameterStringFilter.builder().key("tag:env").option("Equals").values("prod").build(),
        ParameterStringFilter.builder().key("tag:team").option("Equals").values("shop").build());
    assertThat(ssm.namesPerCall()).extracting(List::size).containsExactly(10, 10, 3);
    assertThat(ssm.getParametersCalls).allSatisfy(r -> assertThat(r.withDecryption()).isTrue());
    assertThat(ssm.byPathCalls).isEmpty();
  }

  @Test
  void aRecursiveTaggedPathReadsTheWholeHierarchyAndIsCachedUntilForgotten() {
    ssm.put("/shop/a/b/c", "deep");
    ssm.tag("/shop/a/b/c", "team", "shop");

    assertThat(store.byTags(SCOPE, "/shop", true, Map.of("team", "shop"))).extracting(Parameter::name)
        .containsExactly("/shop/a/b/c");
    store.byTags(SCOPE, "/shop", true, Map.of("team", "shop"));
    assertThat(ssm.describeCalls).hasSize(1);

    store.forget("/shop/a/b/c");
    store.byTags(SCOPE, "/shop", true, Map.of("team", "shop"));
    assertThat(ssm.describeCalls).hasSize(2);
  }

  @Test
  void aTaggedPathWithNoMatchReadsNoValue() {
    ssm.put("/shop/x", "x");
    assertThat(store.byTags(SCOPE, "/shop", true, Map.of("team", "shop"))).isEmpty();
    assertThat(ssm.getParametersCalls).isEmpty();
  }

  @Test
  void tagsComeFromListTagsForResourceAndAreCachedUntilForgotten() {
    ssm.put("/shop/db", "x");
    ssm.tag("/shop/db", "team", "shop");

    assertThat(store.tags(SCOPE, "/shop/db")).isEqualTo(Map.of("team", "shop"));
    store.tags(SCOPE, "/shop/db");
    assertThat(ssm.tagCalls).hasSize(1);
    assertThat(ssm.tagCalls.get(0).resourceTypeAsString()).isEqualTo("Parameter");

    store.forget("/shop/db");
    store.tags(SCOPE, "/shop/db");
    assertThat(ssm.tagCalls).hasSize(2);
  }

  @Test
  void tagsOfAMissingParameterAreNotFound() {
    assertThatThrownBy(() -> store.tags(SCOPE, "/shop/none")).isInstanceOf(SourceException.NotFound.class)
        .hasMessageContaining("InvalidResourceId");
  }
}
