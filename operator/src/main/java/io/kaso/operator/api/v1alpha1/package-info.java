/**
 * The Kaso API, group {@code kaso.io}, version {@code v1alpha1}: the custom resources
 * {@link io.kaso.operator.api.v1alpha1.ExternalParameter} and {@link io.kaso.operator.api.v1alpha1.ExternalSecret},
 * their spec and status types, and the constant words of the API (labels, annotations, reasons).
 *
 * <p>Field documentation lives in {@code @JsonPropertyDescription}: the CRD generator copies it into the
 * CRD schema, so {@code kubectl explain externalparameter.spec.paths} shows the same text as this code.
 */
package io.kaso.operator.api.v1alpha1;
