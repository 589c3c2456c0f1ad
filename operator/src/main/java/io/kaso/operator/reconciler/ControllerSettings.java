package io.kaso.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.kaso.operator.api.v1alpha1.Finalizers;
import io.kaso.operator.api.v1alpha1.KasoAnnotations;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** How the controllers of both kinds are registered with JOSDK. */
public final class ControllerSettings {

  private ControllerSettings() {}

  /**
   * Reconciles on spec changes, on a new kaso.io/force-sync value and on deletion; not on status or other metadata
   * writes (Kaso's own status patches would otherwise wake every resource up again).
   */
  public static <R extends HasMetadata> OnUpdateFilter<R> specOrForceSyncChanged() {
    return (now, before) -> !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
        || !Objects.equals(forceSync(now), forceSync(before))
        || (now.isMarkedForDeletion() && !before.isMarkedForDeletion());
  }

  /**
   * Applies Kaso's controller settings.
   *
   * @param namespaces namespaces to watch; empty for all
   * @param labelSelector only resources with these labels (sharding), or null
   */
  public static <R extends HasMetadata> void apply(ControllerConfigurationOverrider<R> o, List<String> namespaces,
      String labelSelector) {
    o.withFinalizer(Finalizers.TARGET_CLEANUP);
    o.withTriggerReconcilerOnAllEvents(true);
    o.withGenerationAware(false);
    o.withOnUpdateFilter(specOrForceSyncChanged());
    if (namespaces.isEmpty()) {
      o.watchingAllNamespaces();
    } else {
      o.settingNamespaces(new HashSet<>(namespaces));
    }
    if (labelSelector != null) {
      o.withLabelSelector(labelSelector);
    }
  }

  private static String forceSync(HasMetadata r) {
    Map<String, String> annotations = r.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(KasoAnnotations.FORCE_SYNC);
  }
}
