package io.kaso.operator.reconciler;

import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;

/** Keeps the Secret of each ExternalParameter in step with Parameter Store. */
public final class ExternalParameterReconciler extends KasoReconciler<ExternalParameter, ExternalParameterSpec> {
  /** The kind, as the engine and the Secrets' owner label name it. */
  public static final Reconciliation.Kind<ExternalParameter> KIND = new Reconciliation.Kind<>("ExternalParameter", ExternalParameter.class);

  public ExternalParameterReconciler(Reconciliation<ExternalParameterSpec, ExternalParameter> engine) {
    super(engine);
  }
}
