/**
 * The port to AWS: what the reconcilers ask for (parameters, paths, secrets, ciphertexts, as an identity in a
 * region) and the typed failures they get back. Only java.*; the adapters live in {@code source.aws}.
 */
package io.kaso.operator.source;
