/**
 * The AWS adapters behind the source port: Parameter Store, Secrets Manager, KMS, STS credentials, and what makes
 * them cheap at scale: client and credential reuse per identity, coalescing and a short TTL cache, batching of
 * names across resources, rate budgets below the AWS quotas, adaptive retry, and error translation. AWS SDK only;
 * no Kubernetes here.
 */
package io.kaso.operator.source.aws;
