package io.kaso.operator.template;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The limits of one render: a deadline, a number of template nodes, and the characters that filters may produce in
 * all. The first violation sticks: every later check fails at once, so a loop stops at its next node.
 */
final class RenderLimits {
  private final LongSupplier nanoTime;
  private long deadline;
  private long timeoutMillis;
  private int nodesLeft;
  private long charsLeft;
  private SandboxViolation violation;

  RenderLimits(LongSupplier nanoTime, int nodes, long filterChars) {
    this.nanoTime = nanoTime;
    this.nodesLeft = nodes;
    this.charsLeft = filterChars;
  }

  /** Starts the clock: rendering must end within the timeout. */
  void start(long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
    this.deadline = nanoTime.getAsLong() + timeoutMillis * 1_000_000L;
  }

  /** Called before each node is rendered. */
  void node() {
    failIfViolated();
    if (--nodesLeft < 0) {
      fail("it renders more than the limit of template nodes (loops inside loops?)");
    }
    if (nanoTime.getAsLong() - deadline >= 0 || Thread.currentThread().isInterrupted()) {
      fail("rendering passed the time limit (" + timeoutMillis + " ms were left; all templates of a target get "
          + JinjavaTemplateEngine.TIMEOUT_MILLIS + " ms together)");
    }
  }

  /** Counts what a filter returned against the characters filters may produce. */
  void produced(Object result) {
    failIfViolated();
    Sizes size = Sizes.of(result, JinjavaTemplateEngine.MAX_ELEMENTS);
    if (size.elements() > JinjavaTemplateEngine.MAX_ELEMENTS) {
      fail("a filter returns a list or map of more than " + JinjavaTemplateEngine.MAX_ELEMENTS + " elements");
    }
    charsLeft -= size.chars();
    if (charsLeft < 0) {
      fail("its filters produce more text than the limit allows (" + JinjavaTemplateEngine.MAX_FILTER_CHARS
          + " characters in all)");
    }
  }

  /** Fails when a value the template built passes the size limits. */
  void built(Object value) {
    failIfViolated();
    Sizes size = Sizes.of(value, JinjavaTemplateEngine.MAX_ELEMENTS);
    if (size.elements() > JinjavaTemplateEngine.MAX_ELEMENTS) {
      fail("a list or map it builds passes the limit of " + JinjavaTemplateEngine.MAX_ELEMENTS + " elements");
    }
    if (size.chars() > JinjavaTemplateEngine.MAX_BUILT_CHARS) {
      fail("a value it builds passes the limit of " + JinjavaTemplateEngine.MAX_BUILT_CHARS + " characters");
    }
  }

  /** Records a violation (the first one sticks) and throws it. */
  void fail(String message) {
    if (violation == null) {
      violation = new SandboxViolation(message);
    }
    throw violation;
  }

  SandboxViolation violation() {
    return violation;
  }

  private void failIfViolated() {
    if (violation != null) {
      throw violation;
    }
  }

  /** Elements and characters of a value, counting each distinct object once; stops counting past maxElements. */
  record Sizes(long elements, long chars) {
    static Sizes of(Object value, int maxElements) {
      long[] counts = new long[2];
      walk(value, Collections.newSetFromMap(new IdentityHashMap<>()), counts, maxElements);
      return new Sizes(counts[0], counts[1]);
    }

    private static void walk(Object v, Set<Object> seen, long[] counts, int maxElements) {
      if (v == null || counts[0] > maxElements) {
        return;
      }
      if (v instanceof CharSequence s) {
        counts[1] += s.length();
        return;
      }
      if (!(v instanceof Collection<?> || v instanceof Map<?, ?> || v instanceof Object[]) || !seen.add(v)) {
        return;
      }
      if (v instanceof Map<?, ?> m) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
          counts[0]++;
          walk(e.getKey(), seen, counts, maxElements);
          walk(e.getValue(), seen, counts, maxElements);
        }
      } else {
        for (Object o : v instanceof Object[] a ? Arrays.asList(a) : (Collection<?>) v) {
          counts[0]++;
          walk(o, seen, counts, maxElements);
        }
      }
    }
  }
}
