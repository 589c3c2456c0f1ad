package io.kaso.operator.reconciler;

import io.kaso.operator.api.v1alpha1.ExternalSecret;
import io.kaso.operator.api.v1alpha1.ExternalSecretSpec;

/** Keeps the Secret of each ExternalSecret in step with Secrets Manager and KMS. */
public final class ExternalSecretReconciler extends SyncReconciler<ExternalSecret, ExternalSecretSpec> {
  /** The kind, as the engine and the Secrets' owner label name it. */
  public static final SyncEngine.Kind<ExternalSecret> KIND = new SyncEngine.Kind<>("ExternalSecret", ExternalSecret.class);

  public ExternalSecretReconciler(SyncEngine<ExternalSecretSpec, ExternalSecret> engine) {
    super(engine);
  }
}
