package io.kaso.operator.reconciler;

import io.kaso.operator.api.v1alpha1.ExternalParameter;
import io.kaso.operator.api.v1alpha1.ExternalParameterSpec;

/** Keeps the Secret of each ExternalParameter in step with Parameter Store. */
public final class ExternalParameterReconciler extends SyncReconciler<ExternalParameter, ExternalParameterSpec> {
  /** The kind, as the engine and the Secrets' owner label name it. */
  public static final SyncEngine.Kind<ExternalParameter> KIND = new SyncEngine.Kind<>("ExternalParameter", ExternalParameter.class);

  public ExternalParameterReconciler(SyncEngine<ExternalParameterSpec, ExternalParameter> engine) {
    super(engine);
  }
}
