package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.kaso.operator.api.v1alpha1.SyncSpec;
import io.kaso.operator.api.v1alpha1.SyncStatus;
import java.util.List;

/**
 * The JOSDK face of a {@link Reconciliation}, which also sees deletions (no JOSDK Cleaner: Kaso adds its finalizer
 * only where a deletion needs it). One subclass per kind, because JOSDK reads the resource class from the
 * first type argument of the reconciler's superclass.
 */
public abstract class KasoReconciler<R extends CustomResource<S, SyncStatus>, S extends SyncSpec>
    implements Reconciler<R> {
  private final Reconciliation<S, R> engine;

  protected KasoReconciler(Reconciliation<S, R> engine) {
    this.engine = engine;
  }

  @Override
  public UpdateControl<R> reconcile(R resource, Context<R> context) {
    return engine.reconcile(resource, context);
  }

  @Override
  public List<EventSource<?, R>> prepareEventSources(EventSourceContext<R> context) {
    return engine.prepareEventSources(context);
  }
}
