package io.kaso.operator.source.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import io.kaso.operator.source.Identity;
import io.kaso.operator.source.RateBudgets;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SecretSelector;
import io.kaso.operator.source.SecretValue;
import io.kaso.operator.source.SourceException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.APIErrorType;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.SecretValueEntry;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * The Secrets Manager and KMS adapters with small in-memory fakes of the SDK client interfaces, for the failures moto
 * cannot produce (TESTING.md): AccessDenied on one secret of a batch, and KMS refusing to decrypt.
 */
class SecretsManagerFakeClientTest {
  private static final Scope OPERATOR = new Scope(Identity.operator(), "us-east-1");
  private final ScheduledExecutorService batchTimer = Executors.newSingleThreadScheduledExecutor();
  private final ExecutorService batchCalls = Executors.newFixedThreadPool(2);
  private final ExecutorService callers = Executors.newFixedThreadPool(2);
  private final FakeSecretsManager secretsManager = new FakeSecretsManager();
  private final FakeKms kms = new FakeKms();

  @AfterEach
  void stop() {
    batchTimer.shutdownNow();
    batchCalls.shutdownNow();
    callers.shutdownNow();
  }

  // --- Secrets Manager ---

  @Test
  void accessDeniedOnOneSecretOfABatchFailsOnlyTheCallerThatAskedForIt() throws Exception {
    secretsManager.put("prod/billing/db", "billing's");
    secretsManager.deny("prod/billing/db");
    List<SecretSelector> shop = new ArrayList<>();
    for (int i = 1; i <= 19; i++) {
      secretsManager.put("prod/shop/s" + i, "value-" + i);
      shop.add(SecretSelector.current("prod/shop/s" + i));
    }
    // 1 + 19 ids fill a batch of 20, which goes out at once: both callers share it whatever the threads' timing
    // (the window is long so that only a full batch can send it).
    SecretsManagerStore store = secretsStore(Duration.ofMinutes(1));

    CompletableFuture<Map<SecretSelector, SecretValue>> billing = CompletableFuture.supplyAsync(() ->
        store.byId(OPERATOR, List.of(SecretSelector.current("prod/billing/db"))), callers);
    CompletableFuture<Map<SecretSelector, SecretValue>> others = CompletableFuture.supplyAsync(() ->
        store.byId(OPERATOR, shop), callers);

    Map<SecretSelector, SecretValue> got = others.get(30, TimeUnit.SECONDS);
    assertThat(got).hasSize(19);
    got.forEach((s, v) -> assertThat(v.string()).isEqualTo("value-" + s.secretId().substring("prod/shop/s".length())));
    assertThatThrownBy(() -> billing.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(SourceException.AccessDenied.class)
        .hasMessageContaining("prod/billing/db").hasMessageContaining("AccessDeniedException")
        .hasMessageNotContaining("prod/shop/");
    assertThat(secretsManager.batches()).singleElement()
        .satisfies(ids -> assertThat(ids).hasSize(20).contains("prod/billing/db", "prod/shop/s1", "prod/shop/s19"));
  }

  @Test
  void aCallerWithADeniedAndAMissingSecretGetsAccessDeniedNamingBoth() {
    secretsManager.put("prod/shop/readable", "ok");
    secretsManager.put("prod/shop/denied", "no");
    secretsManager.deny("prod/shop/denied");
    SecretsManagerStore store = secretsStore(Duration.ofMillis(20));

    assertThatThrownBy(() -> store.byId(OPERATOR, List.of(SecretSelector.current("prod/shop/readable"),
        SecretSelector.current("prod/shop/missing"), SecretSelector.current("prod/shop/denied"))))
        .isInstanceOf(SourceException.AccessDenied.class)
        .hasMessageContaining("prod/shop/denied").hasMessageContaining("prod/shop/missing")
        .hasMessageNotContaining("prod/shop/readable");
  }

  @Test
  void anErrorCodeKasoDoesNotKnowIsRetriedNeverTakenForASpecError() {
    secretsManager.put("prod/shop/odd", "x");
    secretsManager.failEntryWith("prod/shop/odd", "SomethingNewException");
    SecretsManagerStore store = secretsStore(Duration.ofMillis(20));

    assertThatThrownBy(() -> store.byId(OPERATOR, List.of(SecretSelector.current("prod/shop/odd"))))
        .isInstanceOf(SourceException.Unexpected.class).hasMessageContaining("SomethingNewException")
        .hasMessageContaining("prod/shop/odd");
  }

  @Test
  void aDenialIsNotCachedSoTheSecretIsReadOnceThePolicyAllowsIt() {
    secretsManager.put("prod/shop/db", "s3cr3t");
    secretsManager.deny("prod/shop/db");
    SecretsManagerStore store = secretsStore(Duration.ofMillis(20));
    SecretSelector db = SecretSelector.current("prod/shop/db");

    assertThatThrownBy(() -> store.byId(OPERATOR, List.of(db))).isInstanceOf(SourceException.AccessDenied.class);
    secretsManager.allow("prod/shop/db");

    assertThat(store.byId(OPERATOR, List.of(db)).get(db).string()).isEqualTo("s3cr3t");
    assertThat(secretsManager.batches()).hasSize(2);
  }

  // --- KMS ---

  @Test
  void anIncorrectKeyRefusalIsInvalidCiphertext() {
    byte[] blob = kms.encrypt("token".getBytes(StandardCharsets.UTF_8));
    kms.refuseDecryptWith(IncorrectKeyException.builder().statusCode(400).awsErrorDetails(details(
        "IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation."))
        .build());

    assertThatThrownBy(() -> decryptor().decrypt(OPERATOR, blob, "alias/other", Map.of()))
        .isInstanceOf(SourceException.InvalidCiphertext.class)
        .hasMessageContaining("IncorrectKeyException").hasMessageContaining("alias/other");
  }

  @Test
  void aCiphertextKmsDoesNotRecogniseIsInvalidCiphertext() {
    byte[] foreign = "not a blob this KMS ever wrote".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> decryptor().decrypt(OPERATOR, foreign, null, Map.of()))
        .isInstanceOf(SourceException.InvalidCiphertext.class).hasMessageContaining("InvalidCiphertextException");
  }

