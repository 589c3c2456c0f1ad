package io.kaso.operator.api.v1alpha1;

/** The format of a KMS ciphertext in the manifest. */
public enum CiphertextFormat {
  /** A KMS CiphertextBlob (aws kms encrypt), decrypted with KMS Decrypt; at most 4 KB of plaintext. */
  Raw,
  /** A message of the AWS Encryption SDK (envelope encryption, any size). */
  EncryptionSdk
}
