package io.kaso.operator.metrics;

import java.util.List;

/** The names of Kaso's own meters, one list: the code registers these and README's metrics table lists them. */
public final class MetricNames {
  public static final String SYNC_TOTAL = "kaso_sync_total";
  public static final String SYNC_DURATION = "kaso_sync_duration_seconds";
  public static final String AWS_REQUESTS = "kaso_aws_requests_total";
  public static final String AWS_REQUEST_DURATION = "kaso_aws_request_duration_seconds";
  public static final String AWS_RATE_WAIT = "kaso_aws_rate_wait_seconds";
  public static final String AWS_RATE_WAIT_EXCEEDED = "kaso_aws_rate_wait_exceeded_total";
  public static final String CACHE_REQUESTS = "kaso_cache_requests_total";
  public static final String CREDENTIALS_REFRESH = "kaso_credentials_refresh_total";
  public static final String EVENTS = "kaso_events_total";
  public static final String EVENTS_POLL_ERRORS = "kaso_events_poll_errors_total";
  public static final String EVENT_TO_SYNC = "kaso_event_to_sync_seconds";
  public static final String ROLLOUT_RESTARTS = "kaso_rollout_restarts_total";
  public static final String RESOURCES = "kaso_resources";

  /** Every name above, in README's order. */
  public static final List<String> ALL = List.of(SYNC_TOTAL, SYNC_DURATION, AWS_REQUESTS, AWS_REQUEST_DURATION,
      AWS_RATE_WAIT, AWS_RATE_WAIT_EXCEEDED, CACHE_REQUESTS, CREDENTIALS_REFRESH, EVENTS, EVENTS_POLL_ERRORS,
      EVENT_TO_SYNC, ROLLOUT_RESTARTS, RESOURCES);

  private MetricNames() {}
}
