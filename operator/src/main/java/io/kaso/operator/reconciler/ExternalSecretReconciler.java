package io.kaso.operator.reconciler;

import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;

/** Keeps the Secret of each ExternalSecret in step with Secrets Manager and KMS. */
public final class ExternalSecretReconciler extends KasoReconciler<ExternalSecret, ExternalSecretSpec> {
  /** The kind, as the engine and the Secrets' owner label name it. */
  public static final Reconciliation.Kind<ExternalSecret> KIND = new Reconciliation.Kind<>("ExternalSecret", ExternalSecret.class);

  public ExternalSecretReconciler(Reconciliation<ExternalSecretSpec, ExternalSecret> engine) {
    super(engine);
  }
}
