package io.kaso.operator.source.aws;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoResult;
import io.kaso.operator.source.CiphertextDecryptor;
import io.kaso.operator.source.Scope;
import io.kaso.operator.source.SourceException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CollectionOfErrors;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * KMS behind the port: Decrypt of CiphertextBlobs, and AWS Encryption SDK messages through the official library with
 * a keyring limited to one key. Results are cached for the TTL like any other read (the same ciphertext is
 * decrypted once per TTL, whoever asks).
 */
public final class KmsCiphertextDecryptor implements CiphertextDecryptor {
  record BlobKey(Scope scope, String digest, String keyId, Map<String, String> context, boolean message) {}

  private final Function<Scope, KmsClient> clients;
  private final AwsCalls calls;
  private final SourceCache cache;
  private final AwsCrypto crypto = AwsCrypto.builder()
      .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
  private final MaterialProviders materials = MaterialProviders.builder()
      .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();

  public KmsCiphertextDecryptor(Function<Scope, KmsClient> clients, AwsCalls calls, SourceCache cache) {
    this.clients = clients;
    this.calls = calls;
    this.cache = cache;
  }

  @Override
  public byte[] decrypt(Scope scope, byte[] ciphertextBlob, String keyId, Map<String, String> encryptionContext) {
    BlobKey key = new BlobKey(scope, digest(ciphertextBlob), keyId, Map.copyOf(encryptionContext), false);
    byte[] plain = cache.get(key, () -> {
      DecryptResponse r = calls.call(scope, RateBudget.Family.KMS, "decrypting with KMS" + (keyId == null ? ""
          : " key " + keyId), () -> clients.apply(scope).decrypt(b -> b.ciphertextBlob(SdkBytes.fromByteArray(
              ciphertextBlob)).keyId(keyId).encryptionContext(encryptionContext.isEmpty() ? null : encryptionContext)));
      return r.plaintext().asByteArray();
    });
    return plain.clone();
  }

  @Override
  public byte[] decryptMessage(Scope scope, byte[] message, String keyArn, Map<String, String> requiredContext) {
    BlobKey key = new BlobKey(scope, digest(message), keyArn, Map.copyOf(requiredContext), true);
    byte[] plain = cache.get(key, () -> calls.call(scope, RateBudget.Family.KMS,
        "decrypting an Encryption SDK message with key " + keyArn, () -> openMessage(scope, message, keyArn,
            requiredContext)));
    return plain.clone();
  }

  private byte[] openMessage(Scope scope, byte[] message, String keyArn, Map<String, String> requiredContext) {
    IKeyring keyring = materials.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder().kmsKeyId(keyArn)
        .kmsClient(clients.apply(scope)).build());
    try {
      CryptoResult<byte[], ?> result = crypto.decryptData(keyring, message, requiredContext);
      return result.getResult();
    } catch (SdkException e) {
      throw e;
    } catch (RuntimeException e) {
      // KMS errors come back inside the material providers' own exceptions; anything else is the message itself.
      SdkException sdk = sdkCause(e);
      if (sdk != null) {
        throw sdk;
      }
      throw new SourceException.InvalidCiphertext("the Encryption SDK message cannot be decrypted with key " + keyArn
          + (requiredContext.isEmpty() ? "" : " and encryption context " + requiredContext.keySet()) + ": "
          + AwsFailures.scrub(String.valueOf(e.getMessage())), e);
    }
  }

  /**
   * The SDK exception behind a keyring failure: the material providers library collects the KMS errors of its
   * attempts in a CollectionOfErrors list rather than as causes.
   */
  static SdkException sdkCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SdkException sdk) {
        return sdk;
      }
      if (t instanceof CollectionOfErrors errors && errors.list() != null) {
        for (RuntimeException inner : errors.list()) {
          SdkException sdk = sdkCause(inner);
          if (sdk != null) {
            return sdk;
          }
        }
      }
    }
    return null;
  }

  private static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
