package io.kaso.operator.api.v1alpha1;

/** When a resource reads AWS again after a successful sync. */
public enum RefreshPolicy {
  /** At every refreshInterval, on spec changes, kaso.io/force-sync and AWS events. */
  Periodic,
  /**
   * Until the first successful sync of the spec; then only when the spec changes or kaso.io/force-sync changes. AWS
   * events and the refreshInterval are ignored; drift of the Secret is still restored from the last sync.
   */
  CreatedOnce,
  /** On spec changes, kaso.io/force-sync and AWS events only; never on a timer. */
  OnChange
}
