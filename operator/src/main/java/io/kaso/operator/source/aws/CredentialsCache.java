package io.kaso.operator.source.aws;

import io.kaso.operator.metrics.MetricNames;
import io.kaso.operator.source.AccessKeys;
import io.kaso.operator.source.Identity;
import io.kaso.operator.source.ServiceAccountTokens;
import io.kaso.operator.source.SourceException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

/**
 * Credentials per identity, built once and refreshed before they expire (DESIGN 3, "Credentials"), shared by every
 * resource that uses the identity. The operator's own identity comes from the AWS SDK default chain (IRSA web
 * identity token file, EKS Pod Identity, environment), which refreshes itself. Identities are bounded (a tenant
 * editing its role in a loop must not grow the heap): at most {@link #MAX_IDENTITIES}, the least recently used
 * dropped first, and any dropped once unused for {@link #IDLE_EXPIRY}; a dropped identity used again assumes its
 * role again. While one thread refreshes an identity's credentials ahead of expiry, others use the current ones
 * instead of queueing behind a slow STS.
 */
public final class CredentialsCache {
  /** Credentials are refreshed this long before they expire. */
  static final Duration REFRESH_AHEAD = Duration.ofMinutes(5);
  /** After a failed refresh, while the current credentials still work, the next try waits this long. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(15);
  /** Lifetime asked of STS. */
  static final int SESSION_SECONDS = 3600;
  /** Identities kept at most; each holds about a kilobyte. */
  static final int MAX_IDENTITIES = 10_000;
  /** An identity unused this long is dropped: its credentials (1 h) have expired by then anyway. */
  static final Duration IDLE_EXPIRY = Duration.ofMinutes(90);
  /** Longest a read waits for another thread's first fetch of an identity's credentials. */
  static final Duration MAX_FETCH_WAIT = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(CredentialsCache.class);

  private final AwsCredentialsProvider operatorCredentials;
  private final StsClient sts;
  private final StsClient anonymousSts;
  private final ServiceAccountTokens tokens;
  private final RateBudget budget;
  private final String stsRegion;
  private final Clock clock;
  private final MeterRegistry registry;
  private final BoundedPool<Identity, Refreshing> providers;

