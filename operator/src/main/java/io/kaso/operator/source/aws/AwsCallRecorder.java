package io.kaso.operator.source.aws;

import io.kaso.operator.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;

/**
 * Counts and times AWS calls for {@code kaso_aws_requests_total{service,operation,outcome}} and
 * {@code kaso_aws_request_duration_seconds{service,operation}}. Each call counts once with its final outcome, except
 * that every throttled attempt counts as {@code throttled} (the SDK retries those inside one call).
 */
final class AwsCallRecorder implements ExecutionInterceptor, MetricPublisher {
  private static final ExecutionAttribute<Long> START = new ExecutionAttribute<>("kaso.start");
  /** The SDK's ERROR_TYPE value of a throttled attempt. */
  private static final String THROTTLING = "Throttling";
  private final String service;
  private final MeterRegistry registry;

  AwsCallRecorder(String service, MeterRegistry registry) {
    this.service = service;
    this.registry = registry;
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(START, System.nanoTime());
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    record(attributes, "ok");
  }

  @Override
  public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
    String outcome = AwsFailures.outcome(context.exception());
    if (!"throttled".equals(outcome)) {
      record(attributes, outcome);
    } else {
      timer(operation(attributes)).record(elapsed(attributes));
    }
  }

  @Override
  public void publish(MetricCollection metrics) {
    String operation = metrics.metricValues(CoreMetric.OPERATION_NAME).stream().findFirst().orElse("unknown");
    long throttled = metrics.children().stream()
        .flatMap(attempt -> attempt.metricValues(CoreMetric.ERROR_TYPE).stream())
        .filter(THROTTLING::equals).count();
    if (throttled > 0) {
      counter(operation, "throttled").increment(throttled);
    }
  }

  @Override
  public void close() {}

  private void record(ExecutionAttributes attributes, String outcome) {
    String operation = operation(attributes);
    counter(operation, outcome).increment();
    timer(operation).record(elapsed(attributes));
  }

  private static String operation(ExecutionAttributes attributes) {
    String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    return op == null ? "unknown" : op;
  }

  private static Duration elapsed(ExecutionAttributes attributes) {
    Long start = attributes.getAttribute(START);
    return start == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - start);
  }

  private Counter counter(String operation, String outcome) {
    return Counter.builder(MetricNames.AWS_REQUESTS).description("AWS API calls by outcome")
        .tags("service", service, "operation", operation, "outcome", outcome).register(registry);
  }

  private Timer timer(String operation) {
    return Timer.builder(MetricNames.AWS_REQUEST_DURATION).description("Duration of AWS API calls")
        .tags("service", service, "operation", operation).publishPercentileHistogram().register(registry);
  }
}
