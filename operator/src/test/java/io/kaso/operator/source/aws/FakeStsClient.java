package io.kaso.operator.source.aws;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * STS that issues numbered credentials valid for the requested duration on the given clock, records every request,
 * and can fail the next call.
 */
final class FakeStsClient implements StsClient {
  final List<AssumeRoleRequest> assumeRoles = new CopyOnWriteArrayList<>();
  final List<AssumeRoleWithWebIdentityRequest> webIdentities = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private final AtomicInteger issued = new AtomicInteger();
  private volatile RuntimeException nextFailure;
  private volatile CountDownLatch gate;
  private volatile CountDownLatch entered;

  /** The next call signals {@code entered} and then waits until {@code gate} opens: STS answering slowly. */
  void holdNextCall(CountDownLatch entered, CountDownLatch gate) {
    this.entered = entered;
    this.gate = gate;
  }

  FakeStsClient(Clock clock) {
    this.clock = clock;
  }

  void failNextWith(RuntimeException failure) {
    nextFailure = failure;
  }

  /** The access key id of the n-th credentials issued (from 1). */
  static String accessKeyId(int n) {
    return String.format("ASIAFAKE%012d", n);
  }

  @Override
  public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
    assumeRoles.add(request);
    failIfAsked();
    return AssumeRoleResponse.builder().credentials(issue(request.durationSeconds())).build();
  }

  @Override
  public AssumeRoleWithWebIdentityResponse assumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest request) {
    webIdentities.add(request);
    failIfAsked();
    return AssumeRoleWithWebIdentityResponse.builder().credentials(issue(request.durationSeconds())).build();
  }

  private void failIfAsked() {
    CountDownLatch held = gate;
    if (held != null) {
      gate = null;
      entered.countDown();
      try {
        held.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RuntimeException failure = nextFailure;
    if (failure != null) {
      nextFailure = null;
      throw failure;
    }
  }

  private Credentials issue(Integer durationSeconds) {
    int n = issued.incrementAndGet();
    return Credentials.builder().accessKeyId(accessKeyId(n)).secretAccessKey("secret-" + n)
        .sessionToken("token-" + n)
        .expiration(clock.instant().plus(Duration.ofSeconds(durationSeconds == null ? 3600 : durationSeconds)))
        .build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}
