package io.kaso.operator.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Whether a pod spec uses a Secret: env valueFrom, envFrom, secret volumes and projected volumes. */
final class WorkloadReferences {

  private WorkloadReferences() {}

  static boolean uses(PodSpec pod, String secretName) {
    if (pod == null) {
      return false;
    }
    List<Container> containers = new ArrayList<>();
    if (pod.getContainers() != null) {
      containers.addAll(pod.getContainers());
    }
    if (pod.getInitContainers() != null) {
      containers.addAll(pod.getInitContainers());
    }
    for (Container c : containers) {
      if (c.getEnv() != null) {
        for (EnvVar e : c.getEnv()) {
          if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
              && secretName.equals(e.getValueFrom().getSecretKeyRef().getName())) {
            return true;
          }
        }
      }
      if (c.getEnvFrom() != null) {
        for (EnvFromSource e : c.getEnvFrom()) {
          if (e.getSecretRef() != null && secretName.equals(e.getSecretRef().getName())) {
            return true;
          }
        }
      }
    }
    if (pod.getVolumes() != null) {
      for (Volume v : pod.getVolumes()) {
        if (v.getSecret() != null && secretName.equals(v.getSecret().getSecretName())) {
          return true;
        }
        if (v.getProjected() != null && v.getProjected().getSources() != null) {
          for (VolumeProjection p : v.getProjected().getSources()) {
            if (p.getSecret() != null && Objects.equals(secretName, p.getSecret().getName())) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }
}
