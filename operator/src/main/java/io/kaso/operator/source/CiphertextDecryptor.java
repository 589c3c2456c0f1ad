package io.kaso.operator.source;

import java.util.Map;

/** Decrypts client-side encrypted values with AWS KMS. */
public interface CiphertextDecryptor {

  /**
   * KMS Decrypt of a CiphertextBlob.
   *
   * @param keyId key id, ARN or alias the blob must have been encrypted under, or null to let KMS find it
   * @param encryptionContext the context the blob was encrypted with (empty for none)
   * @throws SourceException.InvalidCiphertext when KMS refuses (wrong key, wrong context, corrupt blob)
   */
  byte[] decrypt(Scope scope, byte[] ciphertextBlob, String keyId, Map<String, String> encryptionContext);

  /**
   * Decrypts an AWS Encryption SDK message with a keyring limited to one KMS key.
   *
   * @param keyArn the KMS key ARN the message's data key must be encrypted under
   * @param requiredContext pairs that must be in the message's encryption context
   * @throws SourceException.InvalidCiphertext when the message cannot be decrypted or its context does not match
   */
  byte[] decryptMessage(Scope scope, byte[] message, String keyArn, Map<String, String> requiredContext);
}
