package io.kaso.operator.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

/**
 * Counts the AWS calls the operator makes, by operation, as the SDK executes them; and records which access key
 * signed each call (from the SigV4 Authorization header), the roles assumed and the access keys STS issued.
 */
public final class CallCounter implements ExecutionInterceptor {
  private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/]+)/");
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Map<String, List<String>> signers = new ConcurrentHashMap<>();
  private final List<String> assumedRoles = new CopyOnWriteArrayList<>();
  private final List<String> issuedKeys = new CopyOnWriteArrayList<>();

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new AtomicInteger())
        .incrementAndGet();
    if (context.request() instanceof AssumeRoleRequest r) {
      assumedRoles.add(r.roleArn());
    }
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    context.httpRequest().firstMatchingHeader("Authorization").ifPresent(header -> {
      Matcher m = CREDENTIAL.matcher(header);
      if (m.find()) {
        signers.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
            k -> new CopyOnWriteArrayList<>()).add(m.group(1));
      }
    });
  }

  @Override
  public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
    if (context.response() instanceof AssumeRoleResponse r && r.credentials() != null) {
      issuedKeys.add(r.credentials().accessKeyId());
    }
  }

  public int count(String operation) {
    AtomicInteger n = calls.get(operation);
    return n == null ? 0 : n.get();
  }

  public int total() {
    return calls.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The access key ids that signed the calls of an operation, in order (one per attempt sent). */
  public List<String> signers(String operation) {
    return List.copyOf(signers.getOrDefault(operation, List.of()));
  }

  /** The role ARNs of the AssumeRole calls, in order. */
  public List<String> assumedRoles() {
    return List.copyOf(assumedRoles);
  }

  /** The access key ids AssumeRole answers issued, in order. */
  public List<String> issuedKeys() {
    return List.copyOf(issuedKeys);
  }

  public void reset() {
    calls.clear();
    signers.clear();
    assumedRoles.clear();
    issuedKeys.clear();
  }

  @Override
  public String toString() {
    return calls.toString();
  }
}
