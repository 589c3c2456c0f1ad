/**
 * The JOSDK reconcilers of ExternalParameter and ExternalSecret, and what they need of Kubernetes: the target Secret
 * writer, namespace policy and identity lookups, status and event reporting. Uses {@code core} for every decision
 * and the {@code source} port for AWS; never {@code source.aws}.
 */
package io.kaso.operator.reconciler;
