package io.kaso.operator.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;
import java.util.List;

/** Keeps the Secret of each ExternalParameter in step with Parameter Store. */
public final class ExternalParameterReconciler implements Reconciler<ExternalParameter>, Cleaner<ExternalParameter> {
  /** The kind, as the engine and the Secrets' owner label name it. */
  public static final SyncEngine.Kind<ExternalParameter> KIND =
      new SyncEngine.Kind<>("ExternalParameter", ExternalParameter.class, ExternalParameter::new);

  private final SyncEngine<ExternalParameterSpec, ExternalParameter> engine;

  public ExternalParameterReconciler(SyncEngine<ExternalParameterSpec, ExternalParameter> engine) {
    this.engine = engine;
  }

  @Override
  public UpdateControl<ExternalParameter> reconcile(ExternalParameter resource, Context<ExternalParameter> context) {
    return engine.reconcile(resource, context);
  }

  @Override
  public DeleteControl cleanup(ExternalParameter resource, Context<ExternalParameter> context) {
    return engine.cleanup(resource);
  }

  @Override
  public List<EventSource<?, ExternalParameter>> prepareEventSources(
      EventSourceContext<ExternalParameter> context) {
    return engine.prepareEventSources(context);
  }
}