  @Test
  void aKeyPolicyRefusalIsAccessDenied() {
    byte[] blob = kms.encrypt("token".getBytes(StandardCharsets.UTF_8));
    kms.refuseDecryptWith(accessDenied());

    assertThatThrownBy(() -> decryptor().decrypt(OPERATOR, blob, null, Map.of()))
        .isInstanceOf(SourceException.AccessDenied.class).hasMessageContaining("AccessDeniedException");
  }

  @Test
  void aRefusalIsNotCachedSoTheValueIsDecryptedOnceTheKeyPolicyAllowsIt() {
    byte[] blob = kms.encrypt("token".getBytes(StandardCharsets.UTF_8));
    KmsCiphertextDecryptor decryptor = decryptor();
    kms.refuseDecryptWith(accessDenied());
    assertThatThrownBy(() -> decryptor.decrypt(OPERATOR, blob, null, Map.of()))
        .isInstanceOf(SourceException.AccessDenied.class);

    kms.refuseDecryptWith(null);

    assertThat(decryptor.decrypt(OPERATOR, blob, null, Map.of())).isEqualTo("token".getBytes(StandardCharsets.UTF_8));
    assertThat(kms.decrypts()).isEqualTo(2);
  }

  @Test
  void aKeyPolicyRefusalWhileOpeningAnEncryptionSdkMessageIsAccessDenied() {
    byte[] plaintext = "payload".getBytes(StandardCharsets.UTF_8);
    byte[] message = encryptMessage(plaintext, Map.of("app", "shop"));
    KmsCiphertextDecryptor decryptor = decryptor();
    // The fake is an honest KMS: the message opens while the key policy allows it.
    assertThat(decryptor.decryptMessage(OPERATOR, message, FakeKms.KEY_ARN, Map.of("app", "shop"))).isEqualTo(plaintext);

    kms.refuseDecryptWith(accessDenied());
    byte[] other = encryptMessage(plaintext, Map.of("app", "shop"));

    assertThatThrownBy(() -> decryptor.decryptMessage(OPERATOR, other, FakeKms.KEY_ARN, Map.of("app", "shop")))
        .isInstanceOf(SourceException.AccessDenied.class).hasMessageContaining("AccessDeniedException");
  }

  @Test
  void anIncorrectKeyRefusalWhileOpeningAnEncryptionSdkMessageIsInvalidCiphertext() {
    byte[] message = encryptMessage("payload".getBytes(StandardCharsets.UTF_8), Map.of("app", "shop"));
    kms.refuseDecryptWith(IncorrectKeyException.builder().statusCode(400).awsErrorDetails(details(
        "IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation."))
        .build());

    assertThatThrownBy(() -> decryptor().decryptMessage(OPERATOR, message, FakeKms.KEY_ARN, Map.of("app", "shop")))
        .isInstanceOf(SourceException.InvalidCiphertext.class).hasMessageContaining(FakeKms.KEY_ARN);
  }

  // --- wiring, as io.kaso.operator.AwsSources does it ---

  private static AwsCalls calls() {
    return new AwsCalls(new RateBudget(RateBudgets.DEFAULTS, new SimpleMeterRegistry()),
        scope -> StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")));
  }

  private static SourceCache cache() {
    return new SourceCache(Duration.ofSeconds(10), System::nanoTime, new SimpleMeterRegistry());
  }

  private SecretsManagerStore secretsStore(Duration batchWindow) {
    return new SecretsManagerStore(scope -> secretsManager, calls(), cache(), batchWindow, batchTimer, batchCalls);
  }

  private KmsCiphertextDecryptor decryptor() {
    return new KmsCiphertextDecryptor(scope -> kms, calls(), cache());
  }

  private byte[] encryptMessage(byte[] plaintext, Map<String, String> context) {
    AwsCrypto crypto = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
    IKeyring keyring = MaterialProviders.builder().MaterialProvidersConfig(MaterialProvidersConfig.builder().build())
        .build().CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder().kmsKeyId(FakeKms.KEY_ARN).kmsClient(kms)
            .build());
    return crypto.encryptData(keyring, plaintext, context).getResult();
  }

