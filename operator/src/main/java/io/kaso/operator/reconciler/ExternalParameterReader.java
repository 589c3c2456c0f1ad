package io.kaso.operator.reconciler;

import io.kaso.operator.core.Fetched;
import io.kaso.operator.core.ParameterPlan;
import io.kaso.operator.core.ParameterPlan.PathRead;
import io.kaso.operator.core.SourcesGone.Presence;
import io.kaso.operator.source.Parameter;
import io.kaso.operator.source.ParameterSelector;
import io.kaso.operator.source.ParameterStore;
import io.kaso.operator.source.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Reads an ExternalParameter's paths and parameters from Parameter Store. */
public final class ExternalParameterReader implements SourceReader<ParameterPlan> {
  private final ParameterStore store;

  public ExternalParameterReader(ParameterStore store) {
    this.store = store;
  }

  @Override
  public Fetched read(ParameterPlan plan, Scope scope) {
    Map<PathRead, List<Parameter>> byPath = new LinkedHashMap<>();
    for (PathRead p : plan.paths()) {
      byPath.put(p, p.tags().isEmpty() ? store.byPath(scope, p.path(), p.recursive())
          : store.byTags(scope, p.path(), p.recursive(), p.tags()));
    }
    Map<ParameterSelector, Parameter> byName = plan.selectors().isEmpty() ? Map.of()
        : store.byName(scope, plan.selectors());
    Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    for (String name : plan.tagReads()) {
      tags.put(name, store.tags(scope, name));
    }
    return plan.assemble(byPath, byName, tags);
  }

  @Override
  public List<Presence> presence(ParameterPlan plan, Scope scope) {
    List<Presence> out = new ArrayList<>();
    for (PathRead p : plan.paths()) {
      // Conservative with a nameRegexp: a path still holding other parameters is not gone.
      out.add(SourceReader.presenceOf(() -> !(p.tags().isEmpty() ? store.byPath(scope, p.path(), p.recursive())
          : store.byTags(scope, p.path(), p.recursive(), p.tags())).isEmpty()));
    }
    for (ParameterSelector s : plan.selectors()) {
      out.add(SourceReader.presenceOf(() -> store.byName(scope, List.of(s)).containsKey(s)));
    }
    for (String name : plan.tagReads()) {
      out.add(SourceReader.presenceOf(() -> store.tags(scope, name) != null));
    }
    return out;
  }

  @Override
  public void prefetch(Scope scope, List<ParameterPlan> plans, Duration keep) {
    Set<ParameterSelector> names = new LinkedHashSet<>();
    Set<PathRead> paths = new LinkedHashSet<>();
    for (ParameterPlan plan : plans) {
      names.addAll(plan.selectors());
      paths.addAll(plan.paths());
    }
    store.prefetchNames(scope, names, keep);
    // A path read by tags lists only what it needs when its sync comes; prefetching the whole path would not help it.
    paths.stream().filter(p -> p.tags().isEmpty()).forEach(p -> store.prefetchPath(scope, p.path(), p.recursive(), keep));
  }

  @Override
  public CompletableFuture<?> inFlight(ParameterPlan plan, Scope scope) {
    return store.inFlight(scope, plan.selectors(), plan.paths().stream().filter(p -> p.tags().isEmpty())
        .map(p -> Map.entry(p.path(), p.recursive())).toList());
  }

  @Override
  public void forget(ParameterPlan plan) {
    plan.paths().forEach(p -> store.forget(p.path()));
    plan.selectors().forEach(s -> store.forget(s.name()));
    plan.tagReads().forEach(store::forget);
  }
}