  /**
   * @param sts an STS client in {@code stsRegion} signing with the operator's identity, for AssumeRole
   * @param anonymousSts an STS client with anonymous credentials, for AssumeRoleWithWebIdentity
   */
  public CredentialsCache(AwsCredentialsProvider operatorCredentials, StsClient sts, StsClient anonymousSts,
      String stsRegion, ServiceAccountTokens tokens, RateBudget budget, Clock clock, MeterRegistry registry) {
    this.operatorCredentials = operatorCredentials;
    this.sts = sts;
    this.anonymousSts = anonymousSts;
    this.stsRegion = stsRegion;
    this.tokens = tokens;
    this.budget = budget;
    this.clock = clock;
    this.registry = registry;
    this.providers = new BoundedPool<>(MAX_IDENTITIES, IDLE_EXPIRY, () -> nanos(clock.instant()), p -> { });
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  /** Identities held now (bounded by {@link #MAX_IDENTITIES}). */
  int liveIdentities() {
    return providers.size();
  }

  /**
   * The credentials provider of an identity; the same instance for equal identities that assume a role. A tenant's
   * plain access keys need no STS call and nothing cached: they are their own provider.
   */
  public AwsCredentialsProvider forIdentity(Identity identity) {
    if (identity instanceof Identity.Operator) {
      return operatorCredentials;
    }
    if (identity instanceof Identity.SecretKeys keys) {
      return StaticCredentialsProvider.create(credentials(keys.keys()));
    }
    // A new version of an access keys Secret drops the sessions assumed with the old one.
    return providers.get(identity, Refreshing::new, identity::otherVersionOf);
  }

  /** The SDK's credentials of a tenant's access keys. */
  static AwsCredentials credentials(AccessKeys keys) {
    if (keys.sessionToken() == null) {
      return AwsBasicCredentials.create(keys.accessKeyId(), keys.secretAccessKey());
    }
    return AwsSessionCredentials.create(keys.accessKeyId(), keys.secretAccessKey(), keys.sessionToken());
  }

  private Credentials fetch(Identity identity) {
    budget.acquire(identity.account(), stsRegion, RateBudget.Family.STS);
    if (identity instanceof Identity.AssumedRole role) {
      AssumeRoleRequest.Builder request = AssumeRoleRequest.builder().roleArn(role.roleArn())
          .roleSessionName(role.sessionName()).durationSeconds(SESSION_SECONDS);
      if (role.externalId() != null) {
        request.externalId(role.externalId());
      }
      if (!role.sessionTags().isEmpty()) {
        List<Tag> tags = role.sessionTags().entrySet().stream()
            .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        request.tags(tags);
      }
      if (role.from() != null) {
        // Signed with the tenant's keys instead of the operator's: the role's trust policy judges the tenant.
        AwsCredentialsProvider keys = StaticCredentialsProvider.create(credentials(role.from().keys()));
        request.overrideConfiguration(o -> o.credentialsProvider(keys));
      }
      return sts.assumeRole(request.build()).credentials();
    }
    Identity.WebIdentity web = (Identity.WebIdentity) identity;
    String token = tokens.token(web.namespace(), web.serviceAccount());
    return anonymousSts.assumeRoleWithWebIdentity(AssumeRoleWithWebIdentityRequest.builder().roleArn(web.roleArn())
        .roleSessionName(web.sessionName()).webIdentityToken(token).durationSeconds(SESSION_SECONDS).build())
        .credentials();
  }

  private static String method(Identity identity) {
    return identity instanceof Identity.AssumedRole ? "assume_role" : "web_identity";
  }

  private Counter refreshes(Identity identity, String outcome) {
    return Counter.builder(MetricNames.CREDENTIALS_REFRESH).description("STS credential refreshes by outcome")
        .tags("method", method(identity), "outcome", outcome).register(registry);
  }

  /** Credentials of one identity, refreshed {@link #REFRESH_AHEAD} before expiry, one refresh at a time. */
  private final class Refreshing implements AwsCredentialsProvider {
    private final Identity identity;
    private volatile AwsSessionCredentials current;
    private volatile Instant expiration = Instant.MIN;
    private volatile Instant nextTry = Instant.MIN;
    private final ReentrantLock refreshing = new ReentrantLock();

    Refreshing(Identity identity) {
      this.identity = identity;
    }

    @Override
    public AwsCredentials resolveCredentials() {
      AwsSessionCredentials c = current;
      if (c != null && fresh(clock.instant())) {
        return c;
      }
      return refresh();
    }

    /** Whether the current credentials can be used without trying a refresh now. */
    private boolean fresh(Instant now) {
      return now.isBefore(expiration.minus(REFRESH_AHEAD)) || (now.isBefore(nextTry) && now.isBefore(expiration));
    }

    private AwsCredentials refresh() {
      AwsSessionCredentials working = current;
      if (working != null && clock.instant().isBefore(expiration)) {
        if (!refreshing.tryLock()) {
          return working; // another thread refreshes ahead of expiry; these still work
        }
      } else if (!lockWithin(MAX_FETCH_WAIT)) {
        throw new SourceException.Unavailable("STS has not issued credentials for " + identity.describe()
            + " within " + MAX_FETCH_WAIT.toSeconds() + " s; retried later", null);
      }
      try {
        return refreshLocked();
      } finally {
        refreshing.unlock();
      }
    }

    private boolean lockWithin(Duration wait) {
      try {
        return refreshing.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SourceException.Unavailable("interrupted while waiting for credentials for " + identity.describe(),
            e);
      }
    }

    private AwsCredentials refreshLocked() {
      Instant now = clock.instant();
      if (current != null && fresh(now)) {
        return current;
      }
      try {
        Credentials issued = fetch(identity);
        current = AwsSessionCredentials.builder().accessKeyId(issued.accessKeyId())
            .secretAccessKey(issued.secretAccessKey()).sessionToken(issued.sessionToken())
            .expirationTime(issued.expiration()).build();
        expiration = issued.expiration() == null ? now.plusSeconds(SESSION_SECONDS) : issued.expiration();
        refreshes(identity, "ok").increment();
        return current;
      } catch (SdkException e) {
        return keepOrThrow(AwsFailures.translate(e, "getting credentials for " + identity.describe()), now);
      } catch (SourceException e) {
        return keepOrThrow(e, now);
      }
    }

    /** A failed refresh while the current credentials still work keeps them, and tries again a little later. */
    private AwsCredentials keepOrThrow(SourceException failure, Instant now) {
      refreshes(identity, "error").increment();
      if (current != null && now.isBefore(expiration)) {
        nextTry = now.plus(RETRY_AFTER_FAILURE);
        LOG.warn("credential refresh failed, using the current ones until they expire: {}", failure.getMessage());
        return current;
      }
      throw failure;
    }
  }
}