  private static AwsErrorDetails details(String code, String message) {
    return AwsErrorDetails.builder().errorCode(code).errorMessage(message).serviceName("KMS").build();
  }

  /** KMS has no modelled AccessDeniedException: the SDK throws a plain KmsException carrying the code. */
  private static KmsException accessDenied() {
    return (KmsException) KmsException.builder().statusCode(400).awsErrorDetails(details("AccessDeniedException",
        "User: arn:aws:sts::123456789012:assumed-role/kaso/i-0abc is not authorized to perform: kms:Decrypt on "
            + "resource: " + FakeKms.KEY_ARN + " because no resource-based policy allows the kms:Decrypt action"))
        .build();
  }

  /**
   * Secrets Manager in memory: secrets by name, and a set of names this identity is denied. BatchGetSecretValue
   * answers per id, as AWS does: a value, or an entry in Errors (AccessDeniedException, ResourceNotFoundException).
   */
  private static final class FakeSecretsManager implements SecretsManagerClient {
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private final Map<String, String> entryErrors = new ConcurrentHashMap<>();
    private final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());

    void put(String name, String value) {
      values.put(name, value);
    }

    void deny(String name) {
      denied.add(name);
    }

    void allow(String name) {
      denied.remove(name);
    }

    /** The id comes back as an entry of Errors with this code. */
    void failEntryWith(String name, String code) {
      entryErrors.put(name, code);
    }

    List<List<String>> batches() {
      return List.copyOf(batches);
    }

    @Override
    public BatchGetSecretValueResponse batchGetSecretValue(BatchGetSecretValueRequest request) {
      List<String> ids = request.secretIdList();
      batches.add(List.copyOf(ids));
      List<SecretValueEntry> found = new ArrayList<>();
      List<APIErrorType> errors = new ArrayList<>();
      for (String id : ids) {
        if (entryErrors.containsKey(id)) {
          errors.add(APIErrorType.builder().secretId(id).errorCode(entryErrors.get(id))
              .message("an error this operator does not know").build());
        } else if (denied.contains(id)) {
          errors.add(APIErrorType.builder().secretId(id).errorCode("AccessDeniedException").message("User: "
              + "arn:aws:sts::123456789012:assumed-role/kaso/i-0abc is not authorized to perform: "
              + "secretsmanager:GetSecretValue on resource: " + id + " because no resource-based policy allows the "
              + "secretsmanager:GetSecretValue action").build());
        } else if (values.containsKey(id)) {
          found.add(SecretValueEntry.builder().name(id).arn(arn(id)).versionId("v-" + id.hashCode())
              .versionStages("AWSCURRENT").secretString(values.get(id)).build());
        } else {
          errors.add(APIErrorType.builder().secretId(id).errorCode("ResourceNotFoundException")
              .message("Secrets Manager can't find the specified secret.").build());
        }
      }
      return BatchGetSecretValueResponse.builder().secretValues(found).errors(errors).build();
    }

    private static String arn(String name) {
      return "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-AbCdEf";
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }

  /**
   * KMS in memory with one key: a ciphertext blob is an opaque handle to the plaintext it was made from, so only
   * blobs this KMS wrote decrypt (others are InvalidCiphertextException). {@link #refuseDecryptWith} makes Decrypt
   * refuse, as a key policy or a wrong key would.
   */
  private static final class FakeKms implements KmsClient {
    static final String KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> plaintexts = new ConcurrentHashMap<>();
    private final AtomicInteger decrypts = new AtomicInteger();
    private volatile KmsException refusal;

    byte[] encrypt(byte[] plaintext) {
      byte[] blob = new byte[48];
      random.nextBytes(blob);
      plaintexts.put(Base64.getEncoder().encodeToString(blob), plaintext.clone());
      return blob;
    }

    void refuseDecryptWith(KmsException e) {
      refusal = e;
    }

    int decrypts() {
      return decrypts.get();
    }

    @Override
    public GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
      int length = request.numberOfBytes() != null ? request.numberOfBytes()
          : request.keySpec() == DataKeySpec.AES_128 ? 16 : 32;
      byte[] dataKey = new byte[length];
      random.nextBytes(dataKey);
      return GenerateDataKeyResponse.builder().keyId(KEY_ARN).plaintext(SdkBytes.fromByteArray(dataKey))
          .ciphertextBlob(SdkBytes.fromByteArray(encrypt(dataKey))).build();
    }

    @Override
    public DecryptResponse decrypt(DecryptRequest request) {
      decrypts.incrementAndGet();
      KmsException refused = refusal;
      if (refused != null) {
        throw refused;
      }
      byte[] plaintext = plaintexts.get(Base64.getEncoder().encodeToString(request.ciphertextBlob().asByteArray()));
      if (plaintext == null) {
        throw InvalidCiphertextException.builder().statusCode(400).awsErrorDetails(details(
            "InvalidCiphertextException", null)).build();
      }
      return DecryptResponse.builder().keyId(KEY_ARN).plaintext(SdkBytes.fromByteArray(plaintext)).build();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }
}
