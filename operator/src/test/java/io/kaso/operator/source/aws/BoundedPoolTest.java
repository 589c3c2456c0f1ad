package io.kaso.operator.source.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BoundedPoolTest {
  private static final Duration IDLE = Duration.ofMinutes(10);

  private final AtomicLong now = new AtomicLong(0);
  private final List<String> evicted = new CopyOnWriteArrayList<>();
  private final AtomicInteger created = new AtomicInteger();
  private final BoundedPool<String, String> pool = new BoundedPool<>(3, IDLE, now::get, evicted::add);

  @Test
  void keepsOneValuePerKey() {
    String first = pool.get("a", this::create);

    assertThat(pool.get("a", this::create)).isSameAs(first);
    assertThat(created).hasValue(1);
  }

  @Test
  void aNewKeyDropsTheKeysItSupersedesAndAnExistingOneDropsNothing() {
    pool.get("keys@1", this::create);
    pool.get("other", this::create);

    pool.get("keys@1", this::create, k -> k.startsWith("keys@"));
    assertThat(evicted).as("the key is there: nothing is superseded").isEmpty();
    pool.get("keys@2", this::create, k -> k.startsWith("keys@") && !k.equals("keys@2"));

    assertThat(evicted).containsExactly("value of keys@1");
    assertThat(pool.size()).isEqualTo(2);
  }

  @Test
  void neverHoldsMoreThanItsCapacityAndDropsTheLeastRecentlyUsed() {
    pool.get("a", this::create);
    pool.get("b", this::create);
    pool.get("c", this::create);
    pool.get("a", this::create); // a is now the most recently used

    for (int i = 0; i < 1000; i++) {
      pool.get("churn-" + i, this::create);
      assertThat(pool.size()).isLessThanOrEqualTo(3);
    }

    assertThat(evicted).startsWith("value of b", "value of c", "value of a").hasSize(1000);
  }

  @Test
  void dropsValuesUnusedForTheIdleExpiry() {
    pool.get("a", this::create);
    pool.get("b", this::create);
    now.addAndGet(IDLE.toNanos() / 2);
    pool.get("b", this::create);
    now.addAndGet(IDLE.toNanos() / 2);

    pool.sweep();

    assertThat(evicted).containsExactly("value of a");
    assertThat(pool.size()).isEqualTo(1);
  }

  @Test
  void aDroppedKeyAskedForAgainGetsANewValue() {
    String first = pool.get("a", this::create);
    now.addAndGet(IDLE.toNanos());
    pool.get("b", this::create); // drops a, unused for the idle expiry

    String again = pool.get("a", this::create);

    assertThat(again).isEqualTo("value of a").isNotSameAs(first);
    assertThat(evicted).containsExactly("value of a");
    assertThat(created).hasValue(3);
    assertThat(pool.size()).isEqualTo(2);
  }

  @Test
  void clearHandsEveryValueToTheEvictionCallback() {
    pool.get("a", this::create);
    pool.get("b", this::create);

    pool.clear();

    assertThat(evicted).containsExactlyInAnyOrder("value of a", "value of b");
    assertThat(pool.size()).isZero();
  }

  private String create(String key) {
    created.incrementAndGet();
    return "value of " + key;
  }
}
