package io.kaso.operator.api.v1alpha1;

/** Kinds of workload Kaso can restart. */
public enum WorkloadKind {
  Deployment,
  StatefulSet,
  DaemonSet
}
