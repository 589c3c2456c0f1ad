package io.kaso.operator.reconciler;

import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;
import io.kaso.operator.core.Fetched;
import io.kaso.operator.core.ParameterSources;
import io.kaso.operator.core.ParameterSources.PathRead;
import io.kaso.operator.core.ParameterSources.Plan;
import io.kaso.operator.source.Parameter;
import io.kaso.operator.source.ParameterSelector;
import io.kaso.operator.source.ParameterStore;
import io.kaso.operator.source.Scope;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads an ExternalParameter's paths and parameters from Parameter Store. */
public final class ParameterReader implements SourceReader<ExternalParameterSpec> {
  private final ParameterStore store;

  public ParameterReader(ParameterStore store) {
    this.store = store;
  }

  @Override
  public List<String> sources(ExternalParameterSpec spec) {
    Plan plan = ParameterSources.plan(spec);
    List<String> names = new ArrayList<>();
    plan.paths().forEach(p -> names.add(p.path()));
    plan.selectors().forEach(s -> names.add(s.name()));
    return names;
  }

  @Override
  public Fetched read(ExternalParameterSpec spec, Scope scope) {
    Plan plan = ParameterSources.plan(spec);
    Map<PathRead, List<Parameter>> byPath = new LinkedHashMap<>();
    for (PathRead p : plan.paths()) {
      byPath.put(p, store.byPath(scope, p.path(), p.recursive()));
    }
    Map<ParameterSelector, Parameter> byName = plan.selectors().isEmpty() ? Map.of()
        : store.byName(scope, plan.selectors());
    return ParameterSources.assemble(spec, byPath, byName);
  }

  @Override
  public void forget(ExternalParameterSpec spec) {
    sources(spec).forEach(store::forget);
  }

  @Override
  public String describe(ExternalParameterSpec spec, int keys) {
    int paths = (int) spec.pathsOrEmpty().stream().map(p -> p.getPath()).distinct().count();
    int parameters = (int) spec.parametersOrEmpty().stream().map(p -> p.getName()).distinct().count();
    List<String> parts = new ArrayList<>();
    if (paths > 0) {
      parts.add(paths + (paths == 1 ? " path" : " paths"));
    }
    if (parameters > 0) {
      parts.add(parameters + (parameters == 1 ? " parameter" : " parameters"));
    }
    return keys + (keys == 1 ? " key" : " keys") + " from " + String.join(", ", parts);
  }
}
