package io.kaso.operator.source.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.kaso.operator.source.AccessKeys;
import io.kaso.operator.source.Identity;
import io.kaso.operator.source.RateBudgets;
import io.kaso.operator.source.ServiceAccountTokens;
import io.kaso.operator.source.SourceException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.sts.model.Tag;

class CredentialsCacheTest {
  private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/shop-reader";
  private static final Identity.AssumedRole ROLE = new Identity.AssumedRole(ROLE_ARN, "ext-42", "kaso-shop",
      Map.of("kaso-namespace", "shop", "kaso-resource", "db"));
  private static final Identity.WebIdentity SERVICE_ACCOUNT = new Identity.WebIdentity("shop", "reader",
      "arn:aws:iam::123456789012:role/shop-irsa", "kaso-shop-reader");
  /** Far above any rate these tests reach, so nothing waits for the budget. */
  private static final RateBudgets GENEROUS = new RateBudgets(1e6, 1e6, 1e6, 1e6, 1e6);

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));
  private final FakeStsClient sts = new FakeStsClient(clock);
  private final FakeStsClient anonymousSts = new FakeStsClient(clock);
  private final RecordingTokens tokens = new RecordingTokens();
  private final AwsCredentialsProvider operatorCredentials = StaticCredentialsProvider.create(
      AwsBasicCredentials.create("AKIAOPERATOR00000000", "operator-secret"));
  private final MeterRegistry registry = new SimpleMeterRegistry();
  private final CredentialsCache cache = new CredentialsCache(operatorCredentials, sts, anonymousSts, "us-east-1",
      tokens, new RateBudget(GENEROUS, new SimpleMeterRegistry()), clock, registry);

  @Test
  void aHundredResolvesOfOneRoleAssumeItOnce() {
    AwsCredentialsProvider provider = cache.forIdentity(ROLE);

    for (int i = 0; i < 100; i++) {
      provider.resolveCredentials();
    }

    assertThat(sts.assumeRoles).hasSize(1);
  }

  @Test
  void concurrentResolvesOfOneRoleAssumeItOnce() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Callable<AwsCredentials>> resolves = IntStream.range(0, 100)
          .<Callable<AwsCredentials>>mapToObj(i -> () -> cache.forIdentity(ROLE).resolveCredentials()).toList();

      for (Future<AwsCredentials> f : threads.invokeAll(resolves)) {
        assertThat(f.get(10, TimeUnit.SECONDS).accessKeyId()).isEqualTo(FakeStsClient.accessKeyId(1));
      }
      assertThat(sts.assumeRoles).hasSize(1);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void rolesChangedInALoopKeepABoundedNumberOfIdentities() {
    for (int i = 0; i < CredentialsCache.MAX_IDENTITIES + 500; i++) {
      cache.forIdentity(new Identity.AssumedRole("arn:aws:iam::123456789012:role/r" + i, null, "kaso-shop", Map.of()));
    }

    assertThat(cache.liveIdentities()).isEqualTo(CredentialsCache.MAX_IDENTITIES);
  }

  @Test
  void anIdentityDroppedWhileIdleWorksAgainWhenUsed() {
    cache.forIdentity(ROLE).resolveCredentials();
    clock.advance(CredentialsCache.IDLE_EXPIRY);
    cache.forIdentity(SERVICE_ACCOUNT); // any use sweeps the idle ones
    assertThat(cache.liveIdentities()).isEqualTo(1);

    AwsCredentials again = cache.forIdentity(ROLE).resolveCredentials();

    assertThat(again.accessKeyId()).isEqualTo(FakeStsClient.accessKeyId(2));
    assertThat(cache.liveIdentities()).isEqualTo(2);
  }

  @Test
  void whileOneReadRefreshesAheadOfExpiryOthersUseTheCurrentCredentials() throws Exception {
    cache.forIdentity(SERVICE_ACCOUNT).resolveCredentials();
    clock.advance(Duration.ofMinutes(56));
    CountDownLatch inSts = new CountDownLatch(1);
    CountDownLatch stsAnswers = new CountDownLatch(1);
    anonymousSts.holdNextCall(inSts, stsAnswers);
    ExecutorService threads = Executors.newSingleThreadExecutor();
    try {
      Future<AwsCredentials> refreshing = threads.submit(() -> cache.forIdentity(SERVICE_ACCOUNT)
          .resolveCredentials());
      assertThat(inSts.await(10, TimeUnit.SECONDS)).isTrue();

      AwsCredentials meanwhile = cache.forIdentity(SERVICE_ACCOUNT).resolveCredentials();

      assertThat(meanwhile.accessKeyId()).isEqualTo(FakeStsClient.accessKeyId(1));
      stsAnswers.countDown();
      assertThat(refreshing.get(10, TimeUnit.SECONDS).accessKeyId()).isEqualTo(FakeStsClient.accessKeyId(2));
      assertThat(anonymousSts.webIdentities).hasSize(2);
    } finally {
      stsAnswers.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void equalIdentitiesShareOneProvider() {
    Identity same = new Identity.AssumedRole(ROLE_ARN, "ext-42", "kaso-shop",
        Map.of("kaso-resource", "db", "kaso-namespace", "shop"));

    assertThat(cache.forIdentity(same)).isSameAs(cache.forIdentity(ROLE));
  }

  @Test
  void differentIdentitiesHaveTheirOwnCredentials() {
    Identity other = new Identity.AssumedRole(ROLE_ARN, "ext-42", "kaso-billing", Map.of());

    AwsCredentials mine = cache.forIdentity(ROLE).resolveCredentials();
    AwsCredentials theirs = cache.forIdentity(other).resolveCredentials();

    assertThat(theirs.accessKeyId()).isNotEqualTo(mine.accessKeyId());
    assertThat(sts.assumeRoles).hasSize(2);
  }

  @Test
  void returnsTheSessionCredentialsStsIssued() {
    AwsCredentials c = cache.forIdentity(ROLE).resolveCredentials();

    assertThat(c).isInstanceOf(AwsSessionCredentials.class);
    AwsSessionCredentials session = (AwsSessionCredentials) c;
    assertThat(session.accessKeyId()).isEqualTo(FakeStsClient.accessKeyId(1));
    assertThat(session.secretAccessKey()).isEqualTo("secret-1");
    assertThat(session.sessionToken()).isEqualTo("token-1");
  }

  @Test
  void keepsCredentialsUntilFiveMinutesBeforeExpiry() {
    AwsCredentialsProvider provider = cache.forIdentity(ROLE);
    provider.resolveCredentials();

    clock.advance(Duration.ofMinutes(55).minusSeconds(1));

    assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo(FakeStsClient.accessKeyId(1));
    assertThat(sts.assumeRoles).hasSize(1);
  }

  @Test
  void refreshesOnceWithinFiveMinutesOfExpiry() {
    AwsCredentialsProvider provider = cache.forIdentity(ROLE);
    provider.resolveCredentials();

    clock.advance(Duration.ofMinutes(55));
    for (int i = 0; i < 100; i++) {
      assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo(FakeStsClient.accessKeyId(2));
    }

    assertThat(sts.assumeRoles).hasSize(2);
  }

  @Test
  void assumeRoleCarriesRoleSessionNameExternalIdAndSessionTags() {
    cache.forIdentity(ROLE).resolveCredentials();

    AssumeRoleRequest request = sts.assumeRoles.get(0);
    assertThat(request.roleArn()).isEqualTo(ROLE_ARN);
    assertThat(request.roleSessionName()).isEqualTo("kaso-shop");
    assertThat(request.externalId()).isEqualTo("ext-42");
    assertThat(request.durationSeconds()).isEqualTo(CredentialsCache.SESSION_SECONDS);
    assertThat(request.tags()).extracting(Tag::key, Tag::value).containsExactlyInAnyOrder(
        tuple("kaso-namespace", "shop"),
        tuple("kaso-resource", "db"));
  }

  @Test
  void assumeRoleCarriesNoExternalIdOrTagsWhenTheIdentityHasNone() {
    cache.forIdentity(new Identity.AssumedRole(ROLE_ARN, null, "kaso-shop", Map.of())).resolveCredentials();

    AssumeRoleRequest request = sts.assumeRoles.get(0);
    assertThat(request.externalId()).isNull();
    assertThat(request.hasTags()).isFalse();
  }

  @Test
  void aWebIdentityExchangesItsServiceAccountTokenOnTheAnonymousClient() {
    AwsCredentials c = cache.forIdentity(SERVICE_ACCOUNT).resolveCredentials();

    assertThat(tokens.requests).containsExactly("shop/reader");
    assertThat(anonymousSts.webIdentities).hasSize(1);
    AssumeRoleWithWebIdentityRequest request = anonymousSts.webIdentities.get(0);
    assertThat(request.webIdentityToken()).isEqualTo(tokens.issued(1));
    assertThat(request.roleArn()).isEqualTo("arn:aws:iam::123456789012:role/shop-irsa");
    assertThat(request.roleSessionName()).isEqualTo("kaso-shop-reader");
    assertThat(c.accessKeyId()).isEqualTo(FakeStsClient.accessKeyId(1));
    assertThat(sts.webIdentities).isEmpty();
    assertThat(sts.assumeRoles).isEmpty();
  }

  @Test
  void aWebIdentityRefreshAsksForAFreshToken() {
    AwsCredentialsProvider provider = cache.forIdentity(SERVICE_ACCOUNT);
    provider.resolveCredentials();

    clock.advance(Duration.ofMinutes(56));
    provider.resolveCredentials();

    assertThat(anonymousSts.webIdentities).extracting(AssumeRoleWithWebIdentityRequest::webIdentityToken)
        .containsExactly(tokens.issued(1), tokens.issued(2));
  }

  @Test
  void anStsDenialBecomesAccessDenied() {
    sts.failNextWith(stsError(403, "AccessDenied", "User is not authorized to perform: sts:AssumeRole"));

    assertThatThrownBy(() -> cache.forIdentity(ROLE).resolveCredentials())
        .isInstanceOf(SourceException.AccessDenied.class).hasMessageContaining(ROLE_ARN)
        .hasMessageContaining("not authorized to perform: sts:AssumeRole");
  }

  @Test
  void anIdentityProviderThatStsCannotReachIsUnavailableAndRetriedNotADenial() {
    anonymousSts.failNextWith(stsError(400, "IDPCommunicationError",
        "Couldn't retrieve verification key from your identity provider"));

    assertThatThrownBy(() -> cache.forIdentity(SERVICE_ACCOUNT).resolveCredentials())
        .isInstanceOf(SourceException.Unavailable.class).hasMessageContaining("IDPCommunicationError");
    assertThat(cache.forIdentity(SERVICE_ACCOUNT).resolveCredentials().accessKeyId()).isNotBlank();
  }

  @Test
  void aFailedRefreshKeepsReturningCredentialsThatAreStillValid() {
    AwsCredentialsProvider provider = cache.forIdentity(ROLE);
    provider.resolveCredentials();
    clock.advance(Duration.ofMinutes(57));
    sts.failNextWith(stsError(403, "AccessDenied", "denied"));

    assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo(FakeStsClient.accessKeyId(1));
    assertThat(provider.resolveCredentials().accessKeyId()).as("no new try right after a failure")
        .isEqualTo(FakeStsClient.accessKeyId(1));
    clock.advance(CredentialsCache.RETRY_AFTER_FAILURE);
    assertThat(provider.resolveCredentials().accessKeyId()).as("a later call tries again")
        .isEqualTo(FakeStsClient.accessKeyId(2));
  }

  @Test
  void aFailedRefreshAfterExpiryFails() {
    AwsCredentialsProvider provider = cache.forIdentity(ROLE);
    provider.resolveCredentials();
    clock.advance(Duration.ofMinutes(61));
    sts.failNextWith(stsError(403, "AccessDenied", "denied"));

    assertThatThrownBy(provider::resolveCredentials).isInstanceOf(SourceException.AccessDenied.class);
  }

  @Test
  void aFailedTokenRequestKeepsReturningCredentialsThatAreStillValid() {
    AwsCredentialsProvider provider = cache.forIdentity(SERVICE_ACCOUNT);
    provider.resolveCredentials();
    clock.advance(Duration.ofMinutes(57));
    tokens.failNextWith(new SourceException.AccessDenied("TokenRequest failed: API server unavailable", null));

    assertThat(provider.resolveCredentials().accessKeyId()).isEqualTo(FakeStsClient.accessKeyId(1));
  }

  @Test
  void countsRefreshesByMethodAndOutcome() {
    cache.forIdentity(ROLE).resolveCredentials();
    cache.forIdentity(SERVICE_ACCOUNT).resolveCredentials();
    Identity denied = new Identity.AssumedRole("arn:aws:iam::210987654321:role/other", null, "kaso", Map.of());
    sts.failNextWith(stsError(403, "AccessDenied", "denied"));
    assertThatThrownBy(() -> cache.forIdentity(denied).resolveCredentials())
        .isInstanceOf(SourceException.AccessDenied.class);

    assertThat(refreshes("assume_role", "ok")).isEqualTo(1);
    assertThat(refreshes("assume_role", "error")).isEqualTo(1);
    assertThat(refreshes("web_identity", "ok")).isEqualTo(1);
    assertThat(refreshes("web_identity", "error")).isZero();
  }

  @Test
  void plainAccessKeysFromASecretAreUsedAsTheyAreWithoutSts() {
    AwsCredentials basic = cache.forIdentity(keys("7", "AKIATENANT", null)).resolveCredentials();
    AwsCredentials session = cache.forIdentity(keys("7", "ASIATENANT", "token-1")).resolveCredentials();

    assertThat(basic.accessKeyId()).isEqualTo("AKIATENANT");
    assertThat(basic.secretAccessKey()).isEqualTo("secret-AKIATENANT");
    assertThat(basic).isNotInstanceOf(AwsSessionCredentials.class);
    assertThat(session).isInstanceOfSatisfying(AwsSessionCredentials.class,
        c -> assertThat(c.sessionToken()).isEqualTo("token-1"));
    assertThat(sts.assumeRoles).isEmpty();
  }

  @Test
  void aRoleFromAccessKeysIsAssumedSignedWithThoseKeys() {
    Identity.AssumedRole role = new Identity.AssumedRole(ROLE_ARN, "ext-42", "kaso-shop.db", Map.of(),
        keys("7", "AKIATENANT", null));

    AwsCredentials c = cache.forIdentity(role).resolveCredentials();

    assertThat(c.accessKeyId()).isEqualTo(FakeStsClient.accessKeyId(1));
    AssumeRoleRequest request = sts.assumeRoles.get(0);
    assertThat(request.roleArn()).isEqualTo(ROLE_ARN);
    assertThat(request.externalId()).isEqualTo("ext-42");
    AwsCredentialsIdentity signer = request.overrideConfiguration().orElseThrow().credentialsIdentityProvider()
        .orElseThrow().resolveIdentity().join();
    assertThat(signer.accessKeyId()).isEqualTo("AKIATENANT");
    assertThat(signer.secretAccessKey()).isEqualTo("secret-AKIATENANT");
  }

  @Test
  void aNewVersionOfTheKeysSecretAssumesAgainAndDropsTheOldSession() {
    cache.forIdentity(new Identity.AssumedRole(ROLE_ARN, null, "s", Map.of(), keys("7", "AKIAOLD", null)))
        .resolveCredentials();
    cache.forIdentity(new Identity.AssumedRole(ROLE_ARN, null, "s", Map.of(), keys("7", "AKIAOLD", null)))
        .resolveCredentials();
    assertThat(sts.assumeRoles).hasSize(1);
    assertThat(cache.liveIdentities()).isEqualTo(1);

    cache.forIdentity(new Identity.AssumedRole(ROLE_ARN, null, "s", Map.of(), keys("8", "AKIANEW", null)))
        .resolveCredentials();

    assertThat(sts.assumeRoles).hasSize(2);
    assertThat(cache.liveIdentities()).as("the session of version 7 is dropped").isEqualTo(1);
  }

  @Test
  void theOperatorIdentityUsesTheProviderItWasGiven() {
    assertThat(cache.forIdentity(Identity.operator())).isSameAs(operatorCredentials);
    assertThat(sts.assumeRoles).isEmpty();
  }

  private static Identity.SecretKeys keys(String resourceVersion, String accessKeyId, String sessionToken) {
    return new Identity.SecretKeys(new Identity.SecretVersion("shop", "aws-keys", "uid-1", resourceVersion),
        new AccessKeys(accessKeyId, "secret-" + accessKeyId, sessionToken));
  }

  private double refreshes(String method, String outcome) {
    var counter = Search.in(registry).name("kaso_credentials_refresh_total").tag("method", method)
        .tag("outcome", outcome).counter();
    return counter == null ? 0 : counter.count();
  }

  private static StsException stsError(int status, String code, String message) {
    return (StsException) StsException.builder()
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .statusCode(status).build();
  }

  /** Issues numbered tokens and records for whom; can fail the next request. */
  private static final class RecordingTokens implements ServiceAccountTokens {
    final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile RuntimeException nextFailure;

    void failNextWith(RuntimeException failure) {
      nextFailure = failure;
    }

    String issued(int n) {
      return "sa-token-" + n;
    }

    @Override
    public String token(String namespace, String serviceAccount) {
      RuntimeException failure = nextFailure;
      if (failure != null) {
        nextFailure = null;
        throw failure;
      }
      requests.add(namespace + "/" + serviceAccount);
      return issued(requests.size());
    }
  }
}
